import { parentPort } from 'node:worker_threads'
import { runTraining, type RunControl } from './run-loop'
import type { ToWorker } from './protocol'

/**
 * The training worker thread: a thin adapter between worker messages and runTraining. One run per thread.
 */
if (!parentPort) throw new Error('worker.ts must run in a worker thread')
const port = parentPort
const control: RunControl = { paused: false, stopped: false, wake: null }
let started = false

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'start':
      if (started) return
      started = true
      void runTraining(message, control, (m, transfer) => port.postMessage(m, transfer ?? [])).finally(() => port.close())
      return
    case 'pause':
      control.paused = true
      return
    case 'resume':
      control.paused = false
      control.wake?.()
      return
    case 'stop':
      control.stopped = true
      control.wake?.()
      return
  }
})
