import { setFlagsFromString } from 'node:v8'
import { afterAll } from 'vitest'
import { describe, expect, it } from 'vitest'
import { detectWasmFeatures } from '../../../../src/main/engine/kernels/wasm/features'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { describeKernelsContract } from '../kernels-contract'
import { filled, firstMismatch, lcg, naiveProduct, U32 } from './wasm-helpers'

// Node 20's V8 ships relaxed SIMD behind a flag (Electron's has it on). Turning the flag on in this test
// process lets CI run the relaxed build — the one the app uses in Electron — through the same checks.
setFlagsFromString('--experimental-wasm-relaxed-simd')
const available = detectWasmFeatures().relaxedSimd

const made: WasmKernels[] = []
afterAll(() => Promise.all(made.map((k) => k.dispose())))
const make = async (threads: number) => {
  const k = await createWasmKernels({ threads, relaxedSimd: true, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } })
  made.push(k)
  return k
}

describe.skipIf(!available)('relaxed-SIMD build', () => {
  it('is chosen automatically when the engine validates it', async () => {
    const k = await createWasmKernels({ threads: 1 })
    made.push(k)
    expect(k.relaxedSimd).toBe(true)
    expect(k.name).toBe('wasm-relaxed-simd')
  })

  it('agrees with the plain SIMD build on a layer-sized product within float32 rounding', async () => {
    const r = await make(1)
    const p = await createWasmKernels({ threads: 1, relaxedSimd: false })
    made.push(p)
    const m = 64, kk = 784, n = 128
    const fill = (k: WasmKernels) => {
      const rand = lcg(5)
      return [filled(k, m * kk, rand), filled(k, n * kk, rand), filled(k, n, rand)]
    }
    const [A1, W1, b1] = fill(r)
    const [A2, W2, b2] = fill(p)
    const Z1 = r.alloc(m * n), Z2 = p.alloc(m * n)
    r.gemmABtBias(A1, W1, b1, Z1, m, kk, n)
    p.gemmABtBias(A2, W2, b2, Z2, m, kk, n)
    let worst = 0
    for (let i = 0; i < m * n; i++) worst = Math.max(worst, Math.abs(Z1[i] - Z2[i]))
    // Σ|terms| ≤ 784 here; fused and unfused rounding differ by at most K·u·Σ|terms| each.
    expect(worst).toBeLessThan(2 * kk * 2 ** -24 * kk)
    expect(worst).toBeGreaterThan(0) // the fused build really is a different computation
  })

  it('skips the zeros of a sparse batch correctly (listed forward tiles, compacted dW panels), 1 and 2 threads', async () => {
    // The fused build's rounding differs from the emulated order of wasm-sparse.test.ts, so this compares with
    // float64 products within the float32 error bound instead.
    for (const threads of [1, 2]) {
      const k = await make(threads)
      const rand = lcg(11)
      for (const [m, kk, n] of [[64, 784, 128], [13, 70, 37], [5, 33, 9]]) {
        // A blank border of whole zero columns and ~90 % zeros inside: 4-row blocks list ~35 % of the columns,
        // panels keep ~57 % of their rows — both below the dense fallback.
        const A = k.alloc(m * kk)
        for (let i = 0; i < m * kk; i++) A[i] = i % kk >= 4 && i % kk < kk - 4 && rand() > 0.8 ? (rand() + 1) / 2 : 0
        const W = filled(k, n * kk, rand), b = filled(k, n, rand), D = filled(k, m * n, rand)
        const Z = k.alloc(m * n)
        k.gemmABtBias(A, W, b, Z, m, kk, n)
        const z = naiveProduct(m, n, kk, (i, p) => A[i * kk + p], (p, j) => W[j * kk + p], b)
        expect(firstMismatch(Z, z.value, (i) => (kk + 2) * 2 * U32 * z.scale[i] + 1e-30), `forward ${m}x${kk}x${n}, ${threads} threads`).toBeNull()
        const dW = k.alloc(n * kk)
        k.gemmAtB(D, A, dW, m, n, kk)
        const w = naiveProduct(n, kk, m, (j, i) => D[i * n + j], (i, p) => A[i * kk + p])
        expect(firstMismatch(dW, w.value, (i) => (m + 2) * 2 * U32 * w.scale[i] + 1e-30), `dW ${m}x${n}x${kk}, ${threads} threads`).toBeNull()
      }
    }
  })
})

if (available) {
  describeKernelsContract('wasm-relaxed-simd (1 thread)', () => make(1))
  describeKernelsContract('wasm-relaxed-simd (2 threads, always split)', () => make(2))
}
