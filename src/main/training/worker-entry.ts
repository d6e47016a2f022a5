/**
 * Where the training worker's code is: the built bundle's `training-worker.js` beside the main bundle, or the
 * TypeScript source when running from source under tsx (`npm run cli`), whose loader worker threads inherit.
 */
export function trainingWorkerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('./worker.ts', import.meta.url) : new URL('./training-worker.js', import.meta.url)
}
