import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadDatasetFromPath, loadExample, type LoadOptions, type ProgressCallback } from '../data/node-io'
import { EXAMPLE_NAMES, isExampleName } from '../data/examples'
import type { LoadedDataset } from '../data/dataset'
import { UsageError } from './args'

/**
 * The app's resources folder (built-in examples): beside the repository root when running from source
 * (src/main/cli/…) or from the build (out/main/…).
 */
export function resourcesDir(): string {
  for (const rel of ['../../../resources', '../../resources']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(`${dir}/examples`)) return dir
  }
  throw new Error('cannot find the resources folder with the built-in examples')
}

/** Loads `--data`: a file, a folder of IDX files, or `example:<name>`; `file` holds the reading flags (file-flags.ts). */
export async function loadDataArg(spec: string, seed: number, onProgress?: ProgressCallback, file: LoadOptions = {}): Promise<LoadedDataset> {
  if (spec.startsWith('example:')) {
    if (file.labels) throw new UsageError('--labels goes with an IDX images file, not with a built-in example')
    if (Object.keys(file).length) throw new UsageError('the reading flags (--encoding, --skip-rows, --delimiter, --header, --decimal, --sheet) go with a file, not with a built-in example')
    const name = spec.slice('example:'.length)
    if (!isExampleName(name)) throw new UsageError(`unknown example "${name}"; valid: ${EXAMPLE_NAMES.join(', ')}`)
    return loadExample(name, { resourcesDir: resourcesDir(), seed }, onProgress)
  }
  return loadDatasetFromPath(spec, file, onProgress)
}
