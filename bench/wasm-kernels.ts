/**
 * Kernel micro-benchmark: `npx tsx bench/wasm-kernels.ts [--quick] [--no-relaxed] [--json]`.
 *
 * For the standard workload (784-128-10, relu / softmax + cross-entropy, SGD, batch 64) it prints, per backend
 * (ts, wasm, wasm-relaxed, and each with a 2-thread pool):
 *  - GFLOP/s of every matrix product of one training step (forward, weight gradient, back-propagated error);
 *  - the time of one whole step made of the kernels alone, and the samples/s that implies;
 *  - samples/s of the engine's real Trainer (createTrainer) on MNIST-shaped data, i.e. the app's training path
 *    minus the worker's messaging;
 * then the break-even sweeps behind partition.ts's thresholds (split across 2 threads vs not).
 *
 * Node 20 validates relaxed SIMD only behind a V8 flag, which this script sets (Electron's V8 has it on).
 * Machines are shared and noisy: each number is the best of several timed rounds.
 */
import { setFlagsFromString } from 'node:v8'
import { parseArgs } from 'node:util'
import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../src/shared/config'
import type { Kernels } from '../src/main/engine/kernels/types'
import { createTsKernels } from '../src/main/engine/kernels/ts'
import { createWasmKernels } from '../src/main/engine/kernels/wasm/wasm-kernels'
import { createTrainer } from '../src/main/engine/trainer'

const { values: args } = parseArgs({ options: { quick: { type: 'boolean' }, 'no-relaxed': { type: 'boolean' }, json: { type: 'boolean' } } })
if (!args['no-relaxed']) setFlagsFromString('--experimental-wasm-relaxed-simd')
const BUDGET_MS = args.quick ? 120 : 400

type K = Kernels<Float32Array>

/** Best time (ms) of one call of fn over a few rounds of about budget / 4 each (budget = share of BUDGET_MS), after a warm-up. */
function time(fn: () => void, share = 1): number {
  const budget = BUDGET_MS * share
  const warm = performance.now()
  while (performance.now() - warm < budget / 4) fn()
  let best = Infinity
  for (let round = 0; round < 4; round++) {
    let reps = 0
    const t0 = performance.now()
    let t = t0
    while (t - t0 < budget / 4) {
      fn()
      reps++
      t = performance.now()
    }
    best = Math.min(best, (t - t0) / reps)
  }
  return best
}

