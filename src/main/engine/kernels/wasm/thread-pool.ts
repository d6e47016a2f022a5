/**
 * A small pool of helper threads sharing the kernels' memory. One operation at a time is posted on the task
 * board (task-board.ts) as a descriptor plus a number of chunks; the caller and the helpers all claim chunks
 * from one atomic counter. The caller never waits for a helper that has not started — on a busy machine it
 * simply runs more chunks itself — only for chunks a helper has already claimed. Then it blocks in
 * Atomics.wait until they are finished, which is why the pool belongs inside a worker thread, never on the
 * Electron main thread.
 *
 * This is the one file of the kernels that touches threads (node:worker_threads).
 */
import { Worker } from 'node:worker_threads'
import { HELPER_SOURCE } from './helper-source'
import { claimWord, DESC_OFFSET, DONE, NEXT, QUIT, SEQ, STATUS, TaskBoard } from './task-board'
import type { WasmMemoryObject, WasmModule } from './wasm-api'

export interface ThreadPool {
  /** Helper threads (the caller is not counted). */
  readonly helpers: number
  /**
   * Runs the operation described on the board in `chunks` chunks (1..4095); `runChunk(i)` runs chunk i on
   * the calling thread and returns its status (0 ok). Returns when every chunk is done; throws if one failed.
   */
  run(chunks: number, runChunk: (chunk: number) => number): void
  /** Stops and terminates every helper; resolves when they have exited. Idempotent. */
  dispose(): Promise<void>
  /** Helper threads that have not exited yet. */
  liveThreads(): number
}

export interface ThreadPoolOptions {
  module: WasmModule
  memory: WasmMemoryObject
  board: TaskBoard
  helpers: number
  /** How long an idle helper spins before sleeping in Atomics.wait (µs). */
  helperSpinMicros: number
  /** How long the caller spins for claimed chunks to finish before sleeping (µs). */
  callerSpinMicros: number
}

/** Starts `helpers` threads and resolves when all have instantiated the module. */
export async function createThreadPool(opts: ThreadPoolOptions): Promise<ThreadPool> {
  const { board, helpers } = opts
  const ctl = board.ctl
  const workers: Worker[] = []
  let disposed = false
  let seq = Atomics.load(ctl, SEQ)

  try {
    for (let h = 1; h <= helpers; h++) {
      workers.push(
        new Worker(HELPER_SOURCE, {
          eval: true,
          workerData: { module: opts.module, memory: opts.memory, board: TaskBoard.offset, desc: DESC_OFFSET, index: h, spinMicros: opts.helperSpinMicros },
        }),
      )
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
  const exits = Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          w.removeAllListeners()
          w.on('error', () => {}) // failures inside a chunk are reported through the board's status word
          w.once('exit', () => {
            live--
            resolve()
          })
          w.unref() // idle helpers must not keep the process alive
        }),
    ),
  ).then(() => undefined)

  return {
    helpers,
    liveThreads: () => live,
    run(chunks: number, runChunk: (chunk: number) => number): void {
      if (disposed) throw new Error('wasm kernels: used after dispose()')
      seq = (seq + 1) | 0
      const gen = seq & 0xff
      Atomics.store(ctl, DONE, 0)
      Atomics.store(ctl, STATUS, 0)
      Atomics.store(ctl, NEXT, claimWord(gen, chunks))
      Atomics.store(ctl, SEQ, seq)
      Atomics.notify(ctl, SEQ)
      // Claim chunks like any helper. A failing chunk is recorded, never thrown before every claimed chunk is
      // finished: helpers must not still be working on this operation when the next one is posted.
      let error: unknown = null
      for (;;) {
        const v = Atomics.load(ctl, NEXT)
        const idx = v & 0xfff
        if (idx >= chunks) break
        if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue
        let status: number
        try {
          status = runChunk(idx)
        } catch (e) {
          status = 2
          error ??= e
        }
        if (status !== 0) Atomics.compareExchange(ctl, STATUS, 0, status)
        Atomics.add(ctl, DONE, 1)
      }
      // Wait only for chunks that helpers claimed and are still running.
      let d = Atomics.load(ctl, DONE)
      if (d !== chunks) {
        const until = performance.now() + opts.callerSpinMicros / 1000
        let n = 0
        while ((d = Atomics.load(ctl, DONE)) !== chunks) {
          if ((++n & 63) === 0 && performance.now() > until) Atomics.wait(ctl, DONE, d, 50)
        }
      }
      if (error) throw error
      const status = Atomics.load(ctl, STATUS)
      if (status !== 0) throw new Error(`wasm kernels: a chunk of the parallel operation failed (status ${status}: ${status === 1 ? 'unknown operation' : 'trap'})`)
    },
    dispose(): Promise<void> {
      if (!disposed) {
        disposed = true
        Atomics.store(ctl, QUIT, 1)
        Atomics.add(ctl, SEQ, 1)
        Atomics.notify(ctl, SEQ)
        for (const w of workers) void w.terminate()
      }
      return exits
    },
  }
}
