import { describe, expect, it } from 'vitest'
import { createOptimizer, checkOptimizerConfig, OPTIMIZER_FACTORIES } from '../../../src/main/engine/optimizers'
import { tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import type { OptimizerConfig } from '../../../src/shared/config'

/** Two tensors (a "W" of 2 and a "b" of 1) so per-tensor state is exercised. Expected values worked out by hand. */
function run(config: OptimizerConfig, grads: number[][]): number[] {
  const W = Float64Array.from([1, -2])
  const b = Float64Array.from([0.5])
  const opt = createOptimizer(config, tsKernelsF64, [2, 1])
  for (const g of grads) opt.step([W, b], [Float64Array.from(g.slice(0, 2)), Float64Array.from(g.slice(2))])
  return [...W, ...b]
}

const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 12))

describe('optimizers, one hand-computed step (and a second where state matters)', () => {
  it('SGD: W − lr·G', () => {
    // 1 − 0.1·0.5 = 0.95; −2 − 0.1·0.25 = −2.025; 0.5 − 0.1·(−1) = 0.6
    close(run({ kind: 'sgd', learningRate: 0.1 }, [[0.5, 0.25, -1]]), [0.95, -2.025, 0.6])
  })

  it('momentum: V = μV − lr·G, W += V', () => {
    // step 1: V = [−0.05, −0.025, 0.1], W = [0.95, −2.025, 0.6]
    close(run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false }, [[0.5, 0.25, -1]]), [0.95, -2.025, 0.6])
    // step 2 (same G): V = 0.9·V − 0.1·G = [−0.095, −0.0475, 0.19]; W = [0.855, −2.0725, 0.79]
    close(run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false }, [[0.5, 0.25, -1], [0.5, 0.25, -1]]), [0.855, -2.0725, 0.79])
  })

  it('Nesterov momentum: W += μV_new − lr·G', () => {
    // V = [−0.05, −0.025, 0.1]; W += 0.9·V − 0.1·G = [−0.095, −0.0475, 0.19]
    close(run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true }, [[0.5, 0.25, -1]]), [0.905, -2.0475, 0.69])
  })

  it('Adam with bias correction (t = 1, then t = 2)', () => {
    const adam: OptimizerConfig = { kind: 'adam', learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
    // t = 1: m̂ = G, v̂ = G², so W −= 0.1·G/(|G| + 1e-8): 1 − 0.1·0.5/0.50000001 = 0.900000002
    close(run(adam, [[0.5, 0.25, -1]]), [0.900000002, -2.099999996, 0.599999999])
    // t = 2 with G = [−0.5, 0.25, −1]: M = [−0.005, 0.0475, −0.19], V = [0.00049975, 0.0001249375, 0.001999]
    // m̂ = M/0.19, v̂ = V/0.001999 = G²  →  W₁ −= 0.1·(−0.005/0.19)/0.50000001 = +0.0052631578…
    close(run(adam, [[0.5, 0.25, -1], [-0.5, 0.25, -1]]), [0.9052631597894735, -2.1999999919999995, 0.699999998])
  })

  it('is an object per run: state is not shared between two optimizers', () => {
    const a = run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false }, [[0.5, 0.25, -1]])
    const b = run({ kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: false }, [[0.5, 0.25, -1]])
    expect(a).toEqual(b)
  })

  it('refuses unknown kinds (incl. inherited keys) and bad hyper-parameters with field names', () => {
    expect(Object.keys(OPTIMIZER_FACTORIES)).toEqual(['sgd', 'momentum', 'adam'])
    expect(() => createOptimizer({ kind: '__proto__' } as never, tsKernelsF64, [1])).toThrow(/Unknown optimizer "__proto__"; valid: sgd, momentum, adam/)
    expect(() => createOptimizer({ kind: 'constructor' } as never, tsKernelsF64, [1])).toThrow(/Unknown optimizer/)
    expect(checkOptimizerConfig({ kind: 'sgd', learningRate: 0 })).toEqual([expect.stringMatching(/optimizer.learningRate/)])
    expect(checkOptimizerConfig({ kind: 'adam', learningRate: 0.1, beta1: 1, beta2: -0.1, epsilon: 0 })).toHaveLength(3)
    expect(checkOptimizerConfig({ kind: 'momentum', learningRate: 0.1, momentum: 1.5, nesterov: false })[0]).toMatch(/optimizer.momentum must be in \[0, 1\)/)
    expect(checkOptimizerConfig({ kind: 'toString' } as never)[0]).toMatch(/unknown optimizer "toString"/)
  })
})
