import { afterAll, describe, expect, it } from 'vitest'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { lcg } from './wasm-helpers'

/**
 * prefetchRows: a helper thread copies the next batch's rows in the background, and the gatherRows that
 * follows takes them. The result must always be what a plain gatherRows gives.
 */
const rows = 500
const cols = 40
const made: WasmKernels[] = []
afterAll(() => Promise.all(made.map((k) => k.dispose())))

async function pooled(): Promise<WasmKernels> {
  const k = await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { adaptive: false } })
  made.push(k)
  return k
}

/** A dataset in a SharedArrayBuffer (as the run manager hands to training threads). */
function sharedData(): Float32Array {
  const X = new Float32Array(new SharedArrayBuffer(rows * cols * 4))
  const r = lcg(7)
  for (let i = 0; i < X.length; i++) X[i] = r()
  return X
}

function expectedRows(X: Float32Array, order: Uint32Array, start: number, count: number): Float32Array {
  const out = new Float32Array(count * cols)
  for (let r = 0; r < count; r++) out.set(X.subarray(order[start + r] * cols, order[start + r] * cols + cols), r * cols)
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('prefetchRows (wasm pool)', () => {
  it('copies the rows on a helper, and the next gatherRows with the same arguments takes them', async () => {
    const k = await pooled()
    const X = sharedData()
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 37) % rows)
    const out = k.alloc(64 * cols)
    // A helper normally takes the copy within microseconds; the loop only guards against a busy machine.
    for (let attempt = 0; attempt < 50 && k.prefetchHits() === 0; attempt++) {
      out.fill(0)
      expect(k.prefetchRows!(order, 64, 64, [{ src: X, cols, out }])).toBe(true)
      await sleep(2)
      k.gatherRows(X, order, 64, 64, cols, out)
      expect(Array.from(out)).toEqual(Array.from(expectedRows(X, order, 64, 64)))
    }
    expect(k.prefetchHits()).toBeGreaterThan(0)
  })

  it('is not taken when the order changed after posting (an epoch reshuffle): gatherRows copies the new rows', async () => {
    const k = await pooled()
    const X = sharedData()
    const order = Uint32Array.from({ length: rows }, (_, i) => i)
    const out = k.alloc(32 * cols)
    const hits = k.prefetchHits()
    expect(k.prefetchRows!(order, 0, 32, [{ src: X, cols, out }])).toBe(true)
    order.reverse()
    await sleep(2)
    k.gatherRows(X, order, 0, 32, cols, out)
    expect(Array.from(out)).toEqual(Array.from(expectedRows(X, order, 0, 32)))
    expect(k.prefetchHits()).toBe(hits)
  })

  it('is not taken by a gatherRows into another buffer, or of other rows', async () => {
    const k = await pooled()
    const X = sharedData()
    const order = Uint32Array.from({ length: rows }, (_, i) => rows - 1 - i)
    const a = k.alloc(16 * cols)
    const b = k.alloc(16 * cols)
    expect(k.prefetchRows!(order, 0, 16, [{ src: X, cols, out: a }])).toBe(true)
    await sleep(2)
    k.gatherRows(X, order, 0, 16, cols, b)
    expect(Array.from(b)).toEqual(Array.from(expectedRows(X, order, 0, 16)))
    expect(k.prefetchRows!(order, 0, 16, [{ src: X, cols, out: a }])).toBe(true)
    await sleep(2)
    k.gatherRows(X, order, 16, 16, cols, a)
    expect(Array.from(a)).toEqual(Array.from(expectedRows(X, order, 16, 16)))
    expect(k.prefetchHits()).toBe(0)
  })

  it('copies several arrays in one job (inputs and targets), each taken by its own gatherRows', async () => {
    const k = await pooled()
    const X = sharedData()
    const T = new Float32Array(new SharedArrayBuffer(rows * 3 * 4))
    for (let i = 0; i < T.length; i++) T[i] = i % 7
    const order = Uint32Array.from({ length: rows }, (_, i) => (i * 11) % rows)
    const outX = k.alloc(20 * cols)
    const outT = k.alloc(20 * 3)
    const want = Array.from({ length: 60 }, (_, i) => T[order[40 + Math.floor(i / 3)] * 3 + (i % 3)])
    for (let attempt = 0; attempt < 50 && k.prefetchHits() < 2; attempt++) {
      outX.fill(0), outT.fill(0)
      expect(k.prefetchRows!(order, 40, 20, [{ src: X, cols, out: outX }, { src: T, cols: 3, out: outT }])).toBe(true)
      await sleep(2)
      k.gatherRows(X, order, 40, 20, cols, outX)
      k.gatherRows(T, order, 40, 20, 3, outT)
      expect(Array.from(outX)).toEqual(Array.from(expectedRows(X, order, 40, 20)))
      expect(Array.from(outT)).toEqual(want)
    }
    expect(k.prefetchHits()).toBe(2)
  })

  it('declines what it cannot prefetch, and gatherRows still reports a bad row index', async () => {
    const k = await pooled()
    const out = k.alloc(8 * cols)
    const order = Uint32Array.from({ length: 8 }, (_, i) => i)
    // Not in a SharedArrayBuffer: the helper could not read it.
    expect(k.prefetchRows!(order, 0, 8, [{ src: new Float32Array(rows * cols), cols, out }])).toBe(false)
    // One ineligible array declines the whole job.
    const X0 = sharedData()
    expect(k.prefetchRows!(order, 0, 8, [{ src: X0, cols, out }, { src: [1, 2, 3], cols: 1, out: k.alloc(8) }])).toBe(false)
    // A row outside the source: declined here, reported by gatherRows with its position.
    const X = sharedData()
    order[5] = rows + 3
    expect(k.prefetchRows!(order, 0, 8, [{ src: X, cols, out }])).toBe(false)
    expect(() => k.gatherRows(X, order, 0, 8, cols, out)).toThrow(/rows\[5\] = 503 is outside the source's 500 rows/)
    // One thread: no helper to copy in the background.
    const single = await createWasmKernels({ threads: 1, relaxedSimd: false })
    made.push(single)
    order[5] = 5
    expect(single.prefetchRows!(order, 0, 8, [{ src: X, cols, out: single.alloc(8 * cols) }])).toBe(false)
  })
})
