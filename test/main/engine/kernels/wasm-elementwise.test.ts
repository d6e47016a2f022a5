import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTIVATIONS } from '../../../../src/shared/config'
import { ACTIVATION_FUNCTIONS } from '../../../../src/main/engine/activations'
import { createTsKernels } from '../../../../src/main/engine/kernels/ts'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { filled, firstMismatch, lcg, U32 } from './wasm-helpers'

// Activations, optimizer updates, axpy and column sums against float64 references, on lengths that leave
// every tail (len mod 4) and with values covering the polynomial/branch boundaries of assembly/vmath.ts,
// saturation, overflow/underflow of exp, signed zeros, ±Infinity and NaN.
const SPECIAL = [0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 1e-4, -1e-4, 0.3, -0.3, 0.5, -0.5, 0.6249, 0.625, -0.625, 1, -1, 5, -5, 9, -9, 15, -15, 30, -30, 80, -80, 87.3, -87.3, 88.7, -88.7, 89, -89, 100, -100, 1e4, -1e4, Infinity, -Infinity, NaN]

const ts = createTsKernels(Float32Array)
const relTol = (want: ArrayLike<number>, rel: number, abs: number) => (i: number) => rel * Math.abs(want[i]) + abs

describe.each([
  ['1 thread', { threads: 1 }],
  ['2 threads, always split', { threads: 2, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } }],
] as const)('wasm element-wise kernels (%s)', (_name, opts) => {
  let k: WasmKernels
  beforeAll(async () => {
    k = await createWasmKernels({ ...opts, relaxedSimd: false })
  })
  afterAll(() => k.dispose())

  const inputs = () => {
    const rand = lcg(7)
    const Z = k.alloc(SPECIAL.length + 203)
    Z.set(SPECIAL)
    for (let i = SPECIAL.length; i < Z.length; i++) Z[i] = rand() * 12
    return Z
  }

  it.each(ACTIVATIONS.filter((a) => a !== 'softmax'))('%s forward and backward match the float64 definition', (fn) => {
    const f = ACTIVATION_FUNCTIONS[fn]
    if (f.kind !== 'elementwise') throw new Error('expected element-wise')
    const Z = inputs()
    const len = Z.length
    for (const n of [len, len - 1, len - 2, len - 3]) {
      const A = k.alloc(n + 1).fill(777)
      k.activate(fn, Z, A, 1, n)
      const want = Array.from(Z.subarray(0, n), (z) => f.forward(z))
      // Float32 results of the Cephes-style polynomials: a few ulp, plus an absolute floor at the underflow edge.
      expect(firstMismatch(A, want, relTol(want, 8 * U32, 1e-37)), `${fn} forward, n = ${n}`).toBeNull()
      expect(A[n], 'no write past the block').toBe(777)
    }
    const A = k.alloc(len)
    k.activate(fn, Z, A, 1, len)
    const rand = lcg(8)
    const G = filled(k, len, rand, 3)
    const D = k.alloc(len + 1).fill(777)
    k.activateBackward(fn, Z, A, G, D, 1, len)
    // The reference derivative at the float32 A the forward produced (as the engine uses it).
    const want = Array.from(Z, (z, i) => f.backward(z, A[i], G[i]))
    expect(firstMismatch(D, want, relTol(want, 8 * U32, 1e-37)), `${fn} backward`).toBeNull()
    expect(D[len]).toBe(777)
  })

  it('softmax: rows sum to 1, extreme logits saturate, backward is the Jacobian-vector product', () => {
    const rand = lcg(9)
    for (const [m, n] of [[1, 1], [3, 3], [5, 4], [7, 9], [2, 1003], [66, 10]] as const) {
      const Z = filled(k, m * n, rand, 20)
      if (n > 2) (Z[0] = 1000), (Z[1] = -1000)
      const A = k.alloc(m * n + 1).fill(777)
      k.activate('softmax', Z, A, m, n)
      const G = filled(k, m * n, rand)
      const D = k.alloc(m * n + 1).fill(777)
      k.activateBackward('softmax', Z, A, G, D, m, n)
      for (let i = 0; i < m; i++) {
        const z = Array.from(Z.subarray(i * n, (i + 1) * n))
        const mx = Math.max(...z)
        const e = z.map((v) => Math.exp(v - mx))
        const s = e.reduce((x, y) => x + y, 0)
        const p = e.map((v) => v / s)
        expect(firstMismatch(A.subarray(i * n, (i + 1) * n), p, () => 8 * U32), `softmax row ${i} of ${m}x${n}`).toBeNull()
        const a = Array.from(A.subarray(i * n, (i + 1) * n))
        const g = Array.from(G.subarray(i * n, (i + 1) * n))
        const dot = a.reduce((acc, v, j) => acc + v * g[j], 0)
        const want = a.map((v, j) => v * (g[j] - dot))
        expect(firstMismatch(D.subarray(i * n, (i + 1) * n), want, () => (n + 4) * 2 * U32), `softmax' row ${i}`).toBeNull()
      }
      expect(A[m * n]).toBe(777)
      expect(D[m * n]).toBe(777)
    }
  })

  it('softmax of a row holding NaN is NaN, as in the reference (never a silent number)', () => {
    const Z = k.alloc(6)
    Z.set([1, 2, NaN, 3, 4, 5])
    const A = k.alloc(6)
    k.activate('softmax', Z, A, 1, 6)
    expect(Array.from(A).every(Number.isNaN)).toBe(true)
  })

  it('sgdStep, momentumStep (classic, Nesterov), adamStep and axpy match the TS kernels over exactly `length`', () => {
    for (const len of [0, 1, 3, 4, 5, 17, 1000, 70_001]) {
      const rand = lcg(len + 11)
      const mk = () => filled(k, len + 1, rand)
      const twin = (x: Float32Array) => Float32Array.from(x)
      // Both sides round to float32 in different places; the difference scales with the value and with the
      // size of the update applied to it.
      const close = (what: string, got: Float32Array, want: Float32Array, before: Float32Array) =>
        expect(
          firstMismatch(got, want, (i) => 4 * U32 * Math.abs(want[i]) + 32 * U32 * Math.abs(want[i] - before[i]) + 1e-37),
          `${what}, length ${len}`,
        ).toBeNull()

      const W = mk(), G = mk(), W0 = twin(W), W2 = twin(W)
      k.sgdStep(W, G, 0.1, len), ts.sgdStep(W2, G, 0.1, len)
      close('sgd W', W, W2, W0)
      for (const nesterov of [false, true]) {
        const Wm = mk(), V = mk(), Wm0 = twin(Wm), V0 = twin(V), Wm2 = twin(Wm), V2 = twin(V)
        k.momentumStep(Wm, V, G, 0.05, 0.9, nesterov, len), ts.momentumStep(Wm2, V2, G, 0.05, 0.9, nesterov, len)
        close(`momentum W nesterov=${nesterov}`, Wm, Wm2, Wm0)
        close(`momentum V nesterov=${nesterov}`, V, V2, V0)
      }
      for (const t of [1, 2, 50]) {
        const Wa = mk(), M = mk(), V = k.alloc(len + 1)
        for (let i = 0; i <= len; i++) V[i] = Math.abs(rand()) * 0.01
        const Wa0 = twin(Wa), M0 = twin(M), V0 = twin(V), Wa2 = twin(Wa), M2 = twin(M), V2 = twin(V)
        k.adamStep(Wa, M, V, G, 0.001, 0.9, 0.999, 1e-8, t, len), ts.adamStep(Wa2, M2, V2, G, 0.001, 0.9, 0.999, 1e-8, t, len)
        close(`adam W t=${t}`, Wa, Wa2, Wa0)
        close(`adam M t=${t}`, M, M2, M0)
        close(`adam V t=${t}`, V, V2, V0)
      }
      const Y = mk(), Y0 = twin(Y), Y2 = twin(Y)
      k.axpy(-0.3, G, Y, len), ts.axpy(-0.3, G, Y2, len)
      close('axpy Y', Y, Y2, Y0)
    }
  })

  it('adamStep refuses t < 1 instead of dividing by zero', () => {
    const a = k.alloc(4)
    expect(() => k.adamStep(a, a, a, a, 0.1, 0.9, 0.999, 1e-8, 0, 4)).toThrow(/t must be an integer ≥ 1/)
  })

  it('colSum matches float64 sums on narrow, wide and odd blocks', () => {
    const rand = lcg(12)
    for (const [m, n] of [[1, 1], [3, 7], [64, 10], [5, 130], [64, 784], [1000, 77]] as const) {
      const D = filled(k, m * n, rand)
      const db = k.alloc(n + 1).fill(777)
      k.colSum(D, db, m, n)
      const want = new Float64Array(n)
      const scale = new Float64Array(n)
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) (want[j] += D[i * n + j]), (scale[j] += Math.abs(D[i * n + j]))
      expect(firstMismatch(db, want, (j) => (m + 2) * 2 * U32 * scale[j]), `${m}x${n}`).toBeNull()
      expect(db[n]).toBe(777)
    }
  })
})

