import type { Kernels } from '../../../../src/main/engine/kernels/types'

/** Deterministic pseudo-random numbers in [-1, 1) (reproducible failures, no Math.random). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 32) * 2 - 1
  }
}

/** A backend buffer of n values from `rand`, times `scale`. */
export function filled(k: Kernels<Float32Array>, n: number, rand: () => number, scale = 1): Float32Array {
  const a = k.alloc(n)
  for (let i = 0; i < n; i++) a[i] = rand() * scale
  return a
}

/** float32 unit roundoff. */
export const U32 = 2 ** -24

/**
 * First index where |got − want| > tol[i], described, or null. NaN must meet NaN and ±Infinity the same
 * infinity; a NaN where a number is wanted always fails.
 */
export function firstMismatch(got: ArrayLike<number>, want: ArrayLike<number>, tol: (i: number) => number): string | null {
  if (got.length < want.length) return `got ${got.length} values, want ${want.length}`
  for (let i = 0; i < want.length; i++) {
    const g = got[i]
    const w = want[i]
    if (Number.isNaN(w) ? !Number.isNaN(g) : !Number.isFinite(w) ? g !== w : !(Math.abs(g - w) <= tol(i))) {
      return `[${i}]: got ${g}, want ${w} (tolerance ${tol(i)})`
    }
  }
  return null
}

/** Float64 reference of C[M x N] = Σ_p L(i, p)·R(p, j) and Σ|terms| for each element (the error scale). */
export function naiveProduct(
  M: number, N: number, K: number,
  L: (i: number, p: number) => number,
  R: (p: number, j: number) => number,
  bias?: ArrayLike<number>,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(M * N)
  const scale = new Float64Array(M * N)
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = bias ? bias[j] : 0
      let a = bias ? Math.abs(bias[j]) : 0
      for (let p = 0; p < K; p++) {
        const t = L(i, p) * R(p, j)
        s += t
        a += Math.abs(t)
      }
      value[i * N + j] = s
      scale[i * N + j] = a
    }
  return { value, scale }
}
