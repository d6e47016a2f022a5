import { createHash } from 'node:crypto'
import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { ReadOptions } from '../../../shared/read-options'
import type { DatasetOrigin } from '../../../shared/views'
import type { LoadedDataset } from '../../data/dataset'
import { prepareDataset } from '../../data/dataset'
import { EXAMPLES, GENERATED_EXAMPLES } from '../../data/examples'
import { loadDatasetFromPath, loadExample, loadIdxSelection, type ProgressCallback } from '../../data/node-io'
import { idxRoleOf } from '../../data/mnist-files'
import type { PrepareOptions } from '../../data/prepare-options'
import type { PreparedDataset } from '../../data/prepared'
import { summarizeDataset, type DatasetSummary } from '../../data/summary'
import { DatasetError } from '../../data/errors'
import type { Fingerprint } from './worker-protocol'

/** The dataset worker's tasks as plain async functions (the worker only adds the messaging). */

export interface LoadResult {
  loaded: LoadedDataset
  prepared: PreparedDataset
  summary: DatasetSummary
  fingerprint: Fingerprint
}

/**
 * Reads what the user picked — one CSV or IDX file (its IDX partner is found by name), an IDX images file and
 * its labels file, a folder of IDX files — or a built-in example; then prepares and summarises it.
 */
export async function loadTask(origin: DatasetOrigin, resourcesDir: string, options: PrepareOptions, onProgress?: ProgressCallback): Promise<LoadResult> {
  const loaded = origin.kind === 'example' ? await loadExample(origin.name, { resourcesDir, seed: 1 }, onProgress) : await loadPaths(origin.paths, origin.read ?? {}, onProgress)
  const { prepared, summary } = prepareTask(loaded, options)
  const bytes = origin.kind === 'example' ? await exampleBytes(origin.name, resourcesDir) : await diskBytes(origin.paths)
  return { loaded, prepared, summary, fingerprint: { bytes, sha256: contentHash(loaded) } }
}

/** Prepares with the user's choices and summarises with the same column types, target, roles and task. */
export function prepareTask(loaded: LoadedDataset, options: PrepareOptions): { prepared: PreparedDataset; summary: DatasetSummary } {
  const prepared = prepareDataset(loaded, options)
  const summary = summarizeDataset(loaded, { target: options.target, roles: options.roles, types: options.types, task: prepared.task })
  return { prepared, summary }
}

async function loadPaths(paths: string[], read: ReadOptions, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  if (paths.length === 1) return loadDatasetFromPath(paths[0], read, onProgress)
  // Standard names (train-images-idx3-ubyte …): paired by name, the four files giving training and test sets.
  if (paths.length <= 4 && paths.every((p) => idxRoleOf(basename(p)) !== null)) return loadIdxSelection(paths, {}, onProgress)
  if (paths.length === 2) {
    // An images file and its labels file, in either order: the labels file is the one whose IDX type is 1-D.
    const [a, b] = paths
    try {
      return await loadDatasetFromPath(a, { labels: b }, onProgress)
    } catch (first) {
      try {
        return await loadDatasetFromPath(b, { labels: a }, onProgress)
      } catch {
        throw first
      }
    }
  }
  throw new DatasetError(`pick one file, an IDX images file with its labels file, the four MNIST files, or a folder (${paths.length} files were picked)`, {})
}

async function diskBytes(paths: string[]): Promise<number> {
  let total = 0
  for (const p of paths) {
    const s = await stat(p)
    if (s.isFile()) total += s.size
    else if (s.isDirectory()) {
      for (const name of await readdir(p)) {
        const f = await stat(join(p, name)).catch(() => null)
        if (f?.isFile()) total += f.size
      }
    }
  }
  return total
}

async function exampleBytes(name: keyof typeof EXAMPLES, resourcesDir: string): Promise<number> {
  if ((GENERATED_EXAMPLES as readonly string[]).includes(name)) return 0
  const file = EXAMPLES[name].file
  return file ? (await stat(join(resourcesDir, 'examples', file)).catch(() => null))?.size ?? 0 : 0
}

/** sha256 of the parsed values: column names and values, or image sizes, pixels and labels. */
export function contentHash(ds: LoadedDataset): string {
  const h = createHash('sha256')
  const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
  if (ds.kind === 'tabular') {
    for (const c of ds.table.columns) {
      h.update(`${c.kind}:${c.name}\n`)
      if (c.kind === 'numeric') h.update(bytes(c.values))
      else {
        h.update(JSON.stringify(c.categories))
        h.update(bytes(c.codes))
      }
    }
  } else {
    for (const set of [ds.train, ds.test]) {
      if (!set) continue
      h.update(`${set.count}x${set.width}x${set.height}\n`)
      h.update(bytes(set.pixels))
      h.update(bytes(set.labels))
    }
  }
  return h.digest('hex')
}