describe('wasm sumSquares', () => {
  it('is Σx² in double precision over exactly `length` elements', async () => {
    const k = await createWasmKernels({ threads: 1 })
    for (const len of [0, 1, 3, 4, 5, 101_770]) {
      const X = filled(k, len + 1, lcg(len), 3)
      let want = 0
      for (let i = 0; i < len; i++) want += X[i] * X[i]
      expect(Math.abs(k.sumSquares(X, len) - want)).toBeLessThanOrEqual(1e-12 * want)
    }
    const big = k.alloc(8).fill(1e30)
    expect(k.sumSquares(big, 8) / (8 * Math.fround(1e30) ** 2)).toBeCloseTo(1, 12) // no float32 overflow
    await k.dispose()
  })

  it('gives the same number on the pool as on one thread (blocks summed in order), non-finite in any block stays non-finite', async () => {
    const one = await createWasmKernels({ threads: 1 })
    const two = await createWasmKernels({ threads: 2, tuning: { adaptive: false } })
    for (const len of [16_384, 16_385, 40_000, 101_770]) {
      const a = filled(one, len, lcg(len), 5)
      const b = two.alloc(len)
      b.set(a)
      expect(two.sumSquares(b, len), `length ${len}`).toBe(one.sumSquares(a, len))
      b[len - 1] = NaN
      expect(two.sumSquares(b, len)).toBeNaN()
      b[len - 1] = 1, b[len >> 1] = Infinity
      expect(two.sumSquares(b, len)).toBe(Infinity)
    }
    await Promise.all([one.dispose(), two.dispose()])
  })
})
