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
//
// Zero skipping. Inputs are often sparse (MNIST pixels are ~80 % zeros; one-hot columns of tabular data too),
// and a step of K whose L or R values are exactly zero adds nothing. Two exact shortcuts, each taken only
// when it removes enough work to pay for its index loads (otherwise the dense kernels above run):
//   - rows of L (forward: the input batch): for each 4-row block, the caller lists the k where at least one
//     of the 4 rows is non-zero (build_row_lists, once per product and shared by every thread's chunks);
//     the block's tile then steps only through those k;
//   - rows of R (dW = Dᵀ·A: the input batch again): packing drops panel rows whose 8 values are all zero
//     and records where the kept rows came from; the tiles step through the compacted panel.
// A skipped term is 0·r, which would add ±0 to the accumulator: results equal the dense kernel's except for
// the sign of a zero, and except that a non-finite value of the *other* operand facing only zeros is not
// turned into NaN (0·∞). Training never has non-finite weights (the trainer stops before they reach them).
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
 * 4 x 8 block over the k listed at ks (u32 indices, n of them), panel dense. The block's 4 values of L for the
 * t-th listed k are packed side by side at pk + 16t (build_row_lists), so L is read sequentially from a few KB
 * with constant offsets instead of from 4 rows a whole row length apart.
 */
function tile4x8Listed(ks: usize, pk: usize, n: i32, rp: usize, cp: usize, ldcB: usize, bp: usize): void {
  const b0 = initAcc(bp, 0), b1 = initAcc(bp, 1)
  let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1
  const kend = ks + (<usize>n << 2)
  while (ks < kend) {
    const r = rp + (<usize>load<u32>(ks) << 5)
    const r0 = v128.load(r), r1 = v128.load(r, 16)
    let l = v128.load32_splat(pk)
    c00 = madd(l, r0, c00); c01 = madd(l, r1, c01)
    l = v128.load32_splat(pk, 4)
    c10 = madd(l, r0, c10); c11 = madd(l, r1, c11)
    l = v128.load32_splat(pk, 8)
    c20 = madd(l, r0, c20); c21 = madd(l, r1, c21)
    l = v128.load32_splat(pk, 12)
    c30 = madd(l, r0, c30); c31 = madd(l, r1, c31)
    ks += 4
    pk += 16
  }
  v128.store(cp, c00); v128.store(cp, c01, 16); cp += ldcB
  v128.store(cp, c10); v128.store(cp, c11, 16); cp += ldcB
  v128.store(cp, c20); v128.store(cp, c21, 16); cp += ldcB
  v128.store(cp, c30); v128.store(cp, c31, 16)
}

/**
 * 2 x 16 block (two adjacent panels) over the k listed for a pair of rows, their 2 values per k packed at pk + 8t
 * (the plain-SIMD build's lists, see build_row_lists). Eight accumulators like the 4 x 8 tile and the same 7 loads
 * per 8 multiply-adds, but the union of 2 rows' non-zeros is smaller than that of 4 (MNIST: 29 % of the columns
 * against 39 %).
 */
function tile2x16Listed(ks: usize, pk: usize, n: i32, ra: usize, rb: usize, cp: usize, ldcB: usize, bp: usize): void {
  let a0 = initAcc(bp, 0), a1 = initAcc(bp, 1), a2 = initAcc(bp, 2), a3 = initAcc(bp, 3)
  let b0 = a0, b1 = a1, b2 = a2, b3 = a3
  const kend = ks + (<usize>n << 2)
  while (ks < kend) {
    const k = <usize>load<u32>(ks) << 5
    const p = ra + k, q = rb + k
    const r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(q), r3 = v128.load(q, 16)
    let l = v128.load32_splat(pk)
    a0 = madd(l, r0, a0); a1 = madd(l, r1, a1); a2 = madd(l, r2, a2); a3 = madd(l, r3, a3)
    l = v128.load32_splat(pk, 4)
    b0 = madd(l, r0, b0); b1 = madd(l, r1, b1); b2 = madd(l, r2, b2); b3 = madd(l, r3, b3)
    ks += 4
    pk += 8
  }
  v128.store(cp, a0); v128.store(cp, a1, 16); v128.store(cp, a2, 32); v128.store(cp, a3, 48); cp += ldcB
  v128.store(cp, b0); v128.store(cp, b1, 16); v128.store(cp, b2, 32); v128.store(cp, b3, 48)
}

