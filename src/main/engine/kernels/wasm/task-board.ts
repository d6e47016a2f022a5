/**
 * The task board: a control block at the bottom of the shared memory through which the caller hands one
 * parallel operation at a time to the pool. Layout (bytes from BOARD_OFFSET), mirrored by assembly/tasks.ts
 * (the descriptor); helper-source.ts receives the word indices (BOARD_WORDS) in its workerData:
 *
 *   0   seq      incremented by the caller to post an operation (idle helpers spin on it)
 *   4   status   0, or the first failure: 1 unknown op, 2 a chunk threw (trap)
 *   8   quit     1 tells helpers to leave their loop
 *   64  next     the claim word: generation (8 bits) | chunk count (12 bits) | next chunk index (12 bits)
 *   128 done     chunks finished so far
 *   192 astate   the background copy (prefetch.ts): 0 none, 1 posted, 2 taken by a helper, 3 done, 4 failed
 *   196 arows    pointer to its row indices (u32, copied at posting)
 *   200 acount   rows to copy
 *   204 acopies  how many copies (1..MAX_COPIES) share those rows
 *   256 helped   chunks run by helpers since the start (a diagnostic: proves the pool really works)
 *   320 scratch  per-thread gemm scratch pointers (u32 x MAX_THREADS)
 *   576 copies   per copy (5 words each): source id (registered with the helpers over their ports), the source
 *                view's byte offset in its SharedArrayBuffer and length (floats), floats per row, destination pointer
 *   640 desc     the operation: op, total, width, mode, i32 args[16], f32 args[8] (see assembly/tasks.ts)
 *
 * The words that threads write while others spin on their neighbours sit on cache lines (64 bytes) of their own:
 * seq (read in a loop by every idle helper), the claim word (compare-and-swapped by every thread), done (counted up
 * by each finished chunk, read in a loop by the waiting caller), the background copy's state, and helped. On one
 * line, each chunk's claim and count made the other thread's loads miss.
 *
 * Offset 0 of the memory stays unused so that pointer 0 can mean "no bias".
 */

export const BOARD_OFFSET = 128
export const BOARD_BYTES = 1024
export const MAX_THREADS = 64
/** Most chunks one operation may have (12 bits of the claim word). */
export const MAX_CHUNKS = 4095

/** Int32 indices (relative to the board) of the control words. */
export const SEQ = 0
export const STATUS = 1
export const QUIT = 2
export const NEXT = 16
export const DONE = 32
export const ASTATE = 48
export const AROWS = 49
export const ACOUNT = 50
export const ACOPIES = 51
export const HELPED = 64
const SCRATCH = 80
/** First word of the background copies; copy i uses words ACOPY + COPY_WORDS·i + (0 src id, 1 offset, 2 length, 3 cols, 4 out). */
export const ACOPY = 144
export const COPY_WORDS = 5
export const MAX_COPIES = 3
const DESC = 160
/** ASTATE values. */
export const ASYNC_NONE = 0
export const ASYNC_POSTED = 1
export const ASYNC_TAKEN = 2
export const ASYNC_DONE = 3
export const ASYNC_FAILED = 4

/** The word indices a helper thread needs (its source has no imports; they travel in workerData). */
export const BOARD_WORDS = { SEQ, STATUS, QUIT, NEXT, DONE, ASTATE, AROWS, ACOUNT, ACOPIES, HELPED, SCRATCH, ACOPY, COPY_WORDS, WORDS: BOARD_BYTES / 4 }

export const DESC_OFFSET = BOARD_OFFSET + DESC * 4

// Op codes: the same numbers as assembly/tasks.ts.
export const OP_GEMM = 1
export const OP_ACT_FORWARD = 2
export const OP_ACT_BACKWARD = 3
export const OP_SOFTMAX_FORWARD = 4
export const OP_SOFTMAX_BACKWARD = 5
export const OP_SGD = 6
export const OP_MOMENTUM = 7
export const OP_ADAM = 8
export const OP_AXPY = 9
export const OP_COL_SUM = 10
export const OP_SUM_SQUARES = 11

/** Packs the claim word for generation `gen` with `chunks` chunks, none claimed. */
export function claimWord(gen: number, chunks: number): number {
  return ((gen & 0xff) << 24) | (chunks << 12)
}

/** Typed views of the board, and the writer of descriptors. */
export class TaskBoard {
  /** The control words, indexed by SEQ, NEXT, DONE, STATUS, QUIT. */
  readonly ctl: Int32Array
  private readonly scratchPtrs: Int32Array
  private readonly descI32: Int32Array
  private readonly descF32: Float32Array

  constructor(buffer: ArrayBufferLike) {
    this.ctl = new Int32Array(buffer, BOARD_OFFSET, BOARD_BYTES / 4)
    this.scratchPtrs = this.ctl.subarray(SCRATCH, SCRATCH + MAX_THREADS)
    this.descI32 = this.ctl.subarray(DESC, DESC + 28)
    this.descF32 = new Float32Array(buffer, DESC_OFFSET, 28)
  }

  /** Byte offset of the board's control words (for the helpers' own views). */
  static readonly offset = BOARD_OFFSET

  /** Records thread t's gemm scratch pointer. */
  setScratch(t: number, ptr: number): void {
    this.scratchPtrs[t] = ptr
  }

  scratch(t: number): number {
    return this.scratchPtrs[t] >>> 0
  }

  /**
   * Writes the descriptor: `total` units split in chunks of `width`, `mode` (gemm: 0 columns, 1 rows), integer
   * arguments (pointers above 2³¹ wrap to negative i32 and are read back as u32) and float arguments.
   */
  describe(op: number, total: number, width: number, mode: number, ints: ArrayLike<number>, floats?: ArrayLike<number>): void {
    const d = this.descI32
    d[0] = op
    d[1] = total
    d[2] = width
    d[3] = mode
    for (let k = 0; k < ints.length; k++) d[4 + k] = ints[k]
    if (floats) for (let k = 0; k < floats.length; k++) this.descF32[20 + k] = floats[k]
  }
}
