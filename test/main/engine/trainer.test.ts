import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTrainer, type StepResult } from '../../../src/main/engine/trainer'
import { TrainingDivergedError } from '../../../src/main/engine/errors'
import { predict } from '../../../src/main/engine/predict'
import { gradientCheck } from '../../../src/main/engine/gradcheck'
import { createRng } from '../../../src/main/engine/rng'
import { accuracy, crossEntropyYardstick } from '../../../src/main/engine/metrics'
import { tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import type { NetworkParams } from '../../../src/main/engine/params'
import { ADAM, XOR, bytes, experiment, strictKernels } from './helpers'

/** A small 2-class problem: two noisy blobs, 3 inputs. */
function blobs(rows: number, seed: number) {
  const r = createRng(seed)
  const X = new Float32Array(rows * 3)
  const T = new Float32Array(rows * 2)
  for (let i = 0; i < rows; i++) {
    const c = i % 2
    for (let j = 0; j < 3; j++) X[i * 3 + j] = (c ? 1 : -1) + r.nextGaussian()
    T[i * 2 + c] = 1
  }
  return { X, T, rows }
}

const blobConfig = (seed: number, extra: Parameters<typeof experiment>[0] = {}) =>
  experiment({ hidden: [{ units: 5, activation: 'relu' }], optimizer: ADAM, ...extra, training: { batchSize: 8, epochs: 3, seed, ...extra.training } })

const allParams = (p: NetworkParams) => [...p.W, ...p.b]

describe('trainer: reproducibility', () => {
  afterEach(() => vi.restoreAllMocks())

  it('same config + seed + data → identical weights, bit for bit', () => {
    const data = blobs(50, 1)
    const a = createTrainer({ config: blobConfig(7), task: 'classification', inputs: 3, outputs: 2, train: data })
    const b = createTrainer({ config: blobConfig(7), task: 'classification', inputs: 3, outputs: 2, train: data })
    a.run()
    b.run()
    expect(bytes(allParams(a.snapshot()))).toEqual(bytes(allParams(b.snapshot())))
    expect(a.history).toEqual(b.history)
  })

  it('different seeds → different initial weights and different trained weights', () => {
    const data = blobs(50, 1)
    const a = createTrainer({ config: blobConfig(7), task: 'classification', inputs: 3, outputs: 2, train: data })
    const b = createTrainer({ config: blobConfig(8), task: 'classification', inputs: 3, outputs: 2, train: data })
    expect(bytes(allParams(a.snapshot()))).not.toEqual(bytes(allParams(b.snapshot())))
    a.run()
    b.run()
    expect(bytes(allParams(a.snapshot()))).not.toEqual(bytes(allParams(b.snapshot())))
  })

  it('paired runs: shared initial weights and batch order seed, different losses, start from the same point', () => {
    const data = blobs(40, 2)
    const first = createTrainer({ config: blobConfig(3), task: 'classification', inputs: 3, outputs: 2, train: data })
    const initial = first.snapshot()
    const ce = createTrainer({ config: blobConfig(99), task: 'classification', inputs: 3, outputs: 2, train: data, initialParams: initial, batchOrderSeed: 5 })
    const mse = createTrainer({ config: blobConfig(98, { model: { loss: 'mse' } }), task: 'classification', inputs: 3, outputs: 2, train: data, initialParams: initial, batchOrderSeed: 5 })
    expect(bytes(allParams(ce.snapshot()))).toEqual(bytes(allParams(initial)))
    expect(bytes(allParams(mse.snapshot()))).toEqual(bytes(allParams(initial)))
    ce.run()
    mse.run()
    expect(bytes(allParams(ce.snapshot()))).not.toEqual(bytes(allParams(mse.snapshot())))
  })

  it('the shuffled batch order depends on the seed, and shuffle: false keeps file order', () => {
    // With lr > 0 and per-batch updates, the order of batches changes the weights after one epoch.
    const data = blobs(40, 2)
    const initial = createTrainer({ config: blobConfig(3), task: 'classification', inputs: 3, outputs: 2, train: data }).snapshot()
    const after = (batchOrderSeed: number, shuffle: boolean) => {
      const t = createTrainer({ config: blobConfig(3, { training: { epochs: 1, shuffle } }), task: 'classification', inputs: 3, outputs: 2, train: data, initialParams: initial, batchOrderSeed })
      t.run()
      return bytes(allParams(t.snapshot()))
    }
    expect(after(1, true)).not.toEqual(after(2, true))
    expect(after(1, false)).toEqual(after(2, false))
  })

  it('never calls Math.random (trainer, training, prediction, gradient check)', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called')
    })
    const data = blobs(30, 4)
    for (const init of ['uniform', 'xavier', 'he', 'zeros'] as const) {
      const t = createTrainer({ config: blobConfig(1, { model: { init }, training: { shuffle: true } }), task: 'classification', inputs: 3, outputs: 2, train: data, validation: blobs(10, 5) })
      t.run()
      predict(t.snapshot(), data.X, data.rows)
      gradientCheck({ model: { loss: 'cross-entropy', huberDelta: 1, lambda: 0.1 }, params: t.snapshot(), X: data.X.subarray(0, 9), T: data.T.subarray(0, 6), rows: 3 })
    }
    expect(Math.random).not.toHaveBeenCalled()
  })
})

