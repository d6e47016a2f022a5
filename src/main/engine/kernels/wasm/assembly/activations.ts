// Activation forward and backward over float32 blocks. Element-wise functions take a flat length (the caller
// may hand a thread any sub-range); softmax works on whole rows. Tails shorter than four lanes go through the
// same four-lane code (one lane used) so a value's result does not depend on its position.
import { exp4, expm1_4, sigmoid4, softplus4, tanh4 } from './vmath'

// Codes shared with the JS side (activation-codes.ts); the order is the ACTIVATIONS list of shared/config.ts.
export const ACT_IDENTITY = 0
export const ACT_SIGMOID = 1
export const ACT_TANH = 2
export const ACT_RELU = 3
export const ACT_LEAKY_RELU = 4
export const ACT_SOFTPLUS = 5
export const ACT_ELU = 6
export const ACT_SOFTMAX = 7
export const ACT_STEP = 8

const LEAKY: f32 = 0.01

// @ts-ignore: decorator
@inline function fwd(code: i32, z: v128): v128 {
  const zero = f32x4.splat(0)
  switch (code) {
    case ACT_SIGMOID: return sigmoid4(z)
    case ACT_TANH: return tanh4(z)
    case ACT_RELU: return v128.and(z, f32x4.gt(z, zero))
    case ACT_LEAKY_RELU: return v128.bitselect(z, f32x4.mul(z, f32x4.splat(LEAKY)), f32x4.gt(z, zero))
    case ACT_SOFTPLUS: return softplus4(z)
    case ACT_ELU: return v128.bitselect(z, expm1_4(z), f32x4.gt(z, zero))
    case ACT_STEP: return v128.and(f32x4.splat(1), f32x4.ge(z, zero))
    default: return z
  }
}

// dZ for element-wise functions given z, a = f(z) and g = dL/da.
// @ts-ignore: decorator
@inline function bwd(code: i32, z: v128, a: v128, g: v128): v128 {
  const zero = f32x4.splat(0)
  const one = f32x4.splat(1)
  switch (code) {
    case ACT_SIGMOID: return f32x4.mul(f32x4.mul(g, a), f32x4.sub(one, a))
    // (1 − a)(1 + a) rather than 1 − a²: 1 − a is exact for |a| ≥ ½, so saturated units keep their precision.
    case ACT_TANH: return f32x4.mul(g, f32x4.mul(f32x4.sub(one, a), f32x4.add(one, a)))
    case ACT_RELU: return v128.and(g, f32x4.gt(z, zero))
    case ACT_LEAKY_RELU: return v128.bitselect(g, f32x4.mul(g, f32x4.splat(LEAKY)), f32x4.gt(z, zero))
    case ACT_SOFTPLUS: return f32x4.mul(g, sigmoid4(z))
    case ACT_ELU: return v128.bitselect(g, f32x4.mul(g, f32x4.add(a, one)), f32x4.gt(z, zero))
    case ACT_STEP: return zero // derivative 0 almost everywhere, as the reference defines it
    default: return g
  }
}

// One loop per code so the switch is resolved outside the hot loop (the inliner specialises each copy).
// @ts-ignore: decorator
@inline function fwdLoop(code: i32, Z: usize, A: usize, len: usize): void {
  const end = len << 2
  let o: usize = 0
  for (; o + 16 <= end; o += 16) v128.store(A + o, fwd(code, v128.load(Z + o)))
  for (; o < end; o += 4) store<f32>(A + o, f32x4.extract_lane(fwd(code, f32x4.splat(load<f32>(Z + o))), 0))
}

// @ts-ignore: decorator
@inline function bwdLoop(code: i32, Z: usize, A: usize, G: usize, D: usize, len: usize): void {
  const end = len << 2
  let o: usize = 0
  for (; o + 16 <= end; o += 16) v128.store(D + o, bwd(code, v128.load(Z + o), v128.load(A + o), v128.load(G + o)))
  for (; o < end; o += 4) {
    const r = bwd(code, f32x4.splat(load<f32>(Z + o)), f32x4.splat(load<f32>(A + o)), f32x4.splat(load<f32>(G + o)))
    store<f32>(D + o, f32x4.extract_lane(r, 0))
  }
}

/** A[0..len) = f(Z[0..len)) for an element-wise activation `code`. */
export function act_forward(code: i32, Z: usize, A: usize, len: i32): void {
  const n = <usize>len
  switch (code) {
    case ACT_SIGMOID: fwdLoop(ACT_SIGMOID, Z, A, n); break
    case ACT_TANH: fwdLoop(ACT_TANH, Z, A, n); break
    case ACT_RELU: fwdLoop(ACT_RELU, Z, A, n); break
    case ACT_LEAKY_RELU: fwdLoop(ACT_LEAKY_RELU, Z, A, n); break
    case ACT_SOFTPLUS: fwdLoop(ACT_SOFTPLUS, Z, A, n); break
    case ACT_ELU: fwdLoop(ACT_ELU, Z, A, n); break
    case ACT_STEP: fwdLoop(ACT_STEP, Z, A, n); break
    default: fwdLoop(ACT_IDENTITY, Z, A, n)
  }
}

