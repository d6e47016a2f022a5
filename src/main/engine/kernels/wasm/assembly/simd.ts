// Shared SIMD helpers. `ASC_FEATURE_RELAXED_SIMD` is a compile-time constant: the build produces one binary
// with relaxed SIMD (fused multiply-add where the CPU has it) and one with plain SIMD128 only.

/** a·b + c on four lanes: one fused instruction in the relaxed build, a multiply then an add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c)
  return f32x4.add(f32x4.mul(a, b), c)
}

/** Lane-wise select: where `mask` is all ones take `a`, else `b`. */
// @ts-ignore: decorator
@inline export function select4(a: v128, b: v128, mask: v128): v128 {
  return v128.bitselect(a, b, mask)
}
