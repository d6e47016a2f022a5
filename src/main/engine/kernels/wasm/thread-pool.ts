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
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import { HELPER_SOURCE } from './helper-source'
import { ASTATE, ASYNC_DONE, ASYNC_NONE, ASYNC_POSTED, ASYNC_TAKEN, BOARD_WORDS, claimWord, DESC_OFFSET, DONE, NEXT, QUIT, SEQ, STATUS, TaskBoard } from './task-board'
import type { WasmMemoryObject, WasmModule } from './wasm-api'

export interface ThreadPool {
  /** Helper threads (the caller is not counted). */
  readonly helpers: number
  /**
   * Runs the operation described on the board in `chunks` chunks (1..4095); `runChunk(i)` runs chunk i on
   * the calling thread and returns its status (0 ok). Returns when every chunk is done; throws if one failed.
   */
  run(chunks: number, runChunk: (chunk: number) => number): void
  /**
   * Hands every helper a SharedArrayBuffer under `id`, for background copies that name it (prefetch.ts). A
   * helper keeps every source it was given until it exits (a run shares one or two: its inputs and targets).
   */
  shareSource(id: number, buffer: SharedArrayBuffer): void
  /**
   * Posts the background copy described in the board's async words (task-board.ts): the first helper that is
   * free takes it, while the caller goes on. At most one is outstanding: call settleAsync() before the next.
   */
  postAsync(): void
  /**
   * Ends the outstanding background copy: waits if a helper is running it. Returns true if a helper finished
   * it, false if none was posted, it failed, or no helper had taken it yet (it is withdrawn: the caller must
   * do the work itself).
   */
  settleAsync(): boolean
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
  const ports: MessagePort[] = []
  let disposed = false
  let seq = Atomics.load(ctl, SEQ)

  try {
    for (let h = 1; h <= helpers; h++) {
      const { port1, port2 } = new MessageChannel()
      ports.push(port1)
      workers.push(
        new Worker(HELPER_SOURCE, {
          eval: true,
          workerData: { module: opts.module, memory: opts.memory, board: TaskBoard.offset, desc: DESC_OFFSET, index: h, spinMicros: opts.helperSpinMicros, port: port2, words: BOARD_WORDS },
          transferList: [port2],
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
    for (const p of ports) p.close()
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

  const post = (): void => {
    seq = (seq + 1) | 0
    Atomics.store(ctl, SEQ, seq)
    Atomics.notify(ctl, SEQ)
  }

  return {
    helpers,
    liveThreads: () => live,
    shareSource(id: number, buffer: SharedArrayBuffer): void {
      for (const p of ports) p.postMessage({ id, buffer })
    },
    postAsync(): void {
      if (disposed) throw new Error('wasm kernels: used after dispose()')
      if (Atomics.load(ctl, ASTATE) !== ASYNC_NONE) throw new Error('wasm kernels: a background copy is still outstanding')
      Atomics.store(ctl, ASTATE, ASYNC_POSTED)
      post()
    },
    settleAsync(): boolean {
      // Withdraw it if no helper has taken it; otherwise wait for the helper (spinning first: a copy is ~50 µs).
      if (Atomics.compareExchange(ctl, ASTATE, ASYNC_POSTED, ASYNC_NONE) === ASYNC_POSTED) return false
      let state = Atomics.load(ctl, ASTATE)
      if (state === ASYNC_TAKEN) {
        const until = performance.now() + opts.callerSpinMicros / 1000
        let n = 0
        while ((state = Atomics.load(ctl, ASTATE)) === ASYNC_TAKEN) {
          if ((++n & 63) === 0 && performance.now() > until) Atomics.wait(ctl, ASTATE, ASYNC_TAKEN, 50)
        }
      }
      Atomics.store(ctl, ASTATE, ASYNC_NONE)
      return state === ASYNC_DONE
    },
    run(chunks: number, runChunk: (chunk: number) => number): void {
      if (disposed) throw new Error('wasm kernels: used after dispose()')
      const gen = ((seq + 1) | 0) & 0xff
      Atomics.store(ctl, DONE, 0)
      Atomics.store(ctl, STATUS, 0)
      Atomics.store(ctl, NEXT, claimWord(gen, chunks))
      post()
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
        for (const p of ports) p.close()
      }
      return exits
    },
  }
}