/** 4 x 8 block over a compacted panel of n rows; offs holds the byte offset in L of each kept row's k. */
function tile4x8Compact(lp: usize, lrsB: usize, offs: usize, n: i32, rp: usize, cp: usize, ldcB: usize, bp: usize): void {
  const b0 = initAcc(bp, 0), b1 = initAcc(bp, 1)
  let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1
  const l1 = lrsB, l2 = lrsB << 1, l3 = lrsB * 3
  const oend = offs + (<usize>n << 2)
  while (offs < oend) {
    const q = lp + <usize>load<u32>(offs)
    const r0 = v128.load(rp), r1 = v128.load(rp, 16)
    let l = v128.load32_splat(q)
    c00 = madd(l, r0, c00); c01 = madd(l, r1, c01)
    l = v128.load32_splat(q + l1)
    c10 = madd(l, r0, c10); c11 = madd(l, r1, c11)
    l = v128.load32_splat(q + l2)
    c20 = madd(l, r0, c20); c21 = madd(l, r1, c21)
    l = v128.load32_splat(q + l3)
    c30 = madd(l, r0, c30); c31 = madd(l, r1, c31)
    offs += 4
    rp += 32
  }
  v128.store(cp, c00); v128.store(cp, c01, 16); cp += ldcB
  v128.store(cp, c10); v128.store(cp, c11, 16); cp += ldcB
  v128.store(cp, c20); v128.store(cp, c21, 16); cp += ldcB
  v128.store(cp, c30); v128.store(cp, c31, 16)
}

/** 1 x 8 block over a compacted panel (see tile4x8Compact). */
function tile1x8Compact(lp: usize, offs: usize, n: i32, rp: usize, cp: usize, bp: usize): void {
  let c0 = initAcc(bp, 0), c1 = initAcc(bp, 1)
  const oend = offs + (<usize>n << 2)
  while (offs < oend) {
    const l = v128.load32_splat(lp + <usize>load<u32>(offs))
    c0 = madd(l, v128.load(rp), c0)
    c1 = madd(l, v128.load(rp, 16), c1)
    offs += 4
    rp += 32
  }
  v128.store(cp, c0); v128.store(cp, c1, 16)
}

/** Largest inner size (the batch, for dW) with column-pair lists: bounds the scratch they need (48·K bytes a panel). */
const MAX_PAIR_K = 256

/** Bytes of one column pair's list (buildColPairLists): count, K row offsets, K packed value pairs. */
// @ts-ignore: decorator
@inline function colPairBytes(K: i32): usize {
  return 4 + (<usize>K << 2) + (<usize>K << 3)
}

/**
 * For each of the 4 column pairs of R's columns jb..jb+7 (rows p of R contiguous), lists the rows p where either
 * column is non-zero: at dst + h·colPairBytes(K) the count, then the rows' byte offsets p·lcsB into L, then the
 * pairs (R[p, jb + 2h], R[p, jb + 2h + 1]). Branch-free. Returns the total count over the 4 pairs.
 */
