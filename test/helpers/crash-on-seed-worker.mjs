// The real training worker, except that a run whose config has training.seed 666 dies the way a broken run
// would (an exception outside any handler), so a test can crash one run while others train in other threads.
import { parentPort } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import('../../src/main/training/worker.ts')
// Attached after the worker's own listener (in the same turn), so both see the start message.
parentPort.on('message', (m) => {
  if (m?.type === 'start' && m.config?.training?.seed === 666) {
    setTimeout(() => {
      throw new Error('simulated crash inside the worker')
    }, 0)
  }
})
