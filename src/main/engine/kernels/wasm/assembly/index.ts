// Entry of the kernels module: every export is a kernel the JS side calls directly, plus the pool dispatcher.
// Pointers are byte offsets into the imported shared memory; lengths and shapes are element counts.
export { gemm, build_row_lists } from './gemm'
export { act_forward, act_backward, softmax_forward, softmax_backward } from './activations'
export { sgd_step, momentum_step, adam_step, axpy, col_sum, sum_squares } from './optim'
export { run_chunk } from './tasks'
