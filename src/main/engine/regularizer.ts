import type { FloatArray, Kernels } from './kernels/types'

/**
 * The L2 weight penalty, a value with its gradient: penalty = λ/(2m)·Σ‖W‖² over every weight matrix (biases are
 * not penalised; m is the batch size, so λ means the same for every batch size, like sklearn's alpha), and its
 * gradient (λ/m)·W added to dW. This is the one place λ enters training.
 */
export interface Regularizer {
  /** The penalty for weight matrices `W` at strength `lambda` on a batch of `m` rows (Σ‖W‖² through the backend's sumSquares). */
  penalty<F extends FloatArray>(kernels: Kernels<F>, W: readonly F[], lambda: number, m: number): number
  /** dW[l] += ∂penalty/∂W[l] for every layer (through the backend's axpy). */
  grad<F extends FloatArray>(kernels: Kernels<F>, W: readonly F[], dW: readonly F[], lambda: number, m: number): void
}

export const L2: Regularizer = {
  penalty(kernels, W, lambda, m) {
    if (lambda === 0) return 0
    let s = 0
    for (const w of W) s += kernels.sumSquares(w, w.length)
    return (lambda / (2 * m)) * s
  },
  grad(kernels, W, dW, lambda, m) {
    if (lambda === 0) return
    for (let l = 0; l < W.length; l++) kernels.axpy(lambda / m, W[l], dW[l], W[l].length)
  },
}
