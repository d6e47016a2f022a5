/**
 * A small pool of helper threads that run kernel tasks on the shared memory, synchronised through the task
 * slots with Atomics (no messages per task). The calling thread — the run's worker — posts tasks to slots
 * 1..n, runs its own share (slot 0) meanwhile, then blocks in Atomics.wait until every helper is done. That
 * blocking is why the pool belongs inside a worker thread, never on the Electron main thread.
 *
 * This is the one file of the kernels that touches threads (node:worker_threads).
 */
import { Worker } from 'node:worker_threads'
import { HELPER_SOURCE } from './helper-source'
import type { WasmMemoryObject, WasmModule } from './wasm-api'
import { DONE, OP, OP_QUIT, SEQ, STATUS, TaskSlots } from './task-slots'

export interface ThreadPool {
  /** Helper threads (the caller is not counted). */
  readonly helpers: number
  /**
   * Starts the tasks written in slots 1..count, calls `own()` (the caller's share, slot 0) and returns once
   * every helper has finished. Throws if a helper's task failed.
   */
  run(count: number, own: () => void): void
  /** Stops and terminates every helper; resolves when they have exited. Idempotent. */
  dispose(): Promise<void>
  /** Helper threads that have not exited yet. */
  liveThreads(): number
}

export interface ThreadPoolOptions {
  module: WasmModule
  memory: WasmMemoryObject
  slots: TaskSlots
  helpers: number
  /** How long an idle helper spins before sleeping in Atomics.wait (µs). */
  helperSpinMicros: number
  /** How long the caller spins for helpers to finish before sleeping (µs). */
  callerSpinMicros: number
}

/** Starts `helpers` threads and resolves when all have instantiated the module. */
export async function createThreadPool(opts: ThreadPoolOptions): Promise<ThreadPool> {
  const { slots, helpers } = opts
  const ctl = slots.i32
  const workers: Worker[] = []
  const seqs = new Array<number>(helpers + 1).fill(0)
  let disposed = false
  let exits: Promise<void> = Promise.resolve()

  try {
    for (let h = 1; h <= helpers; h++) {
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { module: opts.module, memory: opts.memory, slot: TaskSlots.offset(h), spinMicros: opts.helperSpinMicros },
      })
      workers.push(worker)
    }
    await Promise.all(
      workers.map(
        (w, i) =>
          new Promise<void>((resolve, reject) => {
            w.once('message', () => resolve())
            w.once('error', (e) => reject(new Error(`wasm kernels: pool thread ${i + 1} failed to start: ${e.message}`)))
            w.once('exit', (code) => reject(new Error(`wasm kernels: pool thread ${i + 1} exited during start (code ${code})`)))
          }),
      ),
    )
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()))
    throw e
  }
  let live = workers.length
  exits = Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) =>
          w.once('exit', () => {
            live--
            resolve()
          }),
        ),
    ),
  ).then(() => undefined)
  for (const w of workers) {
    w.removeAllListeners('error')
    w.on('error', () => {}) // a failing helper is reported through its slot status
    w.unref() // idle helpers must not keep the process alive
  }

  return {
    helpers,
    liveThreads: () => live,
    run(count: number, own: () => void): void {
      if (disposed) throw new Error('wasm kernels: used after dispose()')
      for (let h = 1; h <= count; h++) {
        const seqIdx = TaskSlots.word(h, SEQ)
        seqs[h] = (seqs[h] + 1) | 0
        Atomics.store(ctl, seqIdx, seqs[h])
        Atomics.notify(ctl, seqIdx, 1)
      }
      own()
      for (let h = 1; h <= count; h++) {
        const doneIdx = TaskSlots.word(h, DONE)
        let d = Atomics.load(ctl, doneIdx)
        if (d !== seqs[h]) {
          const until = performance.now() + opts.callerSpinMicros / 1000
          let n = 0
          while ((d = Atomics.load(ctl, doneIdx)) !== seqs[h]) {
            if ((++n & 127) === 0 && performance.now() > until) Atomics.wait(ctl, doneIdx, d, 1000)
          }
        }
        const status = ctl[TaskSlots.word(h, STATUS)]
        if (status !== 0) throw new Error(`wasm kernels: pool thread ${h} failed its task (status ${status}, op ${ctl[TaskSlots.word(h, OP)]})`)
      }
    },
    dispose(): Promise<void> {
      if (!disposed) {
        disposed = true
        for (let h = 1; h <= helpers; h++) {
          ctl[TaskSlots.word(h, OP)] = OP_QUIT
          Atomics.add(ctl, TaskSlots.word(h, SEQ), 1)
          Atomics.notify(ctl, TaskSlots.word(h, SEQ))
        }
        for (const w of workers) void w.terminate()
      }
      return exits
    },
  }
}
