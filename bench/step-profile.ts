/**
 * Where a training step's time goes, kernel by kernel, on the standard workload (real MNIST, 784-128-10):
 *
 *   npx tsx bench/step-profile.ts --data /tmp/peerdata/mnist [--threads 1] [--epochs 1] [--always-split] [--spin <helper spin µs>]
 *
 * Wraps every method of the wasm kernels with a timer and trains through createTrainer (no worker), then
 * prints one JSON line: samples/s of each epoch and the median µs per step of each kernel call site.
 * The timers themselves cost ~0.1 µs per call; compare the shares, not the absolute sum, with the bench.
 */
import { parseArgs } from 'node:util'
import { createTrainer } from '../src/main/engine/trainer'
import { createWasmKernels } from '../src/main/engine/kernels/wasm/wasm-kernels'
import type { Kernels } from '../src/main/engine/kernels/types'
import { loadMnist, standardConfig } from './mnist-mlp'

const { values } = parseArgs({ options: { data: { type: 'string' }, threads: { type: 'string', default: '1' }, epochs: { type: 'string', default: '1' }, raw: { type: 'boolean', default: false }, 'always-split': { type: 'boolean', default: false }, spin: { type: 'string' } } })
if (!values.data) throw new Error('--data <MNIST folder> is required')
const data = await loadMnist(values.data)
const threads = Number(values.threads)
const wk = await createWasmKernels({ threads, tuning: { ...(values['always-split'] ? { adaptive: false } : {}), ...(values.spin ? { helperSpinMicros: Number(values.spin) } : {}) } })
const totals = new Map<string, number>()
const timed = (values.raw ? wk : new Proxy(wk, {
  get(target, prop, recv) {
    const v = Reflect.get(target, prop, recv)
    if (typeof v !== 'function' || prop === 'alloc') return v
    return (...args: unknown[]) => {
      const key = String(prop) + (typeof args[0] === 'string' ? `:${args[0]}` : '') + (prop.toString().startsWith('gemm') ? `:${args.slice(-3).join('x')}` : '') + (prop === 'gatherRows' || prop === 'prefetchRows' ? `:${args[4]} cols` : '')
      const t = performance.now()
      const r = (v as (...a: unknown[]) => unknown).apply(target, args)
      totals.set(key, (totals.get(key) ?? 0) + performance.now() - t)
      return r
    }
  },
})) as Kernels<Float32Array>
const epochs = Number(values.epochs)
const trainer = createTrainer({ config: standardConfig(epochs, 0), task: 'classification', inputs: 784, outputs: 10, train: data.train, kernels: timed, trainingMetrics: 'running' })
const rates: number[] = []
let t0 = performance.now()
let t = t0
trainer.run((r) => {
  if (r.epoch) {
    const now = performance.now()
    rates.push(Math.round(data.train.rows / ((now - t) / 1000)))
    t = now
  }
})
const steps = trainer.batchesPerEpoch * epochs
const perStep = Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Math.round((v / steps) * 1000) / 1000]))
const stepUs = ((t - t0) / steps) * 1000
console.log(JSON.stringify({ threads, samples_per_s: rates, step_us: Math.round(stepUs), kernel_us_per_step: perStep, helper_chunks: wk.helperChunks() }))
await wk.dispose()
