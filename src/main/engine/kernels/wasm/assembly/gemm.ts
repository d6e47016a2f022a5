// One matrix-product driver for all three products of a dense layer:
//
//   C[i0:i1, j0:j1] = L[i0:i1, 0:K] · R[0:K, j0:j1]  (+ bias[j0:j1])
//
// with L and R given by element strides, so that Aᵀ, Dᵀ and Wᵀ need no copies:
//   forward   Z = A·Wᵀ + b : L = A (rs k, cs 1),  R = Wᵀ (rs 1, cs k)
//   dW = Dᵀ·A             : L = Dᵀ (rs 1, cs n), R = A (rs k, cs 1)
//   dA = D·W              : L = D (rs n, cs 1),  R = W (rs k, cs 1)
//
// R's columns are first packed into panels of 8 (K rows x 8 floats, contiguous, zero-padded at the right
// edge), so the micro-kernel streams one 32-byte row of the panel per step from L1 whatever R's layout was.
// The micro-kernel keeps a 4 x 8 block of C in eight v128 accumulators and broadcasts one element of L per row
// and step: 6 loads for 8 multiply-adds. Larger blocks (6x8, 4x12) spill registers under V8 and ran slower.
// Panels are the outer loop so a panel stays in L1 while every row block of L streams past it.
import { madd } from './simd'

/** Bytes of per-thread scratch in front of the packed panels: a 4x8 tile (128 B) and an 8-float bias (32 B). */
export const SCRATCH_HEAD: usize = 256

// @ts-ignore: decorator
@inline function initAcc(bp: usize, half: i32): v128 {
  return bp ? v128.load(bp + (<usize>half << 4)) : f32x4.splat(0)
}

/** 4 x 8 block: rows of L at lp + r·lrsB, columns of the panel rp (K rows of 8 floats), stored to cp. */
function tile4x8(lp: usize, lrsB: usize, lcsB: usize, rp: usize, K: i32, cp: usize, ldcB: usize, bp: usize): void {
  const b0 = initAcc(bp, 0), b1 = initAcc(bp, 1)
  let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1
  const l1 = lrsB, l2 = lrsB << 1, l3 = lrsB * 3
  const rend = rp + (<usize>K << 5)
  while (rp < rend) {
    const r0 = v128.load(rp), r1 = v128.load(rp, 16)
    let l = v128.load32_splat(lp)
    c00 = madd(l, r0, c00); c01 = madd(l, r1, c01)
    l = v128.load32_splat(lp + l1)
    c10 = madd(l, r0, c10); c11 = madd(l, r1, c11)
    l = v128.load32_splat(lp + l2)
    c20 = madd(l, r0, c20); c21 = madd(l, r1, c21)
    l = v128.load32_splat(lp + l3)
    c30 = madd(l, r0, c30); c31 = madd(l, r1, c31)
    lp += lcsB
    rp += 32
  }
  v128.store(cp, c00); v128.store(cp, c01, 16); cp += ldcB
  v128.store(cp, c10); v128.store(cp, c11, 16); cp += ldcB
  v128.store(cp, c20); v128.store(cp, c21, 16); cp += ldcB
  v128.store(cp, c30); v128.store(cp, c31, 16)
}

/** 1 x 8 block for the rows left over when the row count is not a multiple of 4. */
function tile1x8(lp: usize, lcsB: usize, rp: usize, K: i32, cp: usize, bp: usize): void {
  let c0 = initAcc(bp, 0), c1 = initAcc(bp, 1)
  const rend = rp + (<usize>K << 5)
  while (rp < rend) {
    const l = v128.load32_splat(lp)
    c0 = madd(l, v128.load(rp), c0)
    c1 = madd(l, v128.load(rp, 16), c1)
    lp += lcsB
    rp += 32
  }
  v128.store(cp, c0); v128.store(cp, c1, 16)
}

/**
 * Packs columns [jb, jb + w) of R (w ≤ 8) into one panel at dst: dst[p·8 + c] = R[p, jb + c], zero for c ≥ w.
 * Row-contiguous R copies 32-byte rows; column-contiguous R (Wᵀ) transposes 4 x 4 blocks with shuffles.
 */
