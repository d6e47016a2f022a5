import { beforeAll, describe, expect, it } from 'vitest'
import { ACTIVATIONS, type ActivationName } from '../../../src/shared/config'
import type { FloatArray, Kernels } from '../../../src/main/engine/kernels/types'

/**
 * The behaviour every Kernels backend must show, as a reusable suite: call
 *
 *   describeKernelsContract('wasm-simd', async () => createWasmKernels())
 *
 * from a *.test.ts file. `makeKernels` may be async; it is called once (beforeAll). Each kernel is compared with
 * a naive float64 loop written here (independent of the engine's code) on odd shapes (1x1x1, 3x5x7, widths that
 * are not multiples of 4 or 8), with outputs pre-filled with garbage (kernels must overwrite, except axpy which
 * adds) and sentinels past `length` (kernels must not write beyond it).
 *
 * Tolerances depend on the element type the backend allocates: float32 backends are compared with
 * |got − want| ≤ 2e-5 · (Σ|terms| + 1e-6·…), float64 backends with 1e-12 of the same scale.
 */
export function describeKernelsContract(name: string, makeKernels: () => Kernels | Promise<Kernels>): void {
  describe(`kernels contract: ${name}`, () => {
    let k: Kernels
    let f32 = true
    beforeAll(async () => {
      k = await makeKernels()
      f32 = k.alloc(1).BYTES_PER_ELEMENT === 4
    })
    const tol = () => (f32 ? 2e-5 : 1e-12)

    /** Deterministic pseudo-random fill in [-1, 1) (no Math.random: reproducible failures). */
    let seed = 12345
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed / 2 ** 32) * 2 - 1
    }
    const filled = (n: number, scale = 1): FloatArray => {
      const a = k.alloc(n)
      for (let i = 0; i < n; i++) a[i] = rand() * scale
      return a
    }
    const garbage = (n: number): FloatArray => k.alloc(n).fill(777)
    /** Compares got[i] with want[i] within tol·scale[i]. */
    const expectClose = (what: string, got: ArrayLike<number>, want: ArrayLike<number>, scale: ArrayLike<number>): void => {
      const bad: string[] = []
      for (let i = 0; i < want.length; i++) {
        const err = Math.abs(got[i] - want[i])
        if (!(err <= tol() * (scale[i] + 1e-3))) bad.push(`${what}[${i}]: got ${got[i]}, want ${want[i]}`)
      }
      expect(bad.slice(0, 5)).toEqual([])
    }

    const shapes: Array<[number, number, number]> = [
      [1, 1, 1],
      [3, 5, 7],
      [2, 4, 4],
      [5, 3, 9],
      [7, 13, 6],
      [4, 8, 8],
      [9, 17, 11],
      [64, 33, 10],
      [1, 784, 3],
    ]

    it('alloc gives zero-filled buffers of the requested length', () => {
      for (const n of [0, 1, 7, 1000]) {
        const a = k.alloc(n)
        expect(a.length).toBe(n)
        expect(Array.from(a).every((v) => v === 0)).toBe(true)
      }
      expect(typeof k.name).toBe('string')
    })

    it('gemmABtBias: Z = A·Wᵀ + b', () => {
      for (const [m, kk, n] of shapes) {
        const A = filled(m * kk)
        const W = filled(n * kk)
        const b = filled(n)
        const Z = garbage(m * n + 1)
        k.gemmABtBias(A, W, b, Z, m, kk, n)
        const want: number[] = []
        const scale: number[] = []
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = b[j]
            let a = Math.abs(b[j])
            for (let p = 0; p < kk; p++) {
              s += A[i * kk + p] * W[j * kk + p]
              a += Math.abs(A[i * kk + p] * W[j * kk + p])
            }
            want.push(s)
            scale.push(a)
          }
        expectClose(`Z ${m}x${kk}x${n}`, Z, want, scale)
        expect(Z[m * n]).toBe(777)
      }
    })

    it('gemmAtB: dW = Dᵀ·A (overwrites dW; zero rows of D handled)', () => {
      for (const [m, kk, n] of shapes) {
        const D = filled(m * n)
        for (let i = 0; i < D.length; i += 3) D[i] = 0 // relu-like sparsity
        const A = filled(m * kk)
        const dW = garbage(n * kk + 1)
        k.gemmAtB(D, A, dW, m, n, kk)
        const want: number[] = []
        const scale: number[] = []
        for (let j = 0; j < n; j++)
          for (let p = 0; p < kk; p++) {
            let s = 0
            let a = 0
            for (let i = 0; i < m; i++) {
              s += D[i * n + j] * A[i * kk + p]
              a += Math.abs(D[i * n + j] * A[i * kk + p])
            }
            want.push(s)
            scale.push(a)
          }
        expectClose(`dW ${m}x${n}x${kk}`, dW, want, scale)
        expect(dW[n * kk]).toBe(777)
      }
    })

    it('gemmAB: dA = D·W (overwrites dA)', () => {
      for (const [m, kk, n] of shapes) {
        const D = filled(m * n)
        for (let i = 1; i < D.length; i += 4) D[i] = 0
        const W = filled(n * kk)
        const dA = garbage(m * kk + 1)
        k.gemmAB(D, W, dA, m, n, kk)
        const want: number[] = []
        const scale: number[] = []
        for (let i = 0; i < m; i++)
          for (let p = 0; p < kk; p++) {
            let s = 0
            let a = 0
            for (let j = 0; j < n; j++) {
              s += D[i * n + j] * W[j * kk + p]
              a += Math.abs(D[i * n + j] * W[j * kk + p])
            }
            want.push(s)
            scale.push(a)
          }
        expectClose(`dA ${m}x${n}x${kk}`, dA, want, scale)
        expect(dA[m * kk]).toBe(777)
      }
    })

    it('colSum: db = column sums of D (overwrites db)', () => {
      for (const [m, , n] of shapes) {
        const D = filled(m * n)
        const db = garbage(n + 1)
        k.colSum(D, db, m, n)
        const want: number[] = []
        const scale: number[] = []
        for (let j = 0; j < n; j++) {
          let s = 0
          let a = 0
          for (let i = 0; i < m; i++) {
            s += D[i * n + j]
            a += Math.abs(D[i * n + j])
          }
          want.push(s)
          scale.push(a)
        }
        expectClose(`db ${m}x${n}`, db, want, scale)
        expect(db[n]).toBe(777)
      }
    })

    // Reference definitions written independently of the engine.
    const sig = (z: number) => 1 / (1 + Math.exp(-z))
    const scalar: Record<Exclude<ActivationName, 'softmax'>, { f: (z: number) => number; d: (z: number) => number }> = {
      identity: { f: (z) => z, d: () => 1 },
      sigmoid: { f: sig, d: (z) => sig(z) * (1 - sig(z)) },
      tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2 },
      relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
      'leaky-relu': { f: (z) => (z > 0 ? z : 0.01 * z), d: (z) => (z > 0 ? 1 : 0.01) },
      softplus: { f: (z) => Math.log(1 + Math.exp(z)), d: sig },
      elu: { f: (z) => (z > 0 ? z : Math.exp(z) - 1), d: (z) => (z > 0 ? 1 : Math.exp(z)) },
      step: { f: (z) => (z >= 0 ? 1 : 0), d: () => 0 },
    }

    it('activate and activateBackward match the reference for every element-wise activation', () => {
      const m = 3
      const n = 7
      for (const fn of ACTIVATIONS) {
        if (fn === 'softmax') continue
        const Z = filled(m * n, 4)
        Z[0] = 0.5 // away from the kinks at 0
        const A = garbage(m * n + 1)
        k.activate(fn, Z, A, m, n)
        const ref = scalar[fn]
        expectClose(`${fn}(Z)`, A, Array.from(Z.subarray(0, m * n), ref.f), Array.from(Z.subarray(0, m * n), (z) => Math.abs(ref.f(z)) + 1))
        expect(A[m * n]).toBe(777)
        const dA = filled(m * n)
        const dZ = garbage(m * n + 1)
        k.activateBackward(fn, Z, A, dA, dZ, m, n)
        const want = Array.from(Z.subarray(0, m * n), (z, i) => dA[i] * ref.d(z))
        expectClose(`${fn}'(Z)`, dZ, want, want.map((w) => Math.abs(w) + 1))
        expect(dZ[m * n]).toBe(777)
      }
    })

    it('activations stay finite and saturate correctly at extreme inputs', () => {
      const zs = [-1000, -100, -30, 30, 100, 1000]
      const Z = k.alloc(zs.length)
      Z.set(zs)
      const A = k.alloc(zs.length)
      k.activate('sigmoid', Z, A, 1, zs.length)
      expect(Array.from(A).every(Number.isFinite)).toBe(true)
      expect(A[0]).toBe(0)
      expect(A[zs.length - 1]).toBe(1)
      k.activate('softplus', Z, A, 1, zs.length)
      expect(Array.from(A).every(Number.isFinite)).toBe(true)
      expect(A[zs.length - 1]).toBeCloseTo(1000, 3)
      k.activate('softmax', Z, A, 1, zs.length)
      expect(Array.from(A).every(Number.isFinite)).toBe(true)
      expect(A[zs.length - 1]).toBe(1)
      k.activate('elu', Z, A, 1, zs.length)
      expect(A[0]).toBe(-1)
    })

    it('softmax is row-wise and its backward is the true Jacobian-vector product', () => {
      for (const [m, n] of [[1, 1], [3, 5], [4, 10], [2, 3]]) {
        const Z = filled(m * n, 5)
        const A = garbage(m * n)
        k.activate('softmax', Z, A, m, n)
        const dA = filled(m * n)
        const dZ = garbage(m * n)
        k.activateBackward('softmax', Z, A, dA, dZ, m, n)
        for (let i = 0; i < m; i++) {
          const z = Array.from(Z.subarray(i * n, i * n + n))
          const max = Math.max(...z)
          const e = z.map((v) => Math.exp(v - max))
          const s = e.reduce((a, b) => a + b, 0)
          const p = e.map((v) => v / s)
          expectClose(`softmax row ${i}`, A.subarray(i * n, i * n + n), p, p.map(() => 1))
          // J[a][b] = p_a (δ_ab − p_b); dZ_b = Σ_a dA_a J[a][b]
          const want = p.map((pb, b) => {
            let s2 = 0
            for (let a = 0; a < n; a++) s2 += dA[i * n + a] * p[a] * ((a === b ? 1 : 0) - pb)
            return s2
          })
          expectClose(`softmax' row ${i}`, dZ.subarray(i * n, i * n + n), want, want.map(() => 1))
        }
      }
    })

    it('gatherRows copies the chosen rows from any array, Uint32Array or Int32Array indices', () => {
      const cols = 5
      const src = Float64Array.from({ length: 6 * cols }, (_, i) => i + 0.5)
      for (const rows of [Uint32Array.of(4, 0, 5, 2, 2), Int32Array.of(4, 0, 5, 2, 2)]) {
        const out = garbage(3 * cols + 1)
        k.gatherRows(src, rows, 1, 3, cols, out)
        const want = [0, 5, 2].flatMap((r) => Array.from({ length: cols }, (_, c) => r * cols + c + 0.5))
        expect(Array.from(out.subarray(0, 3 * cols))).toEqual(want)
        expect(out[3 * cols]).toBe(777)
      }
      const plain = Array.from({ length: 2 * 3 }, (_, i) => i)
      const out = k.alloc(3)
      k.gatherRows(plain, Uint32Array.of(1), 0, 1, 3, out)
      expect(Array.from(out)).toEqual([3, 4, 5])
    })

    it('sgdStep: W −= lr·G over exactly `length` elements', () => {
      const W = filled(11)
      const W0 = Array.from(W)
      const G = filled(11)
      k.sgdStep(W, G, 0.1, 10)
      expectClose('W', W.subarray(0, 10), W0.slice(0, 10).map((w, i) => w - 0.1 * G[i]), W0.map(() => 1))
      expect(W[10]).toBe(W0[10])
    })

    it('momentumStep: classic and Nesterov', () => {
      for (const nesterov of [false, true]) {
        const W = filled(9)
        const V = filled(9, 0.1)
        const G = filled(9)
        const W0 = Array.from(W)
        const V0 = Array.from(V)
        k.momentumStep(W, V, G, 0.1, 0.9, nesterov, 8)
        const V1 = V0.map((v, i) => 0.9 * v - 0.1 * G[i])
        const W1 = W0.map((w, i) => (nesterov ? w + 0.9 * V1[i] - 0.1 * G[i] : w + V1[i]))
        expectClose(`V (nesterov=${nesterov})`, V.subarray(0, 8), V1.slice(0, 8), V1.map(() => 1))
        expectClose(`W (nesterov=${nesterov})`, W.subarray(0, 8), W1.slice(0, 8), W1.map(() => 1))
        expect(W[8]).toBe(W0[8])
        expect(V[8]).toBe(V0[8])
      }
    })

    it('adamStep: moments and bias-corrected update at t = 1 and t = 3', () => {
      for (const t of [1, 3]) {
        const W = filled(7)
        const M = filled(7, 0.1)
        const V = k.alloc(7)
        for (let i = 0; i < 7; i++) V[i] = Math.abs(rand()) * 0.01
        const G = filled(7)
        const [W0, M0, V0] = [Array.from(W), Array.from(M), Array.from(V)]
        k.adamStep(W, M, V, G, 0.01, 0.9, 0.999, 1e-8, t, 6)
        const M1 = M0.map((mm, i) => 0.9 * mm + 0.1 * G[i])
        const V1 = V0.map((vv, i) => 0.999 * vv + 0.001 * G[i] * G[i])
        const W1 = W0.map((w, i) => w - (0.01 * (M1[i] / (1 - 0.9 ** t))) / (Math.sqrt(V1[i] / (1 - 0.999 ** t)) + 1e-8))
        expectClose(`M t=${t}`, M.subarray(0, 6), M1.slice(0, 6), M1.map(() => 1))
        expectClose(`V t=${t}`, V.subarray(0, 6), V1.slice(0, 6), V1.map(() => 1))
        expectClose(`W t=${t}`, W.subarray(0, 6), W1.slice(0, 6), W1.map(() => 1))
        expect(W[6]).toBe(W0[6])
      }
    })

    it('axpy: Y += a·X (adds) over exactly `length` elements', () => {
      const X = filled(13)
      const Y = filled(13)
      const Y0 = Array.from(Y)
      k.axpy(0.25, X, Y, 12)
      expectClose('Y', Y.subarray(0, 12), Y0.slice(0, 12).map((y, i) => y + 0.25 * X[i]), Y0.map(() => 1))
      expect(Y[12]).toBe(Y0[12])
    })

    it('sumSquares: Σ X[i]² in double precision over exactly `length` elements; non-finite stays non-finite', () => {
      for (const n of [1, 3, 7, 8, 9, 33, 1001]) {
        const X = filled(n + 1)
        X[n] = 1e6 // past `length`: must not count
        let want = 0
        for (let i = 0; i < n; i++) want += X[i] * X[i]
        expect(Math.abs(k.sumSquares(X, n) - want), `length ${n}`).toBeLessThanOrEqual(1e-12 * want)
      }
      const X = filled(21)
      X[20] = Infinity
      expect(k.sumSquares(X, 21)).toBe(Infinity)
      X[20] = NaN
      expect(k.sumSquares(X, 21)).toBeNaN()
      X[20] = 3e38 // finite float32 whose square overflows float32 but not the double accumulator
      expect(k.sumSquares(X, 21)).toBeGreaterThan(8.9e76)
    })
  })
}
