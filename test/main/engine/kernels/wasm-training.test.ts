import { afterAll, describe, expect, it } from 'vitest'
import { createTrainer } from '../../../../src/main/engine/trainer'
import { createBestKernels, type BestKernels } from '../../../../src/main/engine/kernels/wasm/best-kernels'
import { experiment } from '../helpers'

/**
 * A synthetic 4-class problem: each class a Gaussian blob around its own centre in 24 dimensions, with
 * enough overlap that accuracy is informative (neither 25% nor 100% after a few epochs).
 */
function gaussian(seed: number): () => number {
  let s = seed >>> 0
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())
}
const inputs = 24
const classes = 4
const centreNoise = gaussian(99)
const centres = Array.from({ length: classes }, () => Array.from({ length: inputs }, () => centreNoise() * 0.3))

/** `rows` samples of the blobs (the same centres for every split; `seed` picks the samples). */
function blobs(rows: number, seed: number) {
  const gauss = gaussian(seed)
  const X = new Float32Array(rows * inputs)
  const T = new Float32Array(rows * classes)
  for (let i = 0; i < rows; i++) {
    const c = i % classes
    T[i * classes + c] = 1
    for (let j = 0; j < inputs; j++) X[i * inputs + j] = centres[c][j] + gauss()
  }
  return { X, T, rows, inputs, classes }
}

const backends: BestKernels[] = []
afterAll(() => Promise.all(backends.map((b) => b.dispose())))

describe('training with each backend', () => {
  it('gives the same losses and accuracy within float32 noise (ts, wasm, wasm-threads)', async () => {
    const train = blobs(2000, 1)
    const validation = blobs(500, 2)
    const config = experiment({
      hidden: [{ units: 48, activation: 'tanh' }, { units: 24, activation: 'relu' }],
      optimizer: { kind: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: true },
      model: { lambda: 0.001 },
      training: { batchSize: 32, epochs: 3, seed: 3 },
    })
    const results: Record<string, { loss: number; acc: number; valAcc: number }> = {}
    for (const backend of ['ts', 'wasm', 'wasm-threads'] as const) {
      // Thresholds at zero and no governor: every product of this small net really is split across threads.
      const chosen = await createBestKernels({ backend, threads: 2, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } })
      backends.push(chosen)
      expect(chosen.backend).toBe(backend)
      const trainer = createTrainer({ config, task: 'classification', inputs: train.inputs, outputs: train.classes, train, validation, kernels: chosen.kernels })
      const history = trainer.run()
      const last = history[history.length - 1]
      if (last.train.task !== 'classification' || last.validation?.task !== 'classification') throw new Error('expected classification yardsticks')
      results[backend] = { loss: last.trainLoss, acc: last.train.accuracy, valAcc: last.validation.accuracy }
    }
    // It learned something (so agreement is not agreement on noise)...
    expect(results.ts.valAcc).toBeGreaterThan(0.6)
    expect(results.ts.valAcc).toBeLessThan(0.97)
    // ...and the backends agree: same data, same seed, only float32 rounding differs.
    for (const b of ['wasm', 'wasm-threads'] as const) {
      expect(Math.abs(results[b].loss - results.ts.loss), `${b} train loss`).toBeLessThan(1e-3 * results.ts.loss)
      expect(Math.abs(results[b].acc - results.ts.acc), `${b} train accuracy`).toBeLessThanOrEqual(0.01)
      expect(Math.abs(results[b].valAcc - results.ts.valAcc), `${b} validation accuracy`).toBeLessThanOrEqual(0.01)
    }
    // Splitting never changes the numbers: the pooled run is bit-identical to the single-threaded one.
    expect(results['wasm-threads']).toEqual(results.wasm)
  })
})

describe('training with the next batch prefetched on the pool', () => {
  it('gives bit-identical results to one thread, and the prefetched batches are really used', async () => {
    const plain = blobs(1500, 5)
    // In SharedArrayBuffers, as the run manager hands data to training threads: only then can a helper read it.
    const share = (a: Float32Array) => {
      const s = new Float32Array(new SharedArrayBuffer(a.byteLength))
      s.set(a)
      return s
    }
    const train = { ...plain, X: share(plain.X), T: share(plain.T) }
    const config = experiment({
      hidden: [{ units: 32, activation: 'relu' }],
      optimizer: { kind: 'sgd', learningRate: 0.05 },
      training: { batchSize: 40, epochs: 3, seed: 11 },
    })
    const run = async (threads: number) => {
      const chosen = await createBestKernels({ backend: threads === 1 ? 'wasm' : 'wasm-threads', threads, tuning: { adaptive: false } })
      backends.push(chosen)
      const trainer = createTrainer({ config, task: 'classification', inputs: train.inputs, outputs: train.classes, train, kernels: chosen.kernels, trainingMetrics: 'running' })
      const history = trainer.run().map((e) => [e.trainLoss, e.trainCost])
      return { history, hits: threads === 2 ? (chosen.kernels as unknown as { prefetchHits(): number }).prefetchHits() : 0 }
    }
    const single = (await run(1)).history
    // Whether the helper finishes a copy before the step needs it depends on the machine's load (a busy shared
    // machine can starve the helper for a whole run), so the pooled run is repeated, each time bit-identical,
    // until a prefetched batch was used; the bound is generous, never a timing assertion.
    let hits = 0
    for (let attempt = 0; attempt < 12 && hits === 0; attempt++) {
      const pooled = await run(2)
      expect(pooled.history).toEqual(single)
      hits = pooled.hits
    }
    expect(hits).toBeGreaterThan(0)
  })
})
