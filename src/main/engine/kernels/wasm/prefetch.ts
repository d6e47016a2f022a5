/**
 * Copies the next mini-batch's rows on a pool thread while the caller finishes the current step.
 *
 * Gathering a batch of random rows is about 10 % of a training step on MNIST. It mostly waits on memory:
 * each row is somewhere in a 188 MB dataset. The step's own work does not depend on the next batch's rows,
 * so a helper thread can copy them in the background, while the caller runs the step's serial part.
 *
 * The trainer calls `prefetch(...)` with the next batch and a second input buffer. The next step's
 * `gatherRows(...)` calls `take(...)` first. When the helper has finished a copy of exactly those rows into
 * exactly that buffer, the copy is reused. In every other case `take` returns false and gatherRows copies
 * as usual: no helper took the copy, the copy failed, or the rows or the buffer differ. Results therefore
 * never depend on whether a prefetch happened.
 *
 * Only a Float32Array in a SharedArrayBuffer can be prefetched. The helper needs to read the source, and a
 * SharedArrayBuffer can be handed to it. Other sources make `prefetch` return false.
 *
 * The contract for callers: between `prefetch(..., out)` and the gatherRows that takes it, no kernel may read
 * or write `out`. A helper may be writing into it.
 */
import { checkBuf } from './checks'
import { ACOLS, ACOUNT, ALEN, AOFF, AOUT, AROWS, ASRC, type TaskBoard } from './task-board'
import type { ThreadPool } from './thread-pool'
import type { WasmMemory } from './wasm-memory'

export interface RowPrefetcher {
  /** Posts a background copy of out[r, :] = src[rows[start + r], :] for r < count; false when it cannot. */
  prefetch(src: ArrayLike<number>, rows: Uint32Array | Int32Array, start: number, count: number, cols: number, out: Float32Array): boolean
  /**
   * Ends the outstanding copy (waiting for it if a helper is running it). Returns true when that copy
   * filled `out` with exactly these rows, so gatherRows has nothing left to do.
   */
  take(src: ArrayLike<number>, rows: Uint32Array | Int32Array, start: number, count: number, cols: number, out: Float32Array): boolean
  /** Background copies that were reused (a diagnostic for tests and benchmarks). */
  readonly hits: number
}

interface Pending {
  buffer: ArrayBufferLike
  byteOffset: number
  length: number
  out: number
  count: number
  cols: number
}

export function createRowPrefetcher(pool: ThreadPool, board: TaskBoard, mem: WasmMemory): RowPrefetcher {
  const ctl = board.ctl
  let pending: Pending | null = null
  let shared: { buffer: SharedArrayBuffer; id: number } | null = null
  let nextId = 1
  // The row indices are copied into wasm memory when the copy is posted. Later changes to the caller's
  // order array (the next epoch's shuffle) cannot reach the helper's copy, and take() compares against them.
  let snapshot: Uint32Array<ArrayBufferLike> = new Uint32Array(0) // a view over wasm memory: it stays valid when the (shared) memory grows
  let hits = 0

  const settle = (): { done: boolean; p: Pending | null } => {
    const p = pending
    pending = null
    return { done: p !== null && pool.settleAsync(), p }
  }

  return {
    get hits() {
      return hits
    },
    prefetch(src, rows, start, count, cols, out) {
      settle()
      if (!(src instanceof Float32Array) || !(src.buffer instanceof SharedArrayBuffer)) return false
      if (!(Number.isInteger(start) && Number.isInteger(count) && Number.isInteger(cols)) || count < 1 || cols < 1) return false
      if (start < 0 || start + count > rows.length) return false
      checkBuf('prefetchRows', 'out', out, count * cols, 'count·cols', mem)
      const srcRows = Math.floor(src.length / cols)
      if (count > snapshot.length) {
        const ptr = mem.allocBytes(count * 4) // may grow the memory: take its buffer afterwards
        snapshot = new Uint32Array(mem.memory.buffer, ptr, count)
      }
      for (let r = 0; r < count; r++) {
        const row = rows[start + r]
        // A bad index is left to gatherRows, which throws with the position.
        if (!(row >= 0 && row < srcRows)) return false
        snapshot[r] = row
      }
      if (shared?.buffer !== src.buffer) {
        shared = { buffer: src.buffer, id: nextId++ }
        pool.shareSource(shared.id, src.buffer)
      }
      ctl[ASRC] = shared.id
      ctl[AOFF] = src.byteOffset
      ctl[ALEN] = src.length
      ctl[AROWS] = snapshot.byteOffset
      ctl[ACOUNT] = count
      ctl[ACOLS] = cols
      ctl[AOUT] = out.byteOffset
      pool.postAsync()
      pending = { buffer: src.buffer, byteOffset: src.byteOffset, length: src.length, out: out.byteOffset, count, cols }
      return true
    },
    take(src, rows, start, count, cols, out) {
      const { done, p } = settle()
      if (!done || !p) return false
      if (!(src instanceof Float32Array) || src.buffer !== p.buffer || src.byteOffset !== p.byteOffset || src.length !== p.length) return false
      if (!mem.owns(out) || out.length < count * cols) return false
      if (out.byteOffset !== p.out || count !== p.count || cols !== p.cols || start + count > rows.length) return false
      for (let r = 0; r < count; r++) if (rows[start + r] !== snapshot[r]) return false
      hits++
      return true
    },
  }
}