describe('trainer: mini-batches and step-by-step driving', () => {
  it('steps one batch at a time; the last batch of an epoch is smaller and reported with its size', () => {
    const data = blobs(10, 1)
    const t = createTrainer({ config: blobConfig(1, { training: { batchSize: 4, epochs: 2 } }), task: 'classification', inputs: 3, outputs: 2, train: data })
    expect(t.batchesPerEpoch).toBe(3)
    const results: StepResult[] = []
    while (!t.done) results.push(t.step())
    expect(results.map((r) => [r.batch.epoch, r.batch.batch, r.batch.rows])).toEqual([
      [1, 1, 4],
      [1, 2, 4],
      [1, 3, 2],
      [2, 1, 4],
      [2, 2, 4],
      [2, 3, 2],
    ])
    expect(results.map((r) => r.epoch?.epoch ?? null)).toEqual([null, null, 1, null, null, 2])
    expect(results[5]).toMatchObject({ done: true, stopReason: 'epochs' })
    expect(() => t.step()).toThrow(/finished/)
    expect(t.history).toHaveLength(2)
  })

  it('batch of 1 (pure SGD) and a batch size larger than the data both work', () => {
    const data = blobs(6, 1)
    const one = createTrainer({ config: blobConfig(1, { training: { batchSize: 1, epochs: 2 } }), task: 'classification', inputs: 3, outputs: 2, train: data })
    expect(one.batchesPerEpoch).toBe(6)
    one.run()
    expect(one.history.every((h) => Number.isFinite(h.trainLoss))).toBe(true)
    const big = createTrainer({ config: blobConfig(1, { training: { batchSize: 100, epochs: 2 } }), task: 'classification', inputs: 3, outputs: 2, train: data })
    expect(big.batchesPerEpoch).toBe(1)
    expect(big.warnings.join(' ')).toMatch(/batch size 100 is larger than the 6 training rows/)
    big.run()
  })

  it('1 input and 1 output: regression learns y = 2x − 1 (identity output, mse), reporting rmse, mae and r²', () => {
    const rows = 32
    const X = Float32Array.from({ length: rows }, (_, i) => i / rows - 0.5)
    const T = X.map((x) => 2 * x - 1)
    const t = createTrainer({
      config: experiment({ hidden: [], model: { output: 'identity', loss: 'mse' }, optimizer: { kind: 'sgd', learningRate: 0.5 }, training: { batchSize: 8, epochs: 200, seed: 1 } }),
      task: 'regression',
      inputs: 1,
      outputs: 1,
      train: { X, T, rows },
    })
    const h = t.run()
    const last = h[h.length - 1]
    expect(last.train.task).toBe('regression')
    if (last.train.task !== 'regression') return
    expect(last.train.rmse).toBeLessThan(1e-3)
    expect(last.train.r2).toBeGreaterThan(0.9999)
    const p = t.snapshot()
    expect(p.W[0][0]).toBeCloseTo(2, 2)
    expect(p.b[0][0]).toBeCloseTo(-1, 2)
  })

  it('1 output unit for a binary problem: sigmoid + binary cross-entropy, accuracy via y ≥ 0.5', () => {
    const data = blobs(40, 3)
    const T1 = new Float32Array(40).map((_, i) => data.T[i * 2 + 1])
    const t = createTrainer({ config: blobConfig(1, { model: { output: 'sigmoid', loss: 'binary-cross-entropy' }, training: { epochs: 20 } }), task: 'classification', inputs: 3, outputs: 1, train: { X: data.X, T: T1, rows: 40 } })
    const h = t.run()
    expect(h[h.length - 1].train).toMatchObject({ task: 'classification' })
    expect((h[h.length - 1].train as { accuracy: number }).accuracy).toBeGreaterThan(0.8)
  })

  it('float32 training follows the float64 reference run closely (same seed, same code over Float64Array)', () => {
    const data = blobs(48, 6)
    const config = blobConfig(4, { model: { lambda: 0.05 }, training: { epochs: 5 } })
    const f32 = createTrainer({ config, task: 'classification', inputs: 3, outputs: 2, train: data })
    const f64 = createTrainer({ config, task: 'classification', inputs: 3, outputs: 2, train: data, kernels: tsKernelsF64 })
    expect(f64.backend).toBe('ts-f64')
    f32.run()
    f64.run()
    const a = allParams(f32.snapshot()).flatMap((x) => Array.from(x))
    const b = allParams(f64.params).flatMap((x) => Array.from(x))
    expect(a.length).toBe(b.length)
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-4 * (1 + Math.abs(b[i]))))
    expect(f32.history[4].trainLoss).toBeCloseTo(f64.history[4].trainLoss, 4)
  })

  it('end-of-epoch evaluation (in chunks) agrees with predict + metrics on the returned weights', () => {
    const data = blobs(300, 8) // more rows than one evaluation chunk (256)
    const validation = blobs(70, 9)
    const t = createTrainer({ config: blobConfig(2, { training: { epochs: 2, batchSize: 3 } }), task: 'classification', inputs: 3, outputs: 2, train: data, validation })
    const last = t.run()[1]
    const p = t.snapshot()
    const Y = predict(p, data.X, 300)
    const V = predict(p, validation.X, 70)
    expect(last.train).toMatchObject({ accuracy: accuracy(Y, data.T, 300, 2) })
    expect(last.validation).toMatchObject({ accuracy: accuracy(V, validation.T, 70, 2) })
    // Training on cross-entropy with softmax: the data loss is the cross-entropy yardstick (up to its 1e-7 floor).
    expect(last.trainLoss).toBeCloseTo(crossEntropyYardstick(Y, data.T, 300, 2), 5)
    expect(last.validationLoss!).toBeCloseTo(crossEntropyYardstick(V, validation.T, 70, 2), 5)
  })

  it('reports trainCost with the L2 term and trainLoss/validationLoss without it', () => {
    const data = blobs(20, 1)
    const t = createTrainer({ config: blobConfig(1, { model: { lambda: 50 }, training: { epochs: 1, batchSize: 20 } }), task: 'classification', inputs: 3, outputs: 2, train: data, validation: data })
    const r = t.step()
    // One batch = the whole set: trainCost is J of that batch (before the update); the losses are after it.
    expect(r.epoch!.trainCost).toBe(r.batch.cost)
    expect(r.epoch!.trainCost).toBeGreaterThan(r.epoch!.trainLoss + 0.1)
    expect(r.epoch!.validationLoss).toBeCloseTo(r.epoch!.trainLoss, 6)
    expect(r.batch.gradientNorm).toBeGreaterThan(0)
  })

  it("'running' training metrics come from the batches as trained and are close to a full pass late in training", () => {
    const data = blobs(64, 1)
    const run = (trainingMetrics: 'running' | 'full-pass') => {
      const t = createTrainer({ config: blobConfig(1, { training: { epochs: 30, batchSize: 16 } }), task: 'classification', inputs: 3, outputs: 2, train: data, trainingMetrics })
      return t.run()
    }
    const running = run('running')
    const full = run('full-pass')
    expect(running[0].trainLoss).not.toBe(full[0].trainLoss)
    expect(running[29].trainLoss).toBeCloseTo(full[29].trainLoss, 1)
  })

  it('uses only backend buffers in every kernel call and allocates nothing per batch', () => {
    const k = strictKernels()
    const data = blobs(30, 1)
    const t = createTrainer({ config: blobConfig(1, { model: { lambda: 0.1 }, training: { epochs: 2, batchSize: 7 }, optimizer: { kind: 'momentum', learningRate: 0.1, momentum: 0.9, nesterov: true } }), task: 'classification', inputs: 3, outputs: 2, train: data, validation: blobs(9, 2), kernels: k })
    const afterCreate = k.allocations
    t.run()
    expect(k.violations).toEqual([])
    expect(k.allocations).toBe(afterCreate)
    expect(t.backend).toBe('strict-ts-f32')
  })

  it("warns about 'zeros' initialisation and early stopping without validation data", () => {
    const t = createTrainer({ config: blobConfig(1, { model: { init: 'zeros' }, training: { earlyStopping: { patience: 2, restoreBest: true } } }), task: 'classification', inputs: 3, outputs: 2, train: blobs(10, 1) })
    expect(t.warnings.join('\n')).toMatch(/'zeros' is a demonstration: every unit of a layer starts identical/)
    expect(t.warnings.join('\n')).toMatch(/early stopping needs validation data/)
    // With zeros, the two hidden units stay identical throughout training: symmetry is never broken.
    t.run()
    const W0 = t.snapshot().W[0]
    for (let j = 0; j < 3; j++) expect(W0[j]).toBe(W0[3 + j])
  })
})

