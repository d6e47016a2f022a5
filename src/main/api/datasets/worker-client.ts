import type { ResourceLimits } from 'node:worker_threads'
import { spawnWorker } from '../../training/worker-client'
import type { DatasetTask, DatasetWorkerMessage } from './worker-protocol'

type Final = Exclude<DatasetWorkerMessage, { type: 'progress' | 'error' }>

/**
 * The heap a dataset worker may use. Column arrays live outside the heap (typed arrays); what grows on it is
 * text: category dictionaries, a line being parsed. A runaway file then ends its own worker with a message
 * instead of taking the machine.
 */
export const DATASET_WORKER_LIMITS: ResourceLimits = { maxOldGenerationSizeMb: 3072 }

/**
 * Runs one task in a fresh dataset worker and resolves with its result; rejects with the worker's message (or
 * why the thread died). The thread always ends. `onProgress` receives the load's progress messages.
 */
export function runDatasetTask<T extends Final['type']>(
  entry: URL,
  task: DatasetTask,
  expect: T,
  onProgress?: (p: Extract<DatasetWorkerMessage, { type: 'progress' }>) => void,
  limits: ResourceLimits = DATASET_WORKER_LIMITS,
): Promise<Extract<Final, { type: T }>> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(entry, { resourceLimits: limits })
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      fn()
      void worker.terminate()
    }
    worker.on('message', (m: DatasetWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m)
      else if (m.type === 'error') finish(() => reject(new Error(m.message)))
      else if (m.type === expect) finish(() => resolve(m as Extract<Final, { type: T }>))
      else finish(() => reject(new Error(`the dataset worker answered "${m.type}" to a "${task.type}" task`)))
    })
    worker.on('error', (err: Error & { code?: string }) =>
      finish(() =>
        reject(
          new Error(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `reading the data needed more memory than the reader may use (${limits.maxOldGenerationSizeMb} MB of working memory, mostly for text cells); use a smaller file or a sample, or set very varied text columns aside`
              : `the dataset worker failed: ${err.message || String(err)}`,
          ),
        ),
      ),
    )
    worker.on('exit', (code) => finish(() => reject(new Error(`the dataset worker stopped (exit code ${code}) before answering`))))
    // The task's arrays are copied, not transferred: main keeps its loaded data for the next re-prepare.
    worker.postMessage(task)
  })
}
