/**
 * Compares wasm kernel configurations on the standard workload inside one process, interleaved, so that every
 * configuration sees the same machine load (the only fair comparison on a shared machine):
 *
 *   node [--experimental-wasm-relaxed-simd] --import tsx bench/backend-ab.ts '{"one":{"threads":1},"two":{"threads":2}}' --data <MNIST folder>
 *
 * The argument maps a name to createWasmKernels options. Each configuration gets its own trainer on real
 * MNIST (784-128-10, batch 64); slices of STEPS=50 steps alternate between them (SLICES=60 slices each, order
 * reversed every other slice). Prints per configuration the median/p25/p75 µs per step, the helper chunks,
 * the prefetch hits and the steps the step governor ran with and without the pool; then, for each
 * configuration after the first, the median over slices of (first's step time / its step time).
 */
import { parseArgs } from 'node:util'
import { createTrainer } from '../src/main/engine/trainer'
import { createWasmKernels } from '../src/main/engine/kernels/wasm/wasm-kernels'
import { loadMnist, standardConfig } from './mnist-mlp'
const { values, positionals } = parseArgs({ allowPositionals: true, options: { data: { type: 'string' } } })
if (!values.data) throw new Error('--data <folder with the MNIST IDX files> is required')
const data = await loadMnist(values.data)
const specs: Record<string, Parameters<typeof createWasmKernels>[0]> = JSON.parse(positionals[0] ?? '{"one":{"threads":1},"two":{"threads":2}}')
const names = Object.keys(specs)
const runs = [] as { name: string; trainer: ReturnType<typeof createTrainer>; times: number[]; k: Awaited<ReturnType<typeof createWasmKernels>> }[]
for (const name of names) {
  const k = await createWasmKernels(specs[name])
  const trainer = createTrainer({ config: standardConfig(50, 0), task: 'classification', inputs: 784, outputs: 10, train: data.train, kernels: k, trainingMetrics: 'running' })
  runs.push({ name, trainer, times: [], k })
}
const slices = Number(process.env.SLICES ?? 60)
const steps = Number(process.env.STEPS ?? 50)
for (let s = 0; s < slices; s++) {
  for (const r of (s % 2 ? [...runs].reverse() : runs)) {
    const t = performance.now()
    for (let i = 0; i < steps; i++) r.trainer.step()
    r.times.push(((performance.now() - t) / steps) * 1000)
  }
}
const med = (a: number[]) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1] }
const q = (a: number[], p: number) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(p * (s.length - 1))] }
for (const r of runs) console.log(r.name.padEnd(20), 'step µs median', med(r.times).toFixed(0), 'p25', q(r.times, 0.25).toFixed(0), 'p75', q(r.times, 0.75).toFixed(0), 'helper', r.k.helperChunks(), 'hits', r.k.prefetchHits(), JSON.stringify(r.k.stepModes()))
const base = runs[0].times
for (const r of runs.slice(1)) console.log(r.name, 'median slice ratio vs', runs[0].name, med(r.times.map((t, i) => base[i] / t)).toFixed(3))
for (const r of runs) await r.k.dispose()