describe('trainer: early stopping', () => {
  it('stops after `patience` epochs without improvement and restoreBest puts back the best epoch’s weights exactly', () => {
    // A quarter of the validation labels are flipped: validation improves while the model learns the blobs, then
    // worsens as it grows confident (with this seed: best at epoch 4, stop after epoch 7).
    const train = blobs(40, 1)
    const flipped = { X: train.X, T: train.T.map((t, i) => (Math.floor(i / 2) % 4 === 0 ? 1 - t : t)), rows: 40 }
    const t = createTrainer({
      config: blobConfig(1, { optimizer: { kind: 'sgd', learningRate: 0.05 }, training: { epochs: 50, batchSize: 8, earlyStopping: { patience: 3, restoreBest: true } } }),
      task: 'classification',
      inputs: 3,
      outputs: 2,
      train,
      validation: flipped,
    })
    const snapshots = new Map<number, number[]>()
    let last: StepResult | null = null
    while (!t.done) {
      last = t.step()
      if (last.epoch && !last.done) snapshots.set(last.epoch.epoch, bytes(allParams(t.snapshot())))
    }
    const best = last!.epoch!.bestEpoch!
    expect(best).toBeGreaterThan(1)
    const losses = t.history.map((h) => h.validationLoss!)
    expect(losses[best - 1]).toBe(Math.min(...losses))
    expect(t.history).toHaveLength(best + 3)
    expect(last).toMatchObject({ done: true, stopReason: 'early-stopping', restoredEpoch: best })
    expect(bytes(allParams(t.snapshot()))).toEqual(snapshots.get(best))
  })

  it('without restoreBest the last epoch’s weights are kept', () => {
    const train = blobs(40, 1)
    const flipped = { X: train.X, T: train.T.map((t) => 1 - t), rows: 40 }
    const t = createTrainer({ config: blobConfig(1, { training: { epochs: 50, batchSize: 8, earlyStopping: { patience: 2, restoreBest: false } } }), task: 'classification', inputs: 3, outputs: 2, train, validation: flipped })
    let before: number[] = []
    let last: StepResult | null = null
    while (!t.done) {
      last = t.step()
      if (t.batchesPerEpoch === last.batch.batch) before = bytes(allParams(t.snapshot()))
    }
    expect(last).toMatchObject({ stopReason: 'early-stopping', restoredEpoch: null })
    expect(bytes(allParams(t.snapshot()))).toEqual(before)
  })
})

