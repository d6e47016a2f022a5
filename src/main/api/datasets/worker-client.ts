import { spawnWorker } from '../../training/worker-client'
import type { DatasetTask, DatasetWorkerMessage } from './worker-protocol'

type Final = Exclude<DatasetWorkerMessage, { type: 'progress' | 'error' }>

/**
 * Runs one task in a fresh dataset worker and resolves with its result; rejects with the worker's message (or
 * why the thread died). The thread always ends. `onProgress` receives the load's progress messages.
 */
export function runDatasetTask<T extends Final['type']>(
  entry: URL,
  task: DatasetTask,
  expect: T,
  onProgress?: (p: Extract<DatasetWorkerMessage, { type: 'progress' }>) => void,
): Promise<Extract<Final, { type: T }>> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(entry)
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
    worker.on('error', (err) => finish(() => reject(new Error(`the dataset worker failed: ${err.message}`))))
    worker.on('exit', (code) => finish(() => reject(new Error(`the dataset worker stopped (exit code ${code}) before answering`))))
    // The task's arrays are copied, not transferred: main keeps its loaded data for the next re-prepare.
    worker.postMessage(task)
  })
}
