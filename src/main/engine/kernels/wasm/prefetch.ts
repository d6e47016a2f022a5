/**
 * Copies the next mini-batch's rows on a pool thread while the caller finishes the current step.
 *
 * Gathering a batch of random rows (inputs and targets) is about 10 % of a training step on MNIST. It mostly
 * waits on memory: each row is somewhere in a 188 MB dataset. The step's own work does not depend on the next
 * batch's rows, so a helper thread can copy them in the background, while the caller runs the step's serial part.
 *
 * The trainer calls `prefetch(rows, start, count, copies)` with the next batch and a second set of buffers. The
 * next step's `gatherRows(...)` calls `take(...)` first, once per array. When the helper has finished a copy of
 * exactly those rows of that source into exactly that buffer, the copy is reused. In every other case `take`
 * returns false and gatherRows copies as usual: no helper took the job, it failed, or the rows, the source or
 * the buffer differ. Results therefore never depend on whether a prefetch happened.
 *
 * Only Float32Arrays in SharedArrayBuffers can be prefetched. The helper needs to read the source, and a
 * SharedArrayBuffer can be handed to it. Other sources make `prefetch` return false (and post nothing).
 *
 * The contract for callers: between `prefetch(..., out)` and the gatherRows that takes it, no kernel may read
 * or write `out`. A helper may be writing into it.
 */
import type { RowCopy } from '../types'
import { checkBuf } from './checks'
import { ACOPIES, ACOPY, ACOUNT, AROWS, COPY_WORDS, MAX_COPIES, type TaskBoard } from './task-board'
import type { ThreadPool } from './thread-pool'
import type { WasmMemory } from './wasm-memory'

export interface RowPrefetcher {
  /**
   * Posts background copies out[r, :] = src[rows[start + r], :] for r < count, one per entry of `copies`;
   * false (nothing posted) when any of them cannot be prefetched.
   */
  prefetch(rows: Uint32Array | Int32Array, start: number, count: number, copies: readonly RowCopy<Float32Array>[]): boolean
  /**
   * Called by gatherRows first. Ends the outstanding job (waiting for it if a helper is running it) and returns
   * true when one of its finished copies filled `out` with exactly these rows of `src`: gatherRows is done.
   */
  take(src: ArrayLike<number>, rows: Uint32Array | Int32Array, start: number, count: number, cols: number, out: Float32Array): boolean
  /** Copies that were reused (a diagnostic for tests and benchmarks). */
  readonly hits: number
}

/** One posted copy, as take() recognises it. */
interface Copy {
  buffer: ArrayBufferLike
  byteOffset: number
  length: number
  cols: number
  out: number
}

export function createRowPrefetcher(pool: ThreadPool, board: TaskBoard, mem: WasmMemory): RowPrefetcher {
  const ctl = board.ctl
  /** The job posted and not yet settled, and the copies of the last settled job that are still to be taken. */
  let pending: Copy[] | null = null
  let finished: Copy[] = []
  let count = 0
  const ids = new WeakMap<SharedArrayBuffer, number>()
  let nextId = 1
  // The row indices are copied into wasm memory when the job is posted. Later changes to the caller's order
  // array (the next epoch's shuffle) cannot reach the helper's copy, and take() compares against them. One
  // view, created at allocation: it stays valid when the (shared) memory grows.
  let snapshot: Uint32Array<ArrayBufferLike> = new Uint32Array(0)
  let hits = 0

  const settle = (): void => {
    if (!pending) return
    finished = pool.settleAsync() ? pending : []
    pending = null
  }

  const eligible = (c: RowCopy<Float32Array>, srcRowsNeeded: number): boolean => {
    const { src, cols, out } = c
    if (!(src instanceof Float32Array) || !(src.buffer instanceof SharedArrayBuffer)) return false
    if (!Number.isInteger(cols) || cols < 1 || Math.floor(src.length / cols) < srcRowsNeeded) return false
    checkBuf('prefetchRows', 'out', out, count * cols, 'count·cols', mem)
    return true
  }

  return {
    get hits() {
      return hits
    },
    prefetch(rows, start, n, copies) {
      settle()
      finished = []
      if (copies.length < 1 || copies.length > MAX_COPIES) return false
      if (!(Number.isInteger(start) && Number.isInteger(n)) || n < 1 || start < 0 || start + n > rows.length) return false
      count = n
      if (n > snapshot.length) {
        const ptr = mem.allocBytes(n * 4) // may grow the memory: take its buffer afterwards
        snapshot = new Uint32Array(mem.memory.buffer, ptr, n)
      }
      let maxRow = -1
      for (let r = 0; r < n; r++) {
        const row = rows[start + r]
        // A bad index is left to gatherRows, which throws with its position.
        if (!(row >= 0 && Number.isInteger(row))) return false
        snapshot[r] = row
        if (row > maxRow) maxRow = row
      }
      if (!copies.every((c) => eligible(c, maxRow + 1))) return false
      const job: Copy[] = []
      copies.forEach(({ src: source, cols, out }, i) => {
        const src = source as Float32Array // checked by eligible()
        const buffer = src.buffer as SharedArrayBuffer
        let id = ids.get(buffer)
        if (id === undefined) {
          ids.set(buffer, (id = nextId++))
          pool.shareSource(id, buffer)
        }
        const w = ACOPY + COPY_WORDS * i
        ctl[w] = id
        ctl[w + 1] = src.byteOffset
        ctl[w + 2] = src.length
        ctl[w + 3] = cols
        ctl[w + 4] = out.byteOffset
        job.push({ buffer, byteOffset: src.byteOffset, length: src.length, cols, out: out.byteOffset })
      })
      ctl[AROWS] = snapshot.byteOffset
      ctl[ACOUNT] = n
      ctl[ACOPIES] = copies.length
      pool.postAsync()
      pending = job
      return true
    },
    take(src, rows, start, n, cols, out) {
      settle()
      if (finished.length === 0) return false
      const i = finished.findIndex(
        (c) => src instanceof Float32Array && src.buffer === c.buffer && src.byteOffset === c.byteOffset && src.length === c.length && c.cols === cols && c.out === out.byteOffset,
      )
      // Whatever does not match ends the job: its remaining copies are never taken later by chance.
      const copy = i >= 0 ? finished.splice(i, 1)[0] : null
      if (!copy) finished = []
      if (!copy || n !== count || !mem.owns(out) || out.length < n * cols || start + n > rows.length) return false
      for (let r = 0; r < n; r++) if (rows[start + r] !== snapshot[r]) return false
      hits++
      return true
    },
  }
}
