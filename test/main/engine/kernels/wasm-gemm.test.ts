import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTsKernels } from '../../../../src/main/engine/kernels/ts'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { filled, firstMismatch, lcg, naiveProduct, U32 } from './wasm-helpers'

// The three products against float64 loops, on shapes chosen to hit every code path of assembly/gemm.ts:
// full 4x8 tiles, the 1-row tail (m mod 4), the right-edge panel (n or k mod 8, below and above 4), k = 1,
// a large inner size, batch 1, and empty dimensions. The error bound is the classic one for a sum of K
// products in float32: |error| ≤ K·u·Σ|terms| (u = 2⁻²⁴); the test allows (K + 2)·2u.
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1], [1, 7, 3], [2, 3, 5], [3, 5, 7], [4, 8, 8], [5, 9, 4], [7, 13, 17], [8, 16, 12],
  [13, 1, 9], [6, 33, 31], [17, 64, 10], [64, 784, 10], [1, 2051, 9], [9, 1999, 3], [67, 129, 45], [64, 100, 128],
]
const tol = (K: number, scale: Float64Array) => (i: number) => (K + 2) * 2 * U32 * scale[i] + 1e-30

const ts = createTsKernels(Float32Array)
const backends: Array<[string, () => Promise<WasmKernels>]> = [
  ['1 thread', () => createWasmKernels({ threads: 1, relaxedSimd: false })],
  ['2 threads, always split', () => createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, adaptive: false } })],
]

describe.each(backends)('wasm GEMMs (%s)', (_name, make) => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await make()
  })
  afterAll(() => k.dispose())

  it('gemmABtBias: Z = A·Wᵀ + b, and agrees with the TS kernels', () => {
    const rand = lcg(1)
    for (const [m, kk, n] of SHAPES) {
      const A = filled(k, m * kk, rand), W = filled(k, n * kk, rand), b = filled(k, n, rand)
      const Z = k.alloc(m * n + 1).fill(777)
      k.gemmABtBias(A, W, b, Z, m, kk, n)
      const ref = naiveProduct(m, n, kk, (i, p) => A[i * kk + p], (p, j) => W[j * kk + p], b)
      expect(firstMismatch(Z, ref.value, tol(kk, ref.scale)), `${m}x${kk}x${n}`).toBeNull()
      expect(Z[m * n], 'no write past m·n').toBe(777)
      const Zts = new Float32Array(m * n)
      ts.gemmABtBias(A, W, b, Zts, m, kk, n)
      expect(firstMismatch(Z, Zts, tol(2 * kk, ref.scale)), `vs TS ${m}x${kk}x${n}`).toBeNull()
    }
  })

  it('gemmAtB: dW = Dᵀ·A overwrites dW, and agrees with the TS kernels', () => {
    const rand = lcg(2)
    for (const [m, kk, n] of SHAPES) {
      const D = filled(k, m * n, rand), A = filled(k, m * kk, rand)
      const dW = k.alloc(n * kk + 1).fill(777)
      k.gemmAtB(D, A, dW, m, n, kk)
      const ref = naiveProduct(n, kk, m, (j, i) => D[i * n + j], (i, p) => A[i * kk + p])
      expect(firstMismatch(dW, ref.value, tol(m, ref.scale)), `${m}x${n}x${kk}`).toBeNull()
      expect(dW[n * kk]).toBe(777)
      const dWts = new Float32Array(n * kk)
      ts.gemmAtB(D, A, dWts, m, n, kk)
      expect(firstMismatch(dW, dWts, tol(2 * m, ref.scale)), `vs TS ${m}x${n}x${kk}`).toBeNull()
    }
  })

  it('gemmAB: dA = D·W overwrites dA, and agrees with the TS kernels', () => {
    const rand = lcg(3)
    for (const [m, kk, n] of SHAPES) {
      const D = filled(k, m * n, rand), W = filled(k, n * kk, rand)
      const dA = k.alloc(m * kk + 1).fill(777)
      k.gemmAB(D, W, dA, m, n, kk)
      const ref = naiveProduct(m, kk, n, (i, j) => D[i * n + j], (j, p) => W[j * kk + p])
      expect(firstMismatch(dA, ref.value, tol(n, ref.scale)), `${m}x${n}x${kk}`).toBeNull()
      expect(dA[m * kk]).toBe(777)
      const dAts = new Float32Array(m * kk)
      ts.gemmAB(D, W, dAts, m, n, kk)
      expect(firstMismatch(dA, dAts, tol(2 * n, ref.scale)), `vs TS ${m}x${n}x${kk}`).toBeNull()
    }
  })

  it('an empty inner dimension gives the bias (forward) or zeros (gradients); empty outputs write nothing', () => {
    const b = k.alloc(5)
    b.set([1, 2, 3, 4, 5])
    const Z = k.alloc(15).fill(9)
    k.gemmABtBias(k.alloc(0), k.alloc(0), b, Z, 3, 0, 5)
    expect(Array.from(Z)).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
    const dW = k.alloc(6).fill(9)
    k.gemmAtB(k.alloc(0), k.alloc(0), dW, 0, 2, 3)
    expect(Array.from(dW)).toEqual([0, 0, 0, 0, 0, 0])
    const dA = k.alloc(4).fill(9)
    k.gemmAB(k.alloc(0), k.alloc(0), dA, 2, 0, 2)
    expect(Array.from(dA)).toEqual([0, 0, 0, 0])
    const none = k.alloc(1).fill(9)
    k.gemmABtBias(k.alloc(4), k.alloc(4), k.alloc(0), none, 4, 1, 0)
    expect(none[0]).toBe(9)
  })

  it('accepts subarray views of its buffers at any float offset (unaligned pointers)', () => {
    const rand = lcg(4)
    const m = 5, kk = 11, n = 13
    const A = filled(k, m * kk + 3, rand).subarray(3), W = filled(k, n * kk + 1, rand).subarray(1)
    const b = filled(k, n + 2, rand).subarray(2), Z = k.alloc(m * n + 1).subarray(1)
    k.gemmABtBias(A, W, b, Z, m, kk, n)
    const ref = naiveProduct(m, n, kk, (i, p) => A[i * kk + p], (p, j) => W[j * kk + p], b)
    expect(firstMismatch(Z, ref.value, tol(kk, ref.scale))).toBeNull()
  })
})
