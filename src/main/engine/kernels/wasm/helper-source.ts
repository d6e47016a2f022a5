/**
 * The source of a pool thread, started with `new Worker(HELPER_SOURCE, { eval: true })` so no file path is
 * involved under Vitest, electron-vite or the CLI. workerData carries the compiled module, the shared memory,
 * the board's and descriptor's offsets, the board's word indices (task-board.ts) and the thread's index. The
 * thread instantiates the kernels on the shared memory, reports 'ready', then loops: wait for `seq` to change
 * (spinning up to `spinMicros` first: a training step posts operations tens of microseconds apart, and a futex
 * wake-up costs more than that), claim chunks of that operation until none are left, go back to waiting.
 * `quit` or terminate() ends it. Layout: task-board.ts.
 *
 * Before claiming chunks the thread also takes the background copy when one is posted (prefetch.ts): the
 * next mini-batch's rows of one or more arrays (inputs, targets), each copied from a SharedArrayBuffer that the
 * caller registered over the thread's `port` (read here with receiveMessageOnPort, since this loop never
 * yields to the event loop). It checks every index and reads each row's first and last element before
 * copying, like gather-rows.ts.
 */
export const HELPER_SOURCE = `
'use strict'
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads')
const { module, memory, board, desc, index, spinMicros, port, words } = workerData
const { run_chunk } = new WebAssembly.Instance(module, { env: { memory } }).exports
const { SEQ, STATUS, QUIT, NEXT, DONE, ASTATE, AROWS, ACOUNT, ACOPIES, HELPED, SCRATCH, ACOPY, COPY_WORDS, WORDS } = words
const ctl = new Int32Array(memory.buffer, board, WORDS)
const POSTED = 1, TAKEN = 2, DONE_ = 3, FAILED = 4
const sources = new Map()
let sink = 0 // keeps the touch pass's reads observable
function sourceBuffer(id) {
  for (let m; !sources.has(id) && (m = receiveMessageOnPort(port)); ) sources.set(m.message.id, m.message.buffer)
  return sources.get(id) ?? null
}
function copyRows() {
  const heap = memory.buffer
  const count = ctl[ACOUNT]
  const rows = new Uint32Array(heap, ctl[AROWS] >>> 0, count)
  const copies = []
  for (let i = 0; i < ctl[ACOPIES]; i++) {
    const w = ACOPY + COPY_WORDS * i
    const buffer = sourceBuffer(ctl[w])
    if (!buffer) return FAILED
    const len = ctl[w + 2] >>> 0, cols = ctl[w + 3]
    copies.push({ src: new Float32Array(buffer, ctl[w + 1] >>> 0, len), len, cols, out: new Float32Array(heap, ctl[w + 4] >>> 0, count * cols) })
  }
  // Check every row and read its first and last element before copying (independent loads: the misses overlap).
  let touch = 0
  for (const { src, len, cols } of copies) {
    for (let r = 0; r < count; r++) {
      const s = rows[r] * cols
      if (s + cols > len) return FAILED
      touch += src[s] + src[s + cols - 1]
    }
  }
  sink = touch
  for (const { src, cols, out } of copies) {
    for (let r = 0; r < count; r++) {
      const s = rows[r] * cols
      out.set(src.subarray(s, s + cols), r * cols)
    }
  }
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