function rand(k: K, n: number, seed: number, scale = 0.1): Float32Array {
  const a = k.alloc(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) a[i] = (((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1) * scale
  return a
}

const B = 64, IN = 784, H = 128, OUT = 10

/** The products of one step of 784-128-10 (the input layer's error is never computed, as in network.ts). */
function gemmShapes(k: K) {
  const X = rand(k, B * IN, 1, 1), W1 = rand(k, H * IN, 2), b1 = rand(k, H, 3), Z1 = k.alloc(B * H)
  const W2 = rand(k, OUT * H, 4), b2 = rand(k, OUT, 5), Z2 = k.alloc(B * OUT), D2 = rand(k, B * OUT, 6)
  const D1 = rand(k, B * H, 7), dW1 = k.alloc(H * IN), dW2 = k.alloc(OUT * H), dA1 = k.alloc(B * H)
  return [
    { name: `forward 1  Z=A·Wᵀ ${B}x${IN}x${H}`, flops: 2 * B * IN * H, run: () => k.gemmABtBias(X, W1, b1, Z1, B, IN, H) },
    { name: `forward 2  Z=A·Wᵀ ${B}x${H}x${OUT}`, flops: 2 * B * H * OUT, run: () => k.gemmABtBias(Z1, W2, b2, Z2, B, H, OUT) },
    { name: `dW 2       Dᵀ·A   ${OUT}x${B}x${H}`, flops: 2 * B * H * OUT, run: () => k.gemmAtB(D2, Z1, dW2, B, OUT, H) },
    { name: `dA 1       D·W    ${B}x${OUT}x${H}`, flops: 2 * B * H * OUT, run: () => k.gemmAB(D2, W2, dA1, B, OUT, H) },
    { name: `dW 1       Dᵀ·A   ${H}x${B}x${IN}`, flops: 2 * B * IN * H, run: () => k.gemmAtB(D1, X, dW1, B, H, IN) },
  ]
}

/** One training step made of kernel calls only, as network.ts + trainer.ts issue them (loss grad in JS). */
function kernelStep(k: K): () => void {
  const N = 4096
  const data = new Float32Array(N * IN)
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) % 1000 / 1000
  const labels = new Float32Array(N * OUT)
  for (let i = 0; i < N; i++) labels[i * OUT + (i % OUT)] = 1
  const order = Uint32Array.from({ length: N }, (_, i) => (i * 7919) % N)
  const X = k.alloc(B * IN), T = k.alloc(B * OUT)
  const W1 = rand(k, H * IN, 2), b1 = rand(k, H, 3), Z1 = k.alloc(B * H), A1 = k.alloc(B * H)
  const W2 = rand(k, OUT * H, 4), b2 = rand(k, OUT, 5), Z2 = k.alloc(B * OUT), Y = k.alloc(B * OUT)
  const D2 = k.alloc(B * OUT), dA1 = k.alloc(B * H), D1 = k.alloc(B * H)
  const dW1 = k.alloc(H * IN), db1 = k.alloc(H), dW2 = k.alloc(OUT * H), db2 = k.alloc(OUT)
  let start = 0
  return () => {
    k.gatherRows(data, order, start, B, IN, X)
    k.gatherRows(labels, order, start, B, OUT, T)
    start = (start + B) % (N - B)
    k.gemmABtBias(X, W1, b1, Z1, B, IN, H)
    k.activate('relu', Z1, A1, B, H)
    k.gemmABtBias(A1, W2, b2, Z2, B, H, OUT)
    k.activate('softmax', Z2, Y, B, OUT)
    for (let i = 0; i < B * OUT; i++) D2[i] = (Y[i] - T[i]) / B // fused softmax + cross-entropy gradient
    k.gemmAtB(D2, A1, dW2, B, OUT, H)
    k.colSum(D2, db2, B, OUT)
    k.gemmAB(D2, W2, dA1, B, OUT, H)
    k.activateBackward('relu', Z1, A1, dA1, D1, B, H)
    k.gemmAtB(D1, X, dW1, B, H, IN)
    k.colSum(D1, db1, B, H)
    k.sgdStep(W1, dW1, 0.1, H * IN), k.sgdStep(b1, db1, 0.1, H)
    k.sgdStep(W2, dW2, 0.1, OUT * H), k.sgdStep(b2, db2, 0.1, OUT)
  }
}

/** Samples/s of the engine's Trainer on MNIST-shaped data (steps only; no epoch-end evaluation). */
function trainerRate(k: K): number {
  const rows = 6400
  const X = new Float32Array(rows * IN)
  const T = new Float32Array(rows * OUT)
  let s = 7
  for (let i = 0; i < rows; i++) {
    T[i * OUT + (i % OUT)] = 1
    for (let j = 0; j < IN; j++) X[i * IN + j] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * (j % OUT === i % OUT ? 1 : 0.3)
  }
  const config: ExperimentConfig = {
    model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: H, activation: 'relu' }], output: 'softmax', loss: 'cross-entropy', lambda: 0, init: 'he' },
    optimizer: { kind: 'sgd', learningRate: 0.1 },
    training: { batchSize: B, epochs: 1000, shuffle: true, earlyStopping: null, seed: 1 },
  }
  const trainer = createTrainer({ config, task: 'classification', inputs: IN, outputs: OUT, train: { X, T, rows }, kernels: k, trainingMetrics: 'running' })
  const steps = trainer.batchesPerEpoch - 1 // stay inside one epoch: no end-of-epoch pass in the timing
  const stepMs = time(() => {
    for (let i = 0; i < steps; i++) trainer.step()
    // finish the epoch outside the measured share so the next round starts fresh
  })
  return Math.round((steps * B) / (stepMs / 1000))
}

interface Row { backend: string; products: Array<{ name: string; us: number; gflops: number }>; stepUs: number; kernelSamplesPerS: number; trainerSamplesPerS: number }

