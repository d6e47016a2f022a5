// The pool's dispatcher. A parallel operation is one descriptor in shared memory plus a chunk count; every
// thread (the caller and each helper) claims chunk indices from an atomic counter and runs them with
// run_chunk, so a helper that starts late simply finds fewer chunks left. Descriptor layout (bytes from
// `desc`), mirrored by task-board.ts:
//   0 op   4 total   8 width   12 mode   16.. i32 args[16]   80.. f32 args[8]
// Chunk c covers [c·width, min(total, (c + 1)·width)) of the op's split dimension: elements for element-wise
// ops, rows for softmax, columns (mode 0) or rows (mode 1) of C for gemm, columns for col_sum. Sum of squares
// writes chunk c's sum (f64) to partials[c] (args[1]); the caller adds them in chunk order.
import { gemm } from './gemm'
import { act_backward, act_forward, softmax_backward, softmax_forward } from './activations'
import { adam_step, axpy, col_sum, momentum_step, sgd_step, sum_squares } from './optim'

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

// @ts-ignore: decorator
@inline function ia(d: usize, k: usize): i32 { return load<i32>(d + 16 + (k << 2)) }
// @ts-ignore: decorator
@inline function ua(d: usize, k: usize): usize { return <usize>load<u32>(d + 16 + (k << 2)) }
// @ts-ignore: decorator
@inline function fa(d: usize, k: usize): f32 { return load<f32>(d + 80 + (k << 2)) }

/** Runs chunk `chunk` of the operation at `desc` with this thread's gemm `scratch`; 0 ok, 1 unknown op. */
export function run_chunk(desc: usize, chunk: i32, scratch: usize): i32 {
  const total = load<i32>(desc, 4)
  const width = load<i32>(desc, 8)
  const c0 = chunk * width
  const c1 = min(total, c0 + width)
  const n = <usize>(c1 - c0)
  const o = <usize>c0 << 2 // byte offset of the chunk's first element
  switch (load<i32>(desc)) {
    case OP_GEMM: {
      const M = ia(desc, 9), N = ia(desc, 10)
      const cols = load<i32>(desc, 12) == 0
      gemm(ua(desc, 0), ia(desc, 1), ia(desc, 2), ua(desc, 3), ia(desc, 4), ia(desc, 5), ua(desc, 6), ua(desc, 7), ia(desc, 8),
        cols ? 0 : c0, cols ? M : c1, cols ? c0 : 0, cols ? c1 : N, ia(desc, 11), scratch, ua(desc, 12))
      return 0
    }
    case OP_ACT_FORWARD: act_forward(ia(desc, 0), ua(desc, 1) + o, ua(desc, 2) + o, <i32>n); return 0
    case OP_ACT_BACKWARD: act_backward(ia(desc, 0), ua(desc, 1) + o, ua(desc, 2) + o, ua(desc, 3) + o, ua(desc, 4) + o, <i32>n); return 0
    case OP_SOFTMAX_FORWARD: {
      const w = ia(desc, 2), r = o * <usize>w
      softmax_forward(ua(desc, 0) + r, ua(desc, 1) + r, <i32>n, w)
      return 0
    }
    case OP_SOFTMAX_BACKWARD: {
      const w = ia(desc, 3), r = o * <usize>w
      softmax_backward(ua(desc, 0) + r, ua(desc, 1) + r, ua(desc, 2) + r, <i32>n, w)
      return 0
    }
    case OP_SGD: sgd_step(ua(desc, 0) + o, ua(desc, 1) + o, fa(desc, 0), <i32>n); return 0
    case OP_MOMENTUM: momentum_step(ua(desc, 0) + o, ua(desc, 1) + o, ua(desc, 2) + o, fa(desc, 0), fa(desc, 1), ia(desc, 3), <i32>n); return 0
    case OP_ADAM:
      adam_step(ua(desc, 0) + o, ua(desc, 1) + o, ua(desc, 2) + o, ua(desc, 3) + o,
        fa(desc, 0), fa(desc, 1), fa(desc, 2), fa(desc, 3), fa(desc, 4), fa(desc, 5), fa(desc, 6), fa(desc, 7), <i32>n)
      return 0
    case OP_AXPY: axpy(fa(desc, 0), ua(desc, 0) + o, ua(desc, 1) + o, <i32>n); return 0
    case OP_COL_SUM: col_sum(ua(desc, 0), ua(desc, 1), ia(desc, 2), ia(desc, 3), c0, c1); return 0
    case OP_SUM_SQUARES: store<f64>(ua(desc, 1) + (<usize>chunk << 3), sum_squares(ua(desc, 0) + o, <i32>n)); return 0
    default: return 1
  }
}