function buildColPairLists(R: usize, rrsB: usize, jb: i32, K: i32, dst: usize, lcsB: usize): i32 {
  const pb = colPairBytes(K)
  const o0 = dst + 4, o1 = o0 + pb, o2 = o1 + pb, o3 = o2 + pb
  const vB = <usize>K << 2
  const v0 = o0 + vB, v1 = o1 + vB, v2 = o2 + vB, v3 = o3 + vB
  let n0: usize = 0, n1: usize = 0, n2: usize = 0, n3: usize = 0
  const zero = f32x4.splat(0)
  let s = R + (<usize>jb << 2)
  for (let p = 0; p < K; p++) {
    const a = v128.load(s), b = v128.load(s, 16)
    const ba = <usize>i32x4.bitmask(f32x4.ne(a, zero)), bb = <usize>i32x4.bitmask(f32x4.ne(b, zero))
    const off = <u32>(<usize>p * lcsB)
    store<u32>(o0 + (n0 << 2), off); store<u64>(v0 + (n0 << 3), i64x2.extract_lane(a, 0))
    n0 += <usize>((ba & 3) != 0)
    store<u32>(o1 + (n1 << 2), off); store<u64>(v1 + (n1 << 3), i64x2.extract_lane(a, 1))
    n1 += <usize>((ba & 12) != 0)
    store<u32>(o2 + (n2 << 2), off); store<u64>(v2 + (n2 << 3), i64x2.extract_lane(b, 0))
    n2 += <usize>((bb & 3) != 0)
    store<u32>(o3 + (n3 << 2), off); store<u64>(v3 + (n3 << 3), i64x2.extract_lane(b, 1))
    n3 += <usize>((bb & 12) != 0)
    s += rrsB
  }
  store<i32>(dst, <i32>n0); store<i32>(dst + pb, <i32>n1); store<i32>(dst + 2 * pb, <i32>n2); store<i32>(dst + 3 * pb, <i32>n3)
  return <i32>(n0 + n1 + n2 + n3)
}

/**
 * 16 x 2 block of C (rows of L adjacent: lrs 1) over a column pair's list: per listed row of R, 16 adjacent values
 * of L (4 loads) times the pair's 2 values (2 broadcasts); eight accumulators, 7 loads per 8 multiply-adds. The
 * two columns are stored interleaved (they are neighbours in C's rows).
 */
function tileColPair16(lp: usize, offs: usize, vals: usize, n: i32, cp: usize, ldcB: usize): void {
  const z = f32x4.splat(0)
  let x0 = z, x1 = z, x2 = z, x3 = z, y0 = z, y1 = z, y2 = z, y3 = z
  const oend = offs + (<usize>n << 2)
  while (offs < oend) {
    const q = lp + <usize>load<u32>(offs)
    const d0 = v128.load(q), d1 = v128.load(q, 16), d2 = v128.load(q, 32), d3 = v128.load(q, 48)
    let r = v128.load32_splat(vals)
    x0 = madd(d0, r, x0); x1 = madd(d1, r, x1); x2 = madd(d2, r, x2); x3 = madd(d3, r, x3)
    r = v128.load32_splat(vals, 4)
    y0 = madd(d0, r, y0); y1 = madd(d1, r, y1); y2 = madd(d2, r, y2); y3 = madd(d3, r, y3)
    offs += 4
    vals += 8
  }
  storePairs(cp, ldcB, x0, y0); cp += ldcB << 2
  storePairs(cp, ldcB, x1, y1); cp += ldcB << 2
  storePairs(cp, ldcB, x2, y2); cp += ldcB << 2
  storePairs(cp, ldcB, x3, y3)
}

/** Rows r..r+3 of a 2-column block: (x[t], y[t]) to row t. */
// @ts-ignore: decorator
@inline function storePairs(cp: usize, ldcB: usize, x: v128, y: v128): void {
  const lo = i32x4.shuffle(x, y, 0, 4, 1, 5), hi = i32x4.shuffle(x, y, 2, 6, 3, 7)
  store<u64>(cp, i64x2.extract_lane(lo, 0))
  store<u64>(cp + ldcB, i64x2.extract_lane(lo, 1))
  store<u64>(cp + 2 * ldcB, i64x2.extract_lane(hi, 0))
  store<u64>(cp + 3 * ldcB, i64x2.extract_lane(hi, 1))
}

/** 1 x 2 block over a column pair's list (rows left below the 16-row blocks). */
function tileColPair1(lp: usize, offs: usize, vals: usize, n: i32, cp: usize): void {
  let acc = f32x4.splat(0)
  const oend = offs + (<usize>n << 2)
  while (offs < oend) {
    acc = madd(v128.load32_splat(lp + <usize>load<u32>(offs)), v128.load64_zero(vals), acc)
    offs += 4
    vals += 8
  }
  store<u64>(cp, i64x2.extract_lane(acc, 0))
}

