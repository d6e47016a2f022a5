/**
 * Where the dataset worker's code is: the built bundle's `dataset-worker.js` beside the main bundle, or the
 * TypeScript source when running from source (spawnWorker then loads it through tsx).
 */
export function datasetWorkerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker.ts', import.meta.url) : new URL('./dataset-worker.js', import.meta.url)
}