describe('trainer: stop() from the caller', () => {
  it('mid-epoch stop with restoreBest puts back the best epoch; later steps are refused', () => {
    const train = blobs(40, 1)
    const flipped = { X: train.X, T: train.T.map((t, i) => (Math.floor(i / 2) % 4 === 0 ? 1 - t : t)), rows: 40 }
    const t = createTrainer({ config: blobConfig(1, { optimizer: { kind: 'sgd', learningRate: 0.05 }, training: { epochs: 50, batchSize: 8, earlyStopping: { patience: 10, restoreBest: true } } }), task: 'classification', inputs: 3, outputs: 2, train, validation: flipped })
    const snapshots = new Map<number, number[]>()
    for (let i = 0; i < 6 * t.batchesPerEpoch + 2; i++) {
      const r = t.step()
      if (r.epoch) snapshots.set(r.epoch.epoch, bytes(allParams(t.snapshot())))
    }
    const best = t.history[t.history.length - 1].bestEpoch!
    expect(best).toBeLessThan(6) // so restoring is visible: the current weights are not the best epoch's
    expect(t.stop()).toBe(best)
    expect(t).toMatchObject({ done: true, stopReason: 'stopped' })
    expect(bytes(allParams(t.snapshot()))).toEqual(snapshots.get(best))
    expect(() => t.step()).toThrow(/finished/)
  })

  it('stop without early stopping keeps the current weights', () => {
    const t = createTrainer({ config: blobConfig(1), task: 'classification', inputs: 3, outputs: 2, train: blobs(20, 1) })
    t.step()
    const before = bytes(allParams(t.snapshot()))
    expect(t.stop()).toBeNull()
    expect(bytes(allParams(t.snapshot()))).toEqual(before)
  })
})