/**
 * A listed or compacted walk pays for its extra index load only when it skips more than this share of K
 * (in 1/20ths: dense when more than 17/20 of the steps remain).
 */
// @ts-ignore: decorator
@inline function worthSkipping(n: i32, K: i32): bool {
  return n * 20 <= K * 17
}

/**
 * Which row lists this build uses: the plain-SIMD build lists pairs of rows for the 2 x 16 tile (measured 22 %
 * faster products on MNIST batches); with fused multiply-add the 4 x 8 tile over 4-row lists was as fast or
 * faster, so the relaxed build keeps those.
 */
// @ts-ignore: decorator
@inline function pairLists(): bool {
  return !ASC_FEATURE_RELAXED_SIMD
}

/** Bytes of one row pair's entry in the pair lists: count, K indices, K packed 2-float columns. */
// @ts-ignore: decorator
@inline function pairListStride(K: i32): usize {
  return (<usize>(K + 1) << 2) + (<usize>K << 3)
}

/** build_row_lists for pairs of rows: no −1 (the 2 x 16 tile has no dense twin; a full list costs one index load a step). */
function buildPairLists(L: usize, lrs: i32, M: i32, K: i32, dst: usize): i32 {
  const lrsB = <usize>lrs << 2
  const stride = pairListStride(K)
  const K4 = K & ~3
  const zero = f32x4.splat(0)
  let blocks = 0
  for (let i = 0; i + 2 <= M; i += 2) {
    const r0 = L + <usize>i * lrsB, r1 = r0 + lrsB
    const out = dst + <usize>blocks * stride + 4
    const pk = dst + <usize>blocks * stride + (<usize>(K + 1) << 2)
    let n: usize = 0
    let p = 0
    for (; p < K4; p += 4) {
      const o = <usize>p << 2
      const a0 = v128.load(r0 + o), a1 = v128.load(r1 + o)
      const bits = <usize>i32x4.bitmask(v128.or(f32x4.ne(a0, zero), f32x4.ne(a1, zero)))
      if (!bits) continue
      // (a0[c], a1[c]) pairs, written at position n; n advances only past the kept ones (branch-free).
      const lo = i32x4.shuffle(a0, a1, 0, 4, 1, 5), hi = i32x4.shuffle(a0, a1, 2, 6, 3, 7)
      store<u64>(pk + (n << 3), i64x2.extract_lane(lo, 0)); store<u32>(out + (n << 2), p)
      n += bits & 1
      store<u64>(pk + (n << 3), i64x2.extract_lane(lo, 1)); store<u32>(out + (n << 2), p + 1)
      n += (bits >> 1) & 1
      store<u64>(pk + (n << 3), i64x2.extract_lane(hi, 0)); store<u32>(out + (n << 2), p + 2)
      n += (bits >> 2) & 1
      store<u64>(pk + (n << 3), i64x2.extract_lane(hi, 1)); store<u32>(out + (n << 2), p + 3)
      n += bits >> 3
    }
    for (; p < K; p++) {
      const o = <usize>p << 2
      const x0 = load<f32>(r0 + o), x1 = load<f32>(r1 + o)
      if (x0 != 0 || x1 != 0) {
        store<u32>(out + (n << 2), p)
        store<f32>(pk + (n << 3), x0); store<f32>(pk + (n << 3), x1, 4)
        n++
      }
    }
    store<i32>(out - 4, <i32>n)
    blocks++
  }
  return blocks
}

/** Bytes of one 4-row block's entry in build_row_lists' output: count, K indices, K packed 4-float columns. */
// @ts-ignore: decorator
@inline function rowListStride(K: i32): usize {
  return (<usize>(K + 1) << 2) + (<usize>K << 4)
}