async function backends(): Promise<Array<{ name: string; make: () => Promise<K & { dispose?: () => Promise<void> }> }>> {
  const list: Array<{ name: string; make: () => Promise<K & { dispose?: () => Promise<void> }> }> = [
    { name: 'ts', make: async () => createTsKernels(Float32Array) },
    { name: 'wasm', make: () => createWasmKernels({ threads: 1, relaxedSimd: false }) },
    { name: 'wasm-threads(2)', make: () => createWasmKernels({ threads: 2, relaxedSimd: false }) },
  ]
  const probe = await createWasmKernels({ threads: 1 })
  if (probe.relaxedSimd) {
    list.push({ name: 'wasm-relaxed', make: () => createWasmKernels({ threads: 1, relaxedSimd: true }) })
    list.push({ name: 'wasm-relaxed-threads(2)', make: () => createWasmKernels({ threads: 2, relaxedSimd: true }) })
  }
  return list
}

/**
 * Split vs not, for products of growing size and element-wise updates of growing length (2 threads). The two
 * configurations are measured alternately several times and the best of each kept, so that a burst of load
 * from other processes on the shared machine does not decide the comparison.
 */
async function thresholds(): Promise<Array<Record<string, number | string>>> {
  const out: Array<Record<string, number | string>> = []
  const one = await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: Infinity, minElements: Infinity } })
  const split = await createWasmKernels({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } })
  const best = (a: () => void, b: () => void): [number, number] => {
    let ta = Infinity, tb = Infinity
    for (let r = 0; r < 5; r++) {
      ta = Math.min(ta, time(a, 0.25) * 1000)
      tb = Math.min(tb, time(b, 0.25) * 1000)
    }
    return [ta, tb]
  }
  for (const [m, kk, n] of [[16, 32, 32], [32, 64, 64], [64, 64, 64], [64, 128, 64], [64, 128, 128], [64, 256, 128], [64, 784, 128]]) {
    const op = (k: K) => {
      const A = rand(k, m * kk, 1), W = rand(k, n * kk, 2), b = rand(k, n, 3), Z = k.alloc(m * n)
      return () => k.gemmABtBias(A, W, b, Z, m, kk, n)
    }
    const [a, b] = best(op(one), op(split))
    out.push({ kind: 'gemm', shape: `${m}x${kk}x${n}`, flops: 2 * m * kk * n, one_us: round(a), split_us: round(b), speedup: round(a / b) })
  }
  for (const len of [16384, 32768, 65536, 131072, 262144, 1048576]) {
    const ops = (k: K) => {
      const W = rand(k, len, 1), M = rand(k, len, 2), V = k.alloc(len), G = rand(k, len, 3)
      return [() => k.sgdStep(W, G, 1e-6, len), () => k.adamStep(W, M, V, G, 1e-6, 0.9, 0.999, 1e-8, 3, len)]
    }
    const [o, s2] = [ops(one), ops(split)]
    const [s1us, s2us] = best(o[0], s2[0])
    const [a1us, a2us] = best(o[1], s2[1])
    out.push({ kind: 'elements', length: len, sgd_one_us: round(s1us), sgd_split_us: round(s2us), adam_one_us: round(a1us), adam_split_us: round(a2us) })
  }
  await Promise.all([one.dispose(), split.dispose()])
  return out
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}

async function main(): Promise<void> {
  const rows: Row[] = []
  for (const b of await backends()) {
    const k = await b.make()
    const products = gemmShapes(k).map((g) => {
      const ms = time(g.run)
      return { name: g.name, us: round(ms * 1000), gflops: round(g.flops / (ms / 1000) / 1e9) }
    })
    const stepMs = time(kernelStep(k))
    const row: Row = { backend: b.name, products, stepUs: round(stepMs * 1000), kernelSamplesPerS: Math.round(B / (stepMs / 1000)), trainerSamplesPerS: trainerRate(k) }
    rows.push(row)
    await k.dispose?.()
    if (!args.json) {
      process.stdout.write(`\n${b.name}\n`)
      for (const p of products) process.stdout.write(`  ${p.name.padEnd(34)} ${String(p.gflops).padStart(7)} GFLOP/s  ${String(p.us).padStart(8)} µs\n`)
      process.stdout.write(`  one step of kernels: ${row.stepUs} µs → ${row.kernelSamplesPerS} samples/s; engine Trainer: ${row.trainerSamplesPerS} samples/s\n`)
    }
  }
  const sweep = await thresholds()
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ workload: 'wasm-kernels', rows, thresholds: sweep })}\n`)
  } else {
    process.stdout.write('\nbreak-even sweep (2 threads: split vs caller alone)\n')
    for (const r of sweep) process.stdout.write(`  ${JSON.stringify(r)}\n`)
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