describe('trainer: divergence', () => {
  it('a huge learning rate stops with TrainingDivergedError naming epoch and batch; no NaN escapes', () => {
    const data = { X: XOR.X.map((x) => x * 1000), T: XOR.T, rows: 4 }
    const t = createTrainer({
      config: experiment({ hidden: [{ units: 8, activation: 'relu' }], model: { output: 'identity', loss: 'mse' }, optimizer: { kind: 'sgd', learningRate: 1e6 }, training: { batchSize: 1, epochs: 100, seed: 1 } }),
      task: 'regression',
      inputs: 2,
      outputs: 2,
      train: data,
    })
    const seen: StepResult[] = []
    let error: unknown
    try {
      while (!t.done) seen.push(t.step())
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(TrainingDivergedError)
    const d = error as TrainingDivergedError
    expect(d.epoch).toBeGreaterThanOrEqual(1)
    expect(d.batch).toBeGreaterThanOrEqual(0)
    expect(d.message).toMatch(new RegExp(`^Training diverged at epoch ${d.epoch}, (batch ${d.batch}|end-of-epoch evaluation): the (cost|gradient|training loss) became`))
    // Everything handed out before the failure is finite; nothing is handed out after it.
    for (const r of seen) {
      expect(Number.isFinite(r.batch.cost) && Number.isFinite(r.batch.gradientNorm)).toBe(true)
      if (r.epoch) expect(Object.values(r.epoch.train).every((v) => typeof v === 'string' || Number.isFinite(v))).toBe(true)
    }
    expect(() => t.snapshot()).toThrow(TrainingDivergedError)
    expect(() => t.step()).toThrow(TrainingDivergedError)
  })
})
