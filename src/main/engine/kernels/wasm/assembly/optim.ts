// Element-wise parameter updates, axpy and column sums. Every function takes a flat range so the thread pool can
// split it; the arithmetic follows the TypeScript reference (kernels/ts.ts) operation for operation, in float32.

/** W -= lr·G over len elements. */
export function sgd_step(W: usize, G: usize, lr: f32, len: i32): void {
  const end = <usize>len << 2
  const vlr = f32x4.splat(lr)
  let o: usize = 0
  for (; o + 16 <= end; o += 16) v128.store(W + o, f32x4.sub(v128.load(W + o), f32x4.mul(vlr, v128.load(G + o))))
  for (; o < end; o += 4) store<f32>(W + o, load<f32>(W + o) - lr * load<f32>(G + o))
}

/** V = μV − lr·G; W += V, or with Nesterov W += μV − lr·G (V already updated). */
export function momentum_step(W: usize, V: usize, G: usize, lr: f32, mu: f32, nesterov: i32, len: i32): void {
  const end = <usize>len << 2
  const vlr = f32x4.splat(lr), vmu = f32x4.splat(mu)
  let o: usize = 0
  if (nesterov) {
    for (; o + 16 <= end; o += 16) {
      const lg = f32x4.mul(vlr, v128.load(G + o))
      const v = f32x4.sub(f32x4.mul(vmu, v128.load(V + o)), lg)
      v128.store(V + o, v)
      v128.store(W + o, f32x4.add(v128.load(W + o), f32x4.sub(f32x4.mul(vmu, v), lg)))
    }
    for (; o < end; o += 4) {
      const lg = lr * load<f32>(G + o)
      const v = mu * load<f32>(V + o) - lg
      store<f32>(V + o, v)
      store<f32>(W + o, load<f32>(W + o) + (mu * v - lg))
    }
  } else {
    for (; o + 16 <= end; o += 16) {
      const v = f32x4.sub(f32x4.mul(vmu, v128.load(V + o)), f32x4.mul(vlr, v128.load(G + o)))
      v128.store(V + o, v)
      v128.store(W + o, f32x4.add(v128.load(W + o), v))
    }
    for (; o < end; o += 4) {
      const v = mu * load<f32>(V + o) - lr * load<f32>(G + o)
      store<f32>(V + o, v)
      store<f32>(W + o, load<f32>(W + o) + v)
    }
  }
}

/**
 * Adam: M = β₁M + (1−β₁)G; V = β₂V + (1−β₂)G²; W -= lr·(M/c1) / (√(V/c2) + ε), with the bias corrections
 * c1 = 1 − β₁ᵗ and c2 = 1 − β₂ᵗ, and b1c = 1 − β₁, b2c = 1 − β₂, computed by the caller in double precision
 * (1 − 0.999 in float32 arithmetic is off by 1e-5 relative, since 0.999 itself is rounded).
 */
export function adam_step(W: usize, M: usize, V: usize, G: usize, lr: f32, b1: f32, b2: f32, eps: f32, c1: f32, c2: f32, b1c: f32, b2c: f32, len: i32): void {
  const end = <usize>len << 2
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vb1c = f32x4.splat(b1c), vb2c = f32x4.splat(b2c)
  const vlr = f32x4.splat(lr), veps = f32x4.splat(eps), vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2)
  let o: usize = 0
  for (; o + 16 <= end; o += 16) {
    const g = v128.load(G + o)
    const m = f32x4.add(f32x4.mul(vb1, v128.load(M + o)), f32x4.mul(vb1c, g))
    const v = f32x4.add(f32x4.mul(vb2, v128.load(V + o)), f32x4.mul(f32x4.mul(vb2c, g), g))
    v128.store(M + o, m)
    v128.store(V + o, v)
    const step = f32x4.div(f32x4.mul(vlr, f32x4.div(m, vc1)), f32x4.add(f32x4.sqrt(f32x4.div(v, vc2)), veps))
    v128.store(W + o, f32x4.sub(v128.load(W + o), step))
  }
  for (; o < end; o += 4) {
    const g = load<f32>(G + o)
    const m = b1 * load<f32>(M + o) + b1c * g
    const v = b2 * load<f32>(V + o) + b2c * g * g
    store<f32>(M + o, m)
    store<f32>(V + o, v)
    store<f32>(W + o, load<f32>(W + o) - (lr * (m / c1)) / (sqrt<f32>(v / c2) + eps))
  }
}

/** Y += a·X over len elements. */
export function axpy(a: f32, X: usize, Y: usize, len: i32): void {
  const end = <usize>len << 2
  const va = f32x4.splat(a)
  let o: usize = 0
  for (; o + 16 <= end; o += 16) v128.store(Y + o, f32x4.add(v128.load(Y + o), f32x4.mul(va, v128.load(X + o))))
  for (; o < end; o += 4) store<f32>(Y + o, load<f32>(Y + o) + a * load<f32>(X + o))
}

/**
 * db[j] = Σᵢ D[i][j] for columns [j0, j1) of D[m x n] (j0, j1 let threads take disjoint column ranges).
 * Sums run down each column in row order, like the reference.
 */
export function col_sum(D: usize, db: usize, m: i32, n: i32, j0: i32, j1: i32): void {
  const nB = <usize>n << 2
  let j = j0
  for (; j + 8 <= j1; j += 8) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0)
    let p = D + (<usize>j << 2)
    for (let i = 0; i < m; i++) {
      s0 = f32x4.add(s0, v128.load(p))
      s1 = f32x4.add(s1, v128.load(p, 16))
      p += nB
    }
    v128.store(db + (<usize>j << 2), s0)
    v128.store(db + (<usize>j << 2), s1, 16)
  }
  for (; j < j1; j++) {
    let s: f32 = 0
    let p = D + (<usize>j << 2)
    for (let i = 0; i < m; i++) { s += load<f32>(p); p += nB }
    store<f32>(db + (<usize>j << 2), s)
  }
}


/** Σ X[i]² over len elements, accumulated in double precision (gradient norms, the L2 penalty). */
export function sum_squares(X: usize, len: i32): f64 {
  const end = <usize>len << 2
  // Four independent f64x2 sums: one chain would wait on the add latency at every step.
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0)
  let o: usize = 0
  for (; o + 32 <= end; o += 32) {
    const v = v128.load(X + o), w = v128.load(X + o, 16)
    const a = f64x2.promote_low_f32x4(v), b = f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))
    const c = f64x2.promote_low_f32x4(w), d = f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 0, 1))
    s0 = f64x2.add(s0, f64x2.mul(a, a))
    s1 = f64x2.add(s1, f64x2.mul(b, b))
    s2 = f64x2.add(s2, f64x2.mul(c, c))
    s3 = f64x2.add(s3, f64x2.mul(d, d))
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3))
  let r = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1)
  for (; o < end; o += 4) {
    const x = <f64>load<f32>(X + o)
    r += x * x
  }
  return r
}
