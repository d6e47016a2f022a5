// The pool's dispatcher: a helper thread reads one task from its 128-byte slot in shared memory and runs it.
// Slot layout (bytes): 0 seq, 4 done, 8 op, 12 status, 16.. i32 args[16], 80.. f32 args[8]. The JS side
// (thread-pool.ts / task-slots.ts) writes the same layout.
import { gemm } from './gemm'
import { act_backward, act_forward, softmax_backward, softmax_forward } from './activations'
import { adam_step, axpy, col_sum, momentum_step, sgd_step } from './optim'

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

// @ts-ignore: decorator
@inline function ia(slot: usize, k: usize): i32 { return load<i32>(slot + 16 + (k << 2)) }
// @ts-ignore: decorator
@inline function ua(slot: usize, k: usize): usize { return <usize>load<u32>(slot + 16 + (k << 2)) }
// @ts-ignore: decorator
@inline function fa(slot: usize, k: usize): f32 { return load<f32>(slot + 80 + (k << 2)) }

/** Runs the task described at `slot`; returns 0, or 1 for an unknown op. */
export function run_task(slot: usize): i32 {
  switch (load<i32>(slot + 8)) {
    case OP_GEMM:
      gemm(ua(slot, 0), ia(slot, 1), ia(slot, 2), ua(slot, 3), ia(slot, 4), ia(slot, 5), ua(slot, 6),
        ua(slot, 7), ia(slot, 8), ia(slot, 9), ia(slot, 10), ia(slot, 11), ia(slot, 12), ia(slot, 13), ua(slot, 14))
      return 0
    case OP_ACT_FORWARD: act_forward(ia(slot, 0), ua(slot, 1), ua(slot, 2), ia(slot, 3)); return 0
    case OP_ACT_BACKWARD: act_backward(ia(slot, 0), ua(slot, 1), ua(slot, 2), ua(slot, 3), ua(slot, 4), ia(slot, 5)); return 0
    case OP_SOFTMAX_FORWARD: softmax_forward(ua(slot, 0), ua(slot, 1), ia(slot, 2), ia(slot, 3)); return 0
    case OP_SOFTMAX_BACKWARD: softmax_backward(ua(slot, 0), ua(slot, 1), ua(slot, 2), ia(slot, 3), ia(slot, 4)); return 0
    case OP_SGD: sgd_step(ua(slot, 0), ua(slot, 1), fa(slot, 0), ia(slot, 2)); return 0
    case OP_MOMENTUM: momentum_step(ua(slot, 0), ua(slot, 1), ua(slot, 2), fa(slot, 0), fa(slot, 1), ia(slot, 3), ia(slot, 4)); return 0
    case OP_ADAM:
      adam_step(ua(slot, 0), ua(slot, 1), ua(slot, 2), ua(slot, 3), fa(slot, 0), fa(slot, 1), fa(slot, 2), fa(slot, 3), fa(slot, 4), fa(slot, 5), fa(slot, 6), fa(slot, 7), ia(slot, 4))
      return 0
    case OP_AXPY: axpy(fa(slot, 0), ua(slot, 0), ua(slot, 1), ia(slot, 2)); return 0
    case OP_COL_SUM: col_sum(ua(slot, 0), ua(slot, 1), ia(slot, 2), ia(slot, 3), ia(slot, 4), ia(slot, 5)); return 0
    default: return 1
  }
}
