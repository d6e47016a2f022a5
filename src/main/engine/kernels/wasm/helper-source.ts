/**
 * The source of a pool thread, started with `new Worker(HELPER_SOURCE, { eval: true })` so no file path is
 * involved under Vitest, electron-vite or the CLI. It receives the compiled module and the shared memory in
 * workerData, instantiates the kernels on that memory, reports 'ready', then loops: wait for its slot's seq to
 * change (spinning briefly first, because a training step posts tasks a few tens of microseconds apart and a
 * futex wake-up costs about as much), run the task, publish done. OP_QUIT (-1) or terminate() ends it.
 * Slot layout: task-slots.ts.
 */
export const HELPER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { module, memory, slot, spinMicros } = workerData
const { run_task } = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(memory.buffer, slot, 4)
const SEQ = 0, DONE = 1, OP = 2, STATUS = 3
let seen = Atomics.load(ctl, SEQ)
parentPort.postMessage('ready')
for (;;) {
  let s = Atomics.load(ctl, SEQ)
  if (s === seen) {
    const until = performance.now() + spinMicros / 1000
    let n = 0
    while ((s = Atomics.load(ctl, SEQ)) === seen) {
      if ((++n & 127) === 0 && performance.now() > until) Atomics.wait(ctl, SEQ, seen)
    }
  }
  seen = s
  if (Atomics.load(ctl, OP) === -1) break
  let status = 0
  try { status = run_task(slot) } catch (e) { status = 2 }
  Atomics.store(ctl, STATUS, status)
  Atomics.store(ctl, DONE, seen)
  Atomics.notify(ctl, DONE)
}
parentPort.close()
`