function packPanel(R: usize, rrsB: usize, rcsB: usize, jb: i32, w: i32, K: i32, dst: usize): void {
  const base = R + <usize>jb * rcsB
  if (w == 8 && rcsB == 4) {
    let s = base
    const end = dst + (<usize>K << 5)
    for (let d = dst; d < end; d += 32) {
      v128.store(d, v128.load(s))
      v128.store(d, v128.load(s, 16), 16)
      s += rrsB
    }
    return
  }
  if (w == 8 && rrsB == 4) {
    // Column c of the panel is the contiguous row (jb + c) of W.
    const K4 = K & ~3
    let p = 0
    for (; p < K4; p += 4) {
      const q = base + (<usize>p << 2)
      for (let half: usize = 0; half < 2; half++) {
        const s = q + half * 4 * rcsB
        const r0 = v128.load(s), r1 = v128.load(s + rcsB), r2 = v128.load(s + 2 * rcsB), r3 = v128.load(s + 3 * rcsB)
        const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7)
        const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7)
        const d = dst + (<usize>p << 5) + (half << 4)
        v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5))
        v128.store(d + 32, i32x4.shuffle(t0, t2, 2, 3, 6, 7))
        v128.store(d + 64, i32x4.shuffle(t1, t3, 0, 1, 4, 5))
        v128.store(d + 96, i32x4.shuffle(t1, t3, 2, 3, 6, 7))
      }
    }
    for (; p < K; p++) {
      const s = base + (<usize>p << 2)
      const d = dst + (<usize>p << 5)
      for (let c: usize = 0; c < 8; c++) store<f32>(d + (c << 2), load<f32>(s + c * rcsB))
    }
    return
  }
  // Edge panel or unusual strides: element by element, zero padding to 8 columns.
  for (let p = 0; p < K; p++) {
    const s = base + <usize>p * rrsB
    const d = dst + (<usize>p << 5)
    let c = 0
    for (; c < w; c++) store<f32>(d + (<usize>c << 2), load<f32>(s + <usize>c * rcsB))
    for (; c < 8; c++) store<f32>(d + (<usize>c << 2), 0)
  }
}

/**
 * C[i0:i1, j0:j1] = L[i0:i1, :] · R[:, j0:j1] (+ bias[j0:j1] when bias ≠ 0). Strides are in elements; ldc is
 * C's row length. `scratch` is this thread's: SCRATCH_HEAD bytes plus ceil((j1 − j0)/8)·8·K floats.
 */
export function gemm(
  L: usize, lrs: i32, lcs: i32, R: usize, rrs: i32, rcs: i32, bias: usize,
  C: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32, scratch: usize,
): void {
  if (i1 <= i0 || j1 <= j0) return
  const lrsB = <usize>lrs << 2, lcsB = <usize>lcs << 2, rrsB = <usize>rrs << 2, rcsB = <usize>rcs << 2
  const ldcB = <usize>ldc << 2
  const tile = scratch
  const biasPad = scratch + 128
  const panels = scratch + SCRATCH_HEAD
  const panelB = <usize>K << 5
  // Pack every panel first: the row loop below then reuses each one for the whole height.
  let q: usize = 0
  for (let jb = j0; jb < j1; jb += 8) {
    packPanel(R, rrsB, rcsB, jb, min(8, j1 - jb), K, panels + q * panelB)
    q++
  }
  q = 0
  const i4 = i0 + ((i1 - i0) & ~3)
  for (let jb = j0; jb < j1; jb += 8) {
    const w = min(8, j1 - jb)
    const rp = panels + q * panelB
    q++
    let bp: usize = 0
    if (bias) {
      if (w == 8) bp = bias + (<usize>jb << 2)
      else {
        for (let c = 0; c < 8; c++) store<f32>(biasPad + (<usize>c << 2), c < w ? load<f32>(bias + (<usize>(jb + c) << 2)) : 0)
        bp = biasPad
      }
    }
    const colB = <usize>jb << 2
    if (w == 8) {
      let i = i0
      for (; i < i4; i += 4) tile4x8(L + <usize>i * lrsB, lrsB, lcsB, rp, K, C + <usize>i * ldcB + colB, ldcB, bp)
      for (; i < i1; i++) tile1x8(L + <usize>i * lrsB, lcsB, rp, K, C + <usize>i * ldcB + colB, bp)
    } else {
      // Right edge: compute the full 8 columns into the tile, copy the w valid ones.
      const wB = <usize>w << 2
      let i = i0
      for (; i < i4; i += 4) {
        tile4x8(L + <usize>i * lrsB, lrsB, lcsB, rp, K, tile, 32, bp)
        for (let r: usize = 0; r < 4; r++) memory.copy(C + (<usize>i + r) * ldcB + colB, tile + (r << 5), wB)
      }
      for (; i < i1; i++) {
        tile1x8(L + <usize>i * lrsB, lcsB, rp, K, tile, bp)
        memory.copy(C + <usize>i * ldcB + colB, tile, wB)
      }
    }
  }
}
