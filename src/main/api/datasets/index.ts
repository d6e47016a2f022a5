import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { checkModelConfig } from '../../../shared/pairings'
import { readChoices, type ReadOptions } from '../../../shared/read-options'
import type { DatasetOrigin, DatasetView } from '../../../shared/views'
import type { PrepareOptions } from '../../data/prepare-options'
import { checkedEntriesFor } from '../../training/config-gradcheck'
import type { HandlerTable } from '../commands'
import type { AppEnvironment, FileFilter } from '../context'
import { createDatasetStore, type DatasetStore } from './registry'
import * as s from './schemas'
import { runDatasetTask } from './worker-client'

export type DatasetChannels =
  | 'dataset:open-dialog'
  | 'dataset:open-dropped'
  | 'dataset:open-example'
  | 'dataset:prepare'
  | 'dataset:reopen'
  | 'dataset:list'
  | 'dataset:close'
  | 'gradcheck:run'

const DATA_FILTERS: FileFilter[] = [
  { name: 'Data files (CSV, Excel, Parquet)', extensions: ['csv', 'tsv', 'txt', 'dat', 'gz', 'xlsx', 'parquet'] },
  { name: 'CSV and text files', extensions: ['csv', 'tsv', 'txt', 'dat', 'gz'] },
  { name: 'Excel workbooks', extensions: ['xlsx'] },
  { name: 'Parquet files', extensions: ['parquet'] },
  { name: 'All files', extensions: ['*'] },
]
const IDX_FILTERS: FileFilter[] = [
  { name: 'MNIST IDX files', extensions: ['idx1-ubyte', 'idx3-ubyte', 'gz', 'idx'] },
  { name: 'All files', extensions: ['*'] },
]

/**
 * Datasets: open (dialog, dropped file, built-in example), re-prepare with the user's choices, list, close; and
 * the gradient check on a dataset's first training rows. Reading, parsing, preparing and checking run in a
 * dataset worker thread; the renderer gets summaries, never rows.
 */
/** The origin with each file's size and modification time: equal keys mean the same bytes, read the same way. */
async function sourceKey(origin: DatasetOrigin): Promise<string> {
  if (origin.kind === 'example') return JSON.stringify(origin)
  const stamps = await Promise.all(
    origin.paths.map(async (p) => {
      try {
        const st = await stat(p)
        return [p, st.size, st.mtimeMs]
      } catch {
        return [p, null, null]
      }
    }),
  )
  return JSON.stringify({ ...origin, stamps })
}

export function createDatasetFeature(env: AppEnvironment): { handlers: HandlerTable<DatasetChannels>; store: DatasetStore } {
  const store = createDatasetStore()
  /** What each loaded dataset was read from (origin and the files' size and time), to reuse an identical load. */
  const sources = new Map<string, string>()

  const load = async (name: string, origin: DatasetOrigin, reuseId?: string): Promise<DatasetView> => {
    const source = await sourceKey(origin)
    if (!reuseId) {
      // The same file(s), unchanged and read the same way: the dataset already loaded, not a second copy.
      const same = [...sources].find(([id, key]) => key === source && store.list().some((e) => e.view.id === id))
      if (same) return store.get(same[0]).view
    }
    const id = reuseId ?? store.nextId()
    const options: PrepareOptions = {}
    env.emit('dataset:progress', { loadId: id, name, fraction: 0, bytesRead: 0, rows: 0 })
    const r = await runDatasetTask(env.datasetWorker, { type: 'load', origin, resourcesDir: env.resourcesDir, options }, 'loaded', (p) =>
      env.emit('dataset:progress', { loadId: id, name, fraction: p.totalBytes ? Math.min(1, p.bytesRead / p.totalBytes) : null, bytesRead: p.bytesRead, rows: 0 }),
    )
    env.emit('dataset:progress', { loadId: id, name, fraction: 1, bytesRead: r.fingerprint.bytes, rows: r.summary.rows })
    const parts = { name, origin, loaded: r.loaded, prepared: r.prepared, summary: r.summary, options, fingerprint: r.fingerprint }
    sources.set(id, source)
    return store.add(id, parts).view // an existing id (reopen) is replaced, its old splits retired
  }

  const openPaths = (paths: string[], read?: ReadOptions): Promise<DatasetView> => {
    const choices = readChoices(read)
    return load(paths.map((p) => basename(p)).join(' + '), { kind: 'file', paths, ...(Object.keys(choices).length ? { read: choices } : {}) })
  }

  const handlers: HandlerTable<DatasetChannels> = {
    'dataset:open-dialog': {
      schema: s.openDialogArgs,
      run: async (kind, read) => {
        const paths = await env.dialogs.openFiles(
          kind === 'csv'
            ? { title: 'Open a data file (CSV, Excel or Parquet)', filters: DATA_FILTERS }
            : kind === 'mnist'
              ? { title: 'Open MNIST IDX files (an images file, images and labels, or all four)', filters: IDX_FILTERS, multiple: true }
              : { title: 'Open a folder of MNIST IDX files', filters: [], folders: true },
        )
        if (!paths || paths.length === 0) return null
        return openPaths(paths, read)
      },
    },
    'dataset:open-dropped': { schema: s.openDroppedArgs, run: (path, read) => openPaths([path], read) },
    'dataset:reopen': {
      schema: s.reopenArgs,
      run: (id, read) => {
        const entry = store.get(id)
        const { origin, name } = entry.view
        if (origin.kind !== 'file') throw new Error(`${name} is a built-in example; it has no reading choices`)
        const choices = readChoices(read)
        return load(name, { kind: 'file', paths: origin.paths, ...(Object.keys(choices).length ? { read: choices } : {}) }, id)
      },
    },
    'dataset:open-example': { schema: s.openExampleArgs, run: (name) => load(name, { kind: 'example', name }) },
    'dataset:prepare': {
      schema: s.prepareArgs,
      run: async (id, options) => {
        const entry = store.get(id)
        const r = await runDatasetTask(env.datasetWorker, { type: 'prepare', loaded: entry.loaded, options }, 'prepared')
        return store.update(id, { prepared: r.prepared, summary: r.summary, options }).view
      },
    },
    'dataset:list': { schema: s.noArgs, run: () => store.list().map((e) => e.view) },
    'dataset:close': {
      schema: s.idArgs,
      run: (id) => {
        sources.delete(id)
        return store.remove(id) // its splits are retired: the run manager drops its shared copies
      },
    },
    'gradcheck:run': {
      schema: s.gradcheckArgs,
      run: async ({ datasetId, config, rows }) => {
        const problems = checkModelConfig(config.model)
        if (problems.length) throw new Error(`The model cannot be checked: ${problems.join('; ')}`)
        const { prepared } = store.get(datasetId)
        const n = Math.min(rows ?? 8, prepared.train.rows)
        const task = {
          type: 'gradcheck' as const,
          config,
          inputs: prepared.inputs,
          outputs: prepared.outputs,
          X: prepared.train.X.slice(0, n * prepared.inputs),
          T: prepared.train.T.slice(0, n * prepared.outputs),
          rows: n,
          maxEntriesPerTensor: checkedEntriesFor([prepared.inputs, ...config.model.hidden.map((h) => h.units), prepared.outputs], n),
        }
        return (await runDatasetTask(env.datasetWorker, task, 'gradcheck')).result
      },
    },
  }
  return { handlers, store }
}
