/**
 * The source of a pool thread, started with `new Worker(HELPER_SOURCE, { eval: true })` so no file path is
 * involved under Vitest, electron-vite or the CLI. workerData carries the compiled module, the shared memory,
 * the board's and descriptor's offsets and the thread's index. The thread instantiates the kernels on the
 * shared memory, reports 'ready', then loops: wait for `seq` to change (spinning briefly first: a training
 * step posts operations tens of microseconds apart, about the cost of a futex wake-up), claim chunks of that
 * operation until none are left, go back to waiting. `quit` or terminate() ends it. Layout: task-board.ts.
 *
 * Before claiming chunks the thread also takes the background copy when one is posted (prefetch.ts): the
 * next mini-batch's rows, copied from a SharedArrayBuffer that the caller registered over the thread's
 * `port` (read here with receiveMessageOnPort, since this loop never yields to the event loop). The copy
 * checks every index and reads each row's first and last element before copying, like gather-rows.ts.
 */
export const HELPER_SOURCE = `
'use strict'
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads')
const { module, memory, board, desc, index, spinMicros, port } = workerData
const { run_chunk } = new WebAssembly.Instance(module, { env: { memory } }).exports
const ctl = new Int32Array(memory.buffer, board, 128)
const SEQ = 0, NEXT = 1, DONE = 2, STATUS = 3, QUIT = 4, HELPED = 5, SCRATCH = 16
const ASTATE = 6, ASRC = 7, AOFF = 8, ALEN = 9, AROWS = 10, ACOUNT = 11, ACOLS = 12, AOUT = 13
const POSTED = 1, TAKEN = 2, DONE_ = 3, FAILED = 4
let source = { id: -1, buffer: null }
let sink = 0 // keeps the touch pass's reads observable
function sourceBuffer(id) {
  for (let m; source.id !== id && (m = receiveMessageOnPort(port)); ) source = m.message
  return source.id === id ? source.buffer : null
}
function copyRows() {
  const buffer = sourceBuffer(ctl[ASRC])
  if (!buffer) return FAILED
  const len = ctl[ALEN] >>> 0, count = ctl[ACOUNT], cols = ctl[ACOLS]
  const src = new Float32Array(buffer, ctl[AOFF] >>> 0, len)
  const heap = memory.buffer
  const rows = new Uint32Array(heap, ctl[AROWS] >>> 0, count)
  const out = new Float32Array(heap, ctl[AOUT] >>> 0, count * cols)
  let touch = 0
  for (let r = 0; r < count; r++) {
    const s = rows[r] * cols
    if (s + cols > len) return FAILED
    touch += src[s] + src[s + cols - 1]
  }
  for (let r = 0; r < count; r++) {
    const s = rows[r] * cols
    out.set(src.subarray(s, s + cols), r * cols)
  }
  sink = touch
  return DONE_
}
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
  if (Atomics.load(ctl, ASTATE) === POSTED && Atomics.compareExchange(ctl, ASTATE, POSTED, TAKEN) === POSTED) {
    let state = FAILED
    try { state = copyRows() } catch (e) { state = FAILED }
    Atomics.store(ctl, ASTATE, state)
    Atomics.notify(ctl, ASTATE)
  }
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
