/**
 * The source of a pool thread, started with `new Worker(HELPER_SOURCE, { eval: true })` so no file path is
 * involved under Vitest, electron-vite or the CLI. workerData carries the compiled module, the shared memory,
 * the board's and descriptor's offsets and the thread's index. The thread instantiates the kernels on the
 * shared memory, reports 'ready', then loops: wait for `seq` to change (spinning briefly first: a training
 * step posts operations tens of microseconds apart, about the cost of a futex wake-up), claim chunks of that
 * operation until none are left, go back to waiting. `quit` or terminate() ends it. Layout: task-board.ts.
 */
export const HELPER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { module, memory, board, desc, index, spinMicros } = workerData
const { run_chunk } = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(memory.buffer, board, 128)
const SEQ = 0, NEXT = 1, DONE = 2, STATUS = 3, QUIT = 4, HELPED = 5, SCRATCH = 16
let seen = Atomics.load(ctl, SEQ)
parentPort.postMessage('ready')
for (;;) {
  let s = Atomics.load(ctl, SEQ)
  if (s === seen) {
    const until = performance.now() + spinMicros / 1000
    let n = 0
    while ((s = Atomics.load(ctl, SEQ)) === seen) {
      if ((++n & 63) === 0 && performance.now() > until) Atomics.wait(ctl, SEQ, seen)
    }
  }
  seen = s
  if (Atomics.load(ctl, QUIT) !== 0) break
  const gen = s & 0xff
  const scratch = ctl[SCRATCH + index] >>> 0
  for (;;) {
    const v = Atomics.load(ctl, NEXT)
    const chunks = (v >>> 12) & 0xfff
    const idx = v & 0xfff
    if ((v >>> 24) !== gen || idx >= chunks) break
    if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue
    let status = 0
    try { status = run_chunk(desc, idx, scratch) } catch (e) { status = 2 }
    if (status !== 0) Atomics.compareExchange(ctl, STATUS, 0, status)
    Atomics.add(ctl, HELPED, 1)
    if (Atomics.add(ctl, DONE, 1) + 1 === chunks) Atomics.notify(ctl, DONE)
  }
}
parentPort.close()
`
