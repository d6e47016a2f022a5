// A worker that dies the way a broken run would: an exception thrown outside any handler.
import { parentPort } from 'node:worker_threads'

parentPort.on('message', () => {
  setTimeout(() => {
    throw new Error('simulated crash inside the worker')
  }, 5)
})