/**
 * For every 4-row block b of L[0:M, 0:K] (row stride lrs, columns contiguous), writes at dst + b·rowListStride(K)
 * the count n followed by the n column indices k where at least one of the block's rows is non-zero (NaN counts
 * as non-zero), then at +(K + 1)·4 the block's 4 values of each listed column side by side (16 bytes per k);
 * n = −1 when skipping would not pay. Rows past M & ~3 get no list (the 1-row tails run dense). Returns the
 * number of blocks listed. The plain-SIMD build lists pairs of rows instead (buildPairLists).
 */
export function build_row_lists(L: usize, lrs: i32, M: i32, K: i32, dst: usize): i32 {
  if (pairLists()) return buildPairLists(L, lrs, M, K, dst)
  const lrsB = <usize>lrs << 2
  const stride = rowListStride(K)
  const K4 = K & ~3
  const zero = f32x4.splat(0)
  let blocks = 0
  for (let i = 0; i + 4 <= M; i += 4) {
    const r0 = L + <usize>i * lrsB, r1 = r0 + lrsB, r2 = r1 + lrsB, r3 = r2 + lrsB
    const out = dst + <usize>blocks * stride + 4
    const pk = dst + <usize>blocks * stride + (<usize>(K + 1) << 2)
    let n: usize = 0
    let p = 0
    for (; p < K4; p += 4) {
      const o = <usize>p << 2
      const a0 = v128.load(r0 + o), a1 = v128.load(r1 + o), a2 = v128.load(r2 + o), a3 = v128.load(r3 + o)
      const nz = v128.or(v128.or(f32x4.ne(a0, zero), f32x4.ne(a1, zero)), v128.or(f32x4.ne(a2, zero), f32x4.ne(a3, zero)))
      const bits = <usize>i32x4.bitmask(nz)
      if (!bits) continue
      // Transpose the 4 x 4 block: column c = (a0[c], a1[c], a2[c], a3[c]); then write every column and
      // index at position n, advancing n only past the kept ones (branch-free compaction; at most K written).
      const t0 = i32x4.shuffle(a0, a1, 0, 4, 1, 5), t1 = i32x4.shuffle(a0, a1, 2, 6, 3, 7)
      const t2 = i32x4.shuffle(a2, a3, 0, 4, 1, 5), t3 = i32x4.shuffle(a2, a3, 2, 6, 3, 7)
      v128.store(pk + (n << 4), i32x4.shuffle(t0, t2, 0, 1, 4, 5)); store<u32>(out + (n << 2), p)
      n += bits & 1
      v128.store(pk + (n << 4), i32x4.shuffle(t0, t2, 2, 3, 6, 7)); store<u32>(out + (n << 2), p + 1)
      n += (bits >> 1) & 1
      v128.store(pk + (n << 4), i32x4.shuffle(t1, t3, 0, 1, 4, 5)); store<u32>(out + (n << 2), p + 2)
      n += (bits >> 2) & 1
      v128.store(pk + (n << 4), i32x4.shuffle(t1, t3, 2, 3, 6, 7)); store<u32>(out + (n << 2), p + 3)
      n += bits >> 3
    }
    for (; p < K; p++) {
      const o = <usize>p << 2
      const x0 = load<f32>(r0 + o), x1 = load<f32>(r1 + o), x2 = load<f32>(r2 + o), x3 = load<f32>(r3 + o)
      if (x0 != 0 || x1 != 0 || x2 != 0 || x3 != 0) {
        store<u32>(out + (n << 2), p)
        const q = pk + (n << 4)
        store<f32>(q, x0); store<f32>(q, x1, 4); store<f32>(q, x2, 8); store<f32>(q, x3, 12)
        n++
      }
    }
    store<i32>(out - 4, worthSkipping(<i32>n, K) ? <i32>n : -1)
    blocks++
  }
  return blocks
}

/**
 * Packs an 8-column panel of row-contiguous R (columns jb..jb+7) keeping only rows with a non-zero value;
 * offs[t] = (kept row's index)·lcsB, the byte offset of the matching column of L. Branch-free: every row is
 * written, and the write position advances only past kept ones. Returns the number of kept rows.
 */
