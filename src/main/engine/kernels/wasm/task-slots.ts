/**
 * Task slots: 128-byte records at the bottom of the shared memory, one per thread, through which the caller
 * hands work to the pool. The layout is mirrored by assembly/tasks.ts (which reads a task) and by the helper
 * loop in helper-source.ts (which reads the control words).
 *
 *   bytes 0  seq     the caller increments it to post a task
 *   bytes 4  done    the helper stores seq here when the task is finished
 *   bytes 8  op      OP_* code; OP_QUIT ends the helper's loop
 *   bytes 12 status  0 ok, 1 unknown op, 2 the task threw (a trap)
 *   bytes 16 i32 args[16]   pointers (byte offsets), shapes, codes
 *   bytes 80 f32 args[8]    scalars (learning rate, ...)
 */

export const SLOT_BYTES = 128
/** First slot's byte offset (offset 0 stays unused: pointer 0 means "no bias"). */
export const SLOTS_OFFSET = 128

/** Int32 indices within a slot. */
export const SEQ = 0
export const DONE = 1
export const OP = 2
export const STATUS = 3
const I32_ARGS = 4
const F32_ARGS = 20

// Op codes: the same numbers as assembly/tasks.ts.
export const OP_QUIT = -1
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

/** Bytes to reserve for `count` slots. */
export function slotsBytes(count: number): number {
  return SLOTS_OFFSET + count * SLOT_BYTES
}

/** Writes task records into the slots. */
export class TaskSlots {
  readonly i32: Int32Array
  private readonly f32: Float32Array

  constructor(buffer: ArrayBufferLike, count: number) {
    this.i32 = new Int32Array(buffer, 0, slotsBytes(count) / 4)
    this.f32 = new Float32Array(buffer, 0, slotsBytes(count) / 4)
  }

  /** Byte offset of slot `s`. */
  static offset(s: number): number {
    return SLOTS_OFFSET + s * SLOT_BYTES
  }

  /** Int32 index of control word `word` (SEQ, DONE, OP, STATUS) of slot `s`. */
  static word(s: number, word: number): number {
    return (SLOTS_OFFSET + s * SLOT_BYTES) / 4 + word
  }

  /** Writes op and integer arguments (pointers above 2³¹ wrap to negative i32, read back as u32 in wasm). */
  set(s: number, op: number, ints: ArrayLike<number>, floats?: ArrayLike<number>): void {
    const base = TaskSlots.word(s, 0)
    this.i32[base + OP] = op
    for (let k = 0; k < ints.length; k++) this.i32[base + I32_ARGS + k] = ints[k]
    if (floats) for (let k = 0; k < floats.length; k++) this.f32[base + F32_ARGS + k] = floats[k]
  }
}
