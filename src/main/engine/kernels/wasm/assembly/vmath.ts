// Four-lane float32 elementary functions (Cephes single-precision algorithms: range reduction plus a short
// polynomial, ~1-2 ulp). NaN inputs give NaN outputs; overflow gives +Inf, underflow 0, as Math.* would.
import { madd } from './simd'

const LOG2E: f32 = 1.44269504088896341
const LN2_HI: f32 = 0.693359375
const LN2_LO: f32 = -2.12194440e-4
// Outside [EXP_LO, EXP_HI] the float32 result is 0 (or subnormal) / +Inf.
const EXP_HI: f32 = 88.7228391
const EXP_LO: f32 = -87.3365448

/** e^x on four lanes. */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const hi = f32x4.splat(EXP_HI), lo = f32x4.splat(EXP_LO)
  // Clamp (NaN survives: pmin/pmax return the first operand when a comparison is false).
  const xc = f32x4.pmax(f32x4.pmin(x, hi), lo)
  const fx = f32x4.floor(madd(xc, f32x4.splat(LOG2E), f32x4.splat(0.5)))
  let r = f32x4.sub(xc, f32x4.mul(fx, f32x4.splat(LN2_HI)))
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(LN2_LO)))
  const r2 = f32x4.mul(r, r)
  let y = f32x4.splat(1.9875691500e-4)
  y = madd(y, r, f32x4.splat(1.3981999507e-3))
  y = madd(y, r, f32x4.splat(8.3334519073e-3))
  y = madd(y, r, f32x4.splat(4.1665795894e-2))
  y = madd(y, r, f32x4.splat(1.6666665459e-1))
  y = madd(y, r, f32x4.splat(5.0000001201e-1))
  y = madd(y, r2, f32x4.add(r, f32x4.splat(1)))
  // 2^fx built in the exponent bits; fx ∈ [-126, 128], 128 handled by splitting the scale in two.
  const n = i32x4.trunc_sat_f32x4_s(fx)
  const n1 = i32x4.shr_s(n, 1)
  const n2 = i32x4.sub(n, n1)
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23)
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23)
  y = f32x4.mul(f32x4.mul(y, s1), s2)
  // Exact edges: below the normal range → 0, above the float range → +Inf.
  y = v128.andnot(y, f32x4.lt(x, lo))
  return v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, hi))
}

/** e^x − 1 on four lanes, accurate near 0 (a Taylor polynomial for |x| < 0.5, e^x − 1 elsewhere). */
// @ts-ignore: decorator
@inline export function expm1_4(x: v128): v128 {
  let p = f32x4.splat(<f32>(1.0 / 40320.0))
  p = madd(p, x, f32x4.splat(<f32>(1.0 / 5040.0)))
  p = madd(p, x, f32x4.splat(<f32>(1.0 / 720.0)))
  p = madd(p, x, f32x4.splat(<f32>(1.0 / 120.0)))
  p = madd(p, x, f32x4.splat(<f32>(1.0 / 24.0)))
  p = madd(p, x, f32x4.splat(<f32>(1.0 / 6.0)))
  p = madd(p, x, f32x4.splat(0.5))
  p = madd(p, x, f32x4.splat(1))
  p = f32x4.mul(p, x)
  const big = f32x4.sub(exp4(x), f32x4.splat(1))
  const small = f32x4.lt(f32x4.abs(x), f32x4.splat(0.5))
  return v128.bitselect(p, big, small)
}

/** Natural log for x in the normal float range (x > 0); used here only on [1, 2]. */
// @ts-ignore: decorator
@inline export function log4(x: v128): v128 {
  const one = f32x4.splat(1)
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)))
  // mantissa in [0.5, 1)
  let m = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000))
  const lt = f32x4.lt(m, f32x4.splat(0.707106781186547524))
  // if m < √½: e -= 1, m = 2m − 1; else m = m − 1
  e = f32x4.sub(e, v128.and(one, lt))
  m = f32x4.sub(f32x4.add(m, v128.and(m, lt)), one)
  const z = f32x4.mul(m, m)
  let y = f32x4.splat(7.0376836292e-2)
  y = madd(y, m, f32x4.splat(-1.1514610310e-1))
  y = madd(y, m, f32x4.splat(1.1676998740e-1))
  y = madd(y, m, f32x4.splat(-1.2420140846e-1))
  y = madd(y, m, f32x4.splat(1.4249322787e-1))
  y = madd(y, m, f32x4.splat(-1.6668057665e-1))
  y = madd(y, m, f32x4.splat(2.0000714765e-1))
  y = madd(y, m, f32x4.splat(-2.4999993993e-1))
  y = madd(y, m, f32x4.splat(3.3333331174e-1))
  y = f32x4.mul(f32x4.mul(y, m), z)
  y = madd(e, f32x4.splat(LN2_LO), y)
  y = madd(z, f32x4.splat(-0.5), y)
  return madd(e, f32x4.splat(LN2_HI), f32x4.add(m, y))
}

/** log(1 + u) for u ≥ 0, keeping tiny u exact (Goldberg's trick: log(w)·u/(w − 1) with w = 1 + u). */
// @ts-ignore: decorator
@inline export function log1p4(u: v128): v128 {
  const one = f32x4.splat(1)
  const w = f32x4.add(one, u)
  const d = f32x4.sub(w, one)
  const r = f32x4.mul(log4(w), f32x4.div(u, d))
  return v128.bitselect(u, r, f32x4.eq(d, f32x4.splat(0)))
}

/** σ(x) = 1 / (1 + e^−x). */
// @ts-ignore: decorator
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1)
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))))
}

/** tanh: an odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) with the sign put back elsewhere. */
// @ts-ignore: decorator
@inline export function tanh4(x: v128): v128 {
  const one = f32x4.splat(1)
  const ax = f32x4.abs(x)
  const z = f32x4.mul(x, x)
  let p = f32x4.splat(-5.70498872745e-3)
  p = madd(p, z, f32x4.splat(2.06390887954e-2))
  p = madd(p, z, f32x4.splat(-5.37397155531e-2))
  p = madd(p, z, f32x4.splat(1.33314422036e-1))
  p = madd(p, z, f32x4.splat(-3.33332819422e-1))
  const small = madd(f32x4.mul(p, z), x, x)
  const e = exp4(f32x4.add(ax, ax))
  let big = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(e, one)))
  big = v128.or(big, v128.and(x, i32x4.splat(0x80000000))) // copy the sign of x
  // NaN: ax < 0.625 is false, and the big branch propagates NaN through exp.
  return v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.625)))
}

/** softplus(x) = max(x, 0) + log1p(e^−|x|). */
// @ts-ignore: decorator
@inline export function softplus4(x: v128): v128 {
  const zero = f32x4.splat(0)
  const t = log1p4(exp4(f32x4.neg(f32x4.abs(x))))
  return f32x4.add(f32x4.pmax(zero, x), t)
}