function packPanelCompact(R: usize, rrsB: usize, jb: i32, K: i32, dst: usize, offs: usize, lcsB: usize): i32 {
  let s = R + (<usize>jb << 2)
  let d = dst
  let n: usize = 0
  const zero = f32x4.splat(0)
  for (let p = 0; p < K; p++) {
    const a = v128.load(s), b = v128.load(s, 16)
    v128.store(d, a)
    v128.store(d, b, 16)
    store<u32>(offs + (n << 2), <usize>p * lcsB)
    const keep = <usize>v128.any_true(v128.or(f32x4.ne(a, zero), f32x4.ne(b, zero)))
    d += keep << 5
    n += keep
    s += rrsB
  }
  return <i32>n
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
 * C's row length. `lists` (0 = none) are build_row_lists' lists for L (which then has lcs 1 and i0 a multiple
 * of 4). `scratch` is this thread's, gemmScratchBytes(j1 − j0, K) long: SCRATCH_HEAD bytes, the packed panels
 * (8·K floats each), then per panel its kept-row count and K row offsets.
 */
export function gemm(
  L: usize, lrs: i32, lcs: i32, R: usize, rrs: i32, rcs: i32, bias: usize,
  C: usize, ldc: i32, i0: i32, i1: i32, j0: i32, j1: i32, K: i32, scratch: usize, lists: usize,
): void {
  if (i1 <= i0 || j1 <= j0) return
  const lrsB = <usize>lrs << 2, lcsB = <usize>lcs << 2, rrsB = <usize>rrs << 2, rcsB = <usize>rcs << 2
  const ldcB = <usize>ldc << 2
  const tile = scratch
  const biasPad = scratch + 128
  const panels = scratch + SCRATCH_HEAD
  const panelB = <usize>K << 5
  const npanels = <usize>((j1 - j0 + 7) >> 3)
  const meta = panels + npanels * panelB
  // Per panel: its count (kept rows; −1 dense; −2 column-pair lists), then the compaction's K offsets or, for
  // K ≤ MAX_PAIR_K, room for 4 pair lists (wasm-module.ts gemmScratchBytes sizes the scratch the same way).
  const metaB = K <= MAX_PAIR_K ? 4 + 4 * colPairBytes(K) : <usize>(K + 1) << 2
  if ((i0 & 3) != 0) lists = 0
  // Compacting R's panels pays only with row-contiguous R and without row lists for L.
  const compact = !lists && rcs == 1
  // The weight gradient (L = Dᵀ, adjacent rows; no bias) with at least 16 rows: column-pair lists and 16 x 2 tiles.
  const colPairs = compact && lrs == 1 && !bias && i1 - i0 >= 16 && K <= MAX_PAIR_K
  const listB = <usize>(K + 1) << 2
  // Pack every panel first: the row loop below then reuses each one for the whole height.
  let q: usize = 0
  for (let jb = j0; jb < j1; jb += 8) {
    const w = min(8, j1 - jb)
    const dst = panels + q * panelB
    const m = meta + q * metaB
    let n = -1
    if (colPairs && w == 8) {
      // The pairs' lists skip more than the 8-column compaction (MNIST: 28 % of rows kept against 40 %).
      if (worthSkipping(buildColPairLists(R, rrsB, jb, K, m + 4, lcsB), 4 * K)) n = -2
    }
    if (n == -1 && compact && w == 8) {
      n = packPanelCompact(R, rrsB, jb, K, dst, m + 4, lcsB)
      if (!worthSkipping(n, K)) n = -1
    }
    if (n == -1) packPanel(R, rrsB, rcsB, jb, w, K, dst)
    store<i32>(m, n)
    q++
  }
  // Plain build with lists: full 16-column pairs of panels run the 2 x 16 tile over the row pairs' lists (odd
  // last row dense); the panels left over (fewer than 16 columns) run dense below.
  let jp = j0
  if (lists && pairLists()) {
    const pairs = (j1 - j0) >> 4
    jp = j0 + (pairs << 4)
    const stride = pairListStride(K)
    const i2 = i0 + ((i1 - i0) & ~1)
    for (let t = 0; t < pairs; t++) {
      const jb = j0 + (t << 4)
      const ra = panels + <usize>(t << 1) * panelB, rb = ra + panelB
      const bp: usize = bias ? bias + (<usize>jb << 2) : 0
      const cB = <usize>jb << 2
      for (let i = i0; i < i2; i += 2) {
        const lb = lists + <usize>(i >> 1) * stride
        tile2x16Listed(lb + 4, lb + listB, load<i32>(lb), ra, rb, C + <usize>i * ldcB + cB, ldcB, bp)
      }
      for (let i = i2; i < i1; i++) {
        const lp = L + <usize>i * lrsB
        tile1x8(lp, lcsB, ra, K, C + <usize>i * ldcB + cB, bp)
        tile1x8(lp, lcsB, rb, K, C + <usize>i * ldcB + cB + 32, bp ? bp + 32 : 0)
      }
    }
    lists = 0
  }
  q = 0
  const i4 = i0 + ((i1 - i0) & ~3)
  for (let jb = j0; jb < j1; jb += 8) {
    if (jb < jp) {
      q++
      continue
    }
    const w = min(8, j1 - jb)
    const rp = panels + q * panelB
    const m = meta + q * metaB
    const kept = load<i32>(m)
    q++
    if (kept == -2) {
      const pb = colPairBytes(K)
      for (let h: usize = 0; h < 4; h++) {
        const lb = m + 4 + h * pb
        const n = load<i32>(lb)
        const offs = lb + 4, vals = lb + 4 + (<usize>K << 2)
        const cB = (<usize>jb << 2) + (h << 3)
        let i = i0
        for (; i + 16 <= i1; i += 16) tileColPair16(L + <usize>i * lrsB, offs, vals, n, C + <usize>i * ldcB + cB, ldcB)
        for (; i < i1; i++) tileColPair1(L + <usize>i * lrsB, offs, vals, n, C + <usize>i * ldcB + cB)
      }
      continue
    }
    let bp: usize = 0
    if (bias) {
      if (w == 8) bp = bias + (<usize>jb << 2)
      else {
        for (let c = 0; c < 8; c++) store<f32>(biasPad + (<usize>c << 2), c < w ? load<f32>(bias + (<usize>(jb + c) << 2)) : 0)
        bp = biasPad
      }
    }
    const colB = <usize>jb << 2
    // Full panels store straight into C; the right edge computes 8 columns into the tile and copies w.
    const direct = w == 8
    const wB = <usize>w << 2
    let i = i0
    for (; i < i4; i += 4) {
      const lp = L + <usize>i * lrsB
      const cp = direct ? C + <usize>i * ldcB + colB : tile
      const ldB = direct ? ldcB : 32
      if (kept >= 0) tile4x8Compact(lp, lrsB, m + 4, kept, rp, cp, ldB, bp)
      else if (lists) {
        const lb = lists + <usize>(i >> 2) * rowListStride(K)
        const n = load<i32>(lb)
        if (n >= 0) tile4x8Listed(lb + 4, lb + listB, n, rp, cp, ldB, bp)
        else tile4x8(lp, lrsB, lcsB, rp, K, cp, ldB, bp)
      } else tile4x8(lp, lrsB, lcsB, rp, K, cp, ldB, bp)
      if (!direct) for (let r: usize = 0; r < 4; r++) memory.copy(C + (<usize>i + r) * ldcB + colB, tile + (r << 5), wB)
    }
    for (; i < i1; i++) {
      const lp = L + <usize>i * lrsB
      const cp = direct ? C + <usize>i * ldcB + colB : tile
      if (kept >= 0) tile1x8Compact(lp, m + 4, kept, rp, cp, bp)
      else tile1x8(lp, lcsB, rp, K, cp, bp)
      if (!direct) memory.copy(C + <usize>i * ldcB + colB, tile, wB)
    }
  }
}
