import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { lcg } from './wasm-helpers'

// Zero skipping in assembly/gemm.ts (row lists for L in the forward product, compacted panels of R in dW = Dᵀ·A)
// must give exactly what the dense kernel gives. The plain-SIMD kernel adds fround(l·r) to a float32
// accumulator in k order, starting from the bias; skipping a zero term changes nothing but the sign of a zero.
// So each product is compared, element for element and with ===, to that order emulated with Math.fround,
// on inputs whose zeros hit every path: all-zero 4-row blocks and panels, zero columns, sparse blocks that are
// listed, nearly dense ones that fall back to the dense walk, row tails (m mod 4) and right-edge panels.

const f = Math.fround

type Pattern = 'mnist-like' | 'zero-block' | 'nearly-dense' | 'all-zero' | 'dense'

/** An m x k batch whose zeros follow `pattern` (values in (0, 1] where non-zero, some −0). */
function batch(k: WasmKernels, m: number, cols: number, pattern: Pattern, seed: number): Float32Array {
  const rand = lcg(seed)
  const A = k.alloc(m * cols)
  for (let i = 0; i < m; i++)
    for (let p = 0; p < cols; p++) {
      const u = (rand() + 1) / 2
      let keep: boolean
      if (pattern === 'dense') keep = true
      else if (pattern === 'all-zero') keep = false
      else if (pattern === 'nearly-dense') keep = u > 0.05
      else if (pattern === 'zero-block') keep = Math.floor(i / 4) % 2 === 1 && u > 0.5
      // A blank border (whole columns zero) around a sparse middle, like MNIST's digits.
      else keep = p % 28 >= 4 && p % 28 < 24 && u > 0.6
      A[i * cols + p] = keep ? f((rand() + 1) / 2) : u < 0.02 ? -0 : 0
    }
  return A
}

function values(k: WasmKernels, n: number, seed: number): Float32Array {
  const rand = lcg(seed)
  const a = k.alloc(n)
  for (let i = 0; i < n; i++) a[i] = rand() * 0.5
  return a
}

/** C[i, j] = fround-accumulated Σ_p L(i, p)·R(p, j) in p order, from `init(j)`. */
function emulate(M: number, N: number, K: number, L: (i: number, p: number) => number, R: (p: number, j: number) => number, init: (j: number) => number): Float32Array {
  const C = new Float32Array(M * N)
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let acc = f(init(j))
      for (let p = 0; p < K; p++) acc = f(acc + f(L(i, p) * R(p, j)))
      C[i * N + j] = acc
    }
  return C
}

function firstDifference(got: Float32Array, want: Float32Array, len: number): string | null {
  for (let i = 0; i < len; i++) if (!(got[i] === want[i])) return `[${i}]: got ${got[i]}, want ${want[i]}`
  return null
}

const SHAPES: Array<[number, number, number]> = [
  [4, 16, 8], [5, 17, 9], [8, 33, 16], [13, 56, 10], [64, 784, 16], [67, 112, 13], [3, 40, 8], [1, 784, 8],
  // Wider layers: several panels per product, and the 1-row tail of C in dW (n mod 4).
  [64, 784, 128], [13, 70, 37], [5, 33, 45], [40, 100, 64],
]
const PATTERNS: Pattern[] = ['mnist-like', 'zero-block', 'nearly-dense', 'all-zero', 'dense']

const backends: Array<[string, () => Promise<WasmKernels>]> = [
  ['1 thread', () => createWasmKernels({ threads: 1, relaxedSimd: false })],
  ['2 threads, always split', () => createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, adaptive: false } })],
]

describe.each(backends)('wasm GEMMs skip exact zeros without changing a bit (%s)', (_name, make) => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await make()
  })
  afterAll(() => k.dispose())

  it('forward Z = A·Wᵀ + b with a sparse batch A', () => {
    for (const [m, kk, n] of SHAPES)
      for (const pattern of PATTERNS) {
        const A = batch(k, m, kk, pattern, m + kk), W = values(k, n * kk, 7), b = values(k, n, 8)
        const Z = k.alloc(m * n + 1).fill(777)
        k.gemmABtBias(A, W, b, Z, m, kk, n)
        const want = emulate(m, n, kk, (i, p) => A[i * kk + p], (p, j) => W[j * kk + p], (j) => b[j])
        expect(firstDifference(Z, want, m * n), `${pattern} ${m}x${kk}x${n}`).toBeNull()
        expect(Z[m * n]).toBe(777)
      }
  })

  it('weight gradient dW = Dᵀ·A with a sparse batch A', () => {
    for (const [m, kk, n] of SHAPES)
      for (const pattern of PATTERNS) {
        const A = batch(k, m, kk, pattern, 3 * m + kk), D = values(k, m * n, 9)
        const dW = k.alloc(n * kk + 1).fill(777)
        k.gemmAtB(D, A, dW, m, n, kk)
        const want = emulate(n, kk, m, (j, i) => D[i * n + j], (i, p) => A[i * kk + p], () => 0)
        expect(firstDifference(dW, want, n * kk), `${pattern} ${m}x${n}x${kk}`).toBeNull()
        expect(dW[n * kk]).toBe(777)
      }
  })

  it('back-propagated error dA = D·W with zeros in W', () => {
    for (const [m, kk, n] of SHAPES) {
      const D = values(k, m * n, 10), W = batch(k, n, kk, 'mnist-like', 11)
      const dA = k.alloc(m * kk)
      k.gemmAB(D, W, dA, m, n, kk)
      const want = emulate(m, kk, n, (i, j) => D[i * n + j], (j, p) => W[j * kk + p], () => 0)
      expect(firstDifference(dA, want, m * kk), `${m}x${n}x${kk}`).toBeNull()
    }
  })

  it('a NaN or infinity in the sparse batch is never skipped', () => {
    const m = 8, kk = 64, n = 16
    for (const bad of [NaN, Infinity]) {
      const A = batch(k, m, kk, 'all-zero', 1), W = values(k, n * kk, 2), b = values(k, n, 3)
      A[5 * kk + 17] = bad
      const Z = k.alloc(m * n)
      k.gemmABtBias(A, W, b, Z, m, kk, n)
      for (let j = 0; j < n; j++) expect(Number.isFinite(Z[5 * n + j]), `row 5 col ${j}`).toBe(false)
      expect(Z[4 * n]).toBe(b[0])
      const D = values(k, m * n, 4)
      const dW = k.alloc(n * kk)
      k.gemmAtB(D, A, dW, m, n, kk)
      for (let j = 0; j < n; j++) expect(Number.isFinite(dW[j * kk + 17]), `dW[${j}, 17]`).toBe(false)
      expect(dW[16]).toBe(0)
    }
  })
})
