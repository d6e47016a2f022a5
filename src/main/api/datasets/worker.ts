/**
 * The dataset worker thread: runs one task (see worker-protocol.ts) and posts its result. Heavy arrays go back
 * in the transfer list, not copied.
 */
import { parentPort } from 'node:worker_threads'
import { checkConfigGradients } from '../../training/config-gradcheck'
import { loadTask, prepareTask } from './tasks'
import { transferablesOf } from './transferables'
import type { DatasetTask, DatasetWorkerMessage } from './worker-protocol'

if (!parentPort) throw new Error('the dataset worker must run in a worker thread')
const port = parentPort

const post = (message: DatasetWorkerMessage): void => port.postMessage(message, transferablesOf(message))

port.once('message', (task: DatasetTask) => {
  void run(task).then(post, (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }))
})

async function run(task: DatasetTask): Promise<DatasetWorkerMessage> {
  switch (task.type) {
    case 'load': {
      let last = 0
      const result = await loadTask(task.origin, task.resourcesDir, task.options, (p) => {
        const now = Date.now()
        if (now - last < 100) return // ≤ 10 progress messages a second
        last = now
        port.postMessage({ type: 'progress', bytesRead: p.bytesDone, totalBytes: p.totalBytes ?? null } satisfies DatasetWorkerMessage)
      })
      return { type: 'loaded', ...result }
    }
    case 'prepare':
      return { type: 'prepared', ...prepareTask(task.loaded, task.options) }
    case 'gradcheck':
      return { type: 'gradcheck', result: checkConfigGradients(task) }
  }
}