/** dZ[0..len) = dA ⊙ f'(Z) for an element-wise activation `code` (A = f(Z) from the forward pass). */
export function act_backward(code: i32, Z: usize, A: usize, G: usize, D: usize, len: i32): void {
  const n = <usize>len
  switch (code) {
    case ACT_SIGMOID: bwdLoop(ACT_SIGMOID, Z, A, G, D, n); break
    case ACT_TANH: bwdLoop(ACT_TANH, Z, A, G, D, n); break
    case ACT_RELU: bwdLoop(ACT_RELU, Z, A, G, D, n); break
    case ACT_LEAKY_RELU: bwdLoop(ACT_LEAKY_RELU, Z, A, G, D, n); break
    case ACT_SOFTPLUS: bwdLoop(ACT_SOFTPLUS, Z, A, G, D, n); break
    case ACT_ELU: bwdLoop(ACT_ELU, Z, A, G, D, n); break
    case ACT_STEP: bwdLoop(ACT_STEP, Z, A, G, D, n); break
    default: bwdLoop(ACT_IDENTITY, Z, A, G, D, n)
  }
}

/** Row-wise softmax over rows [0, m) of width n: A = exp(Z − rowmax) / rowsum. */
export function softmax_forward(Z: usize, A: usize, m: i32, n: i32): void {
  const nB = <usize>n << 2
  const n4 = <usize>(n & ~3) << 2
  for (let i = 0; i < m; i++) {
    const z = Z + <usize>i * nB
    const a = A + <usize>i * nB
    let vmax = f32x4.splat(-Infinity)
    let o: usize = 0
    for (; o < n4; o += 16) vmax = f32x4.max(vmax, v128.load(z + o))
    let mx = max(max(f32x4.extract_lane(vmax, 0), f32x4.extract_lane(vmax, 1)), max(f32x4.extract_lane(vmax, 2), f32x4.extract_lane(vmax, 3)))
    for (; o < nB; o += 4) mx = max(mx, load<f32>(z + o))
    const vm = f32x4.splat(mx)
    let vsum = f32x4.splat(0)
    for (o = 0; o < n4; o += 16) {
      const e = exp4(f32x4.sub(v128.load(z + o), vm))
      v128.store(a + o, e)
      vsum = f32x4.add(vsum, e)
    }
    let sum = (f32x4.extract_lane(vsum, 0) + f32x4.extract_lane(vsum, 1)) + (f32x4.extract_lane(vsum, 2) + f32x4.extract_lane(vsum, 3))
    for (; o < nB; o += 4) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(z + o) - mx)), 0)
      store<f32>(a + o, e)
      sum += e
    }
    const inv = f32x4.splat(<f32>1 / sum)
    for (o = 0; o < n4; o += 16) v128.store(a + o, f32x4.mul(v128.load(a + o), inv))
    for (; o < nB; o += 4) store<f32>(a + o, load<f32>(a + o) * f32x4.extract_lane(inv, 0))
  }
}

/** Softmax backward per row: dZ = A ⊙ (dA − ⟨dA, A⟩). */
export function softmax_backward(A: usize, G: usize, D: usize, m: i32, n: i32): void {
  const nB = <usize>n << 2
  const n4 = <usize>(n & ~3) << 2
  for (let i = 0; i < m; i++) {
    const off = <usize>i * nB
    const a = A + off, g = G + off, d = D + off
    let vdot = f32x4.splat(0)
    let o: usize = 0
    for (; o < n4; o += 16) vdot = f32x4.add(vdot, f32x4.mul(v128.load(a + o), v128.load(g + o)))
    let dot = (f32x4.extract_lane(vdot, 0) + f32x4.extract_lane(vdot, 1)) + (f32x4.extract_lane(vdot, 2) + f32x4.extract_lane(vdot, 3))
    for (; o < nB; o += 4) dot += load<f32>(a + o) * load<f32>(g + o)
    const vd = f32x4.splat(dot)
    for (o = 0; o < n4; o += 16) v128.store(d + o, f32x4.mul(v128.load(a + o), f32x4.sub(v128.load(g + o), vd)))
    for (; o < nB; o += 4) store<f32>(d + o, load<f32>(a + o) * (load<f32>(g + o) - dot))
  }
}
