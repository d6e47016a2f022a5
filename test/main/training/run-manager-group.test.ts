import { afterEach, describe, expect, it } from 'vitest'
import type { ExperimentConfig } from '../../../src/shared/config'
import type { RunManager } from '../../../src/main/training/run-manager'
import type { WireParams } from '../../../src/main/training/protocol'
import { planGroup } from '../../../src/main/training/run-group'
import { initParams } from '../../../src/main/engine/init'
import { tsKernelsF32 } from '../../../src/main/engine/kernels/ts'
import { createRng, RNG_STREAMS } from '../../../src/main/engine/rng'
import { dataset, recordingManager, small } from './run-manager-fixtures'

let current: RunManager | null = null
afterEach(async () => {
  await current?.dispose()
  current = null
})

function weights(p: WireParams | null): number[][] {
  if (!p) throw new Error('no params')
  return [...p.W, ...p.b].map((a) => Array.from(a))
}

describe('paired comparison groups', () => {
  it('gives every run of a seed the same initial weights and batch order; equal configs end bit-identical', async () => {
    const { manager } = recordingManager({ concurrency: 2, cores: 2 })
    current = manager
    const { groupId, runIds } = manager.startGroup({
      dataset: dataset(),
      base: small,
      vary: { setting: 'loss', values: ['cross-entropy', 'mse', 'cross-entropy'] },
      seeds: 2,
      backend: 'ts',
    })
    expect(runIds).toHaveLength(6)
    const starts = runIds.map((id) => manager.startMessage(id)!)
    const seed1 = starts.slice(0, 3)
    const seed2 = starts.slice(3)
    for (const s of seed1) {
      expect(s.batchSeed).toBe(small.training.seed)
      expect(s.config.training.seed).toBe(small.training.seed)
      expect(weights(s.initialParams)).toEqual(weights(seed1[0].initialParams))
    }
    for (const s of seed2) {
      expect(s.batchSeed).toBe(small.training.seed + 1)
      expect(weights(s.initialParams)).toEqual(weights(seed2[0].initialParams))
    }
    expect(weights(seed2[0].initialParams)).not.toEqual(weights(seed1[0].initialParams))
    expect(seed1[1].config.model.loss).toBe('mse')
    expect(manager.get(runIds[1])!.groupId).toBe(groupId)
    expect(manager.get(runIds[4])!.label).toBe(`loss = mse, seed ${small.training.seed + 1}`)

    await Promise.all(runIds.map((id) => manager.whenDone(id)))
    const finals = runIds.map((id) => {
      expect(manager.get(id)!.status).toBe('completed')
      return weights(manager.get(id)!.result!.params)
    })
    // Same config, same seed: the same run bit for bit (float32 values compared exactly).
    expect(finals[2]).toEqual(finals[0])
    expect(finals[5]).toEqual(finals[3])
    // And the comparison is real: a different loss or a different seed trains differently.
    expect(finals[1]).not.toEqual(finals[0])
    expect(finals[3]).not.toEqual(finals[0])
  })
})

describe('planGroup', () => {
  const base: ExperimentConfig = { ...small, model: { ...small.model, output: 'identity', loss: 'mse' } }

  it('pairs a loss with a valid output: keeps the base output when it can, else the first valid one, and says so', () => {
    const plan = planGroup(base, { setting: 'loss', values: ['mse', 'cross-entropy', 'binary-cross-entropy'] }, 1, 2, 2)
    expect(plan.map((p) => p.config.model.output)).toEqual(['identity', 'softmax', 'softmax']) // outputsFor order: softmax comes first
    expect(plan[0].label).toBe('loss = mse')
    expect(plan[1].label).toBe('loss = cross-entropy (output identity → softmax)')
    expect(plan[1].initialParams!.activations).toEqual(['tanh', 'softmax'])
    expect(weights(plan[1].initialParams)).toEqual(weights(plan[0].initialParams))
  })

  it('draws the trainer\'s own init once per shape: same-shape variants share it, other shapes get their own from the same seed', () => {
    const plan = planGroup(base, {
      setting: 'layers',
      values: [[{ units: 4, activation: 'tanh' }], [{ units: 4, activation: 'relu' }], [{ units: 5, activation: 'tanh' }, { units: 3, activation: 'elu' }]],
    }, 1, 2, 2)
    expect(weights(plan[1].initialParams)).toEqual(weights(plan[0].initialParams))
    expect(plan[1].initialParams!.activations).toEqual(['relu', 'identity'])
    expect(plan[2].initialParams!.sizes).toEqual([2, 5, 3, 2])
    for (const p of [plan[0], plan[2]]) {
      const own = initParams(tsKernelsF32, p.initialParams!.sizes, p.initialParams!.activations as never, base.model.init, base.model.initEpsilon, createRng(base.training.seed, RNG_STREAMS.init))
      expect(weights(p.initialParams)).toEqual(weights({ ...own, activations: own.activations }))
    }
    expect(plan[2].label).toBe('layers = [5 tanh, 3 elu]')
  })

  it('varies activation, λ, learning rate and optimizer without touching the rest', () => {
    const act = planGroup(base, { setting: 'activation', values: ['relu', 'sigmoid'] }, 1, 2, 2)
    expect(act.map((p) => p.config.model.hidden[0].activation)).toEqual(['relu', 'sigmoid'])
    expect(weights(act[1].initialParams)).toEqual(weights(act[0].initialParams))
    const lam = planGroup(base, { setting: 'lambda', values: [0, 0.01] }, 1, 2, 2)
    expect(lam.map((p) => p.config.model.lambda)).toEqual([0, 0.01])
    const lr = planGroup(base, { setting: 'learningRate', values: [0.01, 1] }, 1, 2, 2)
    expect(lr.map((p) => p.config.optimizer.learningRate)).toEqual([0.01, 1])
    const opt = planGroup(base, { setting: 'optimizer', values: ['adam', { kind: 'momentum', learningRate: 0.05, momentum: 0.8, nesterov: true }] }, 1, 2, 2)
    expect(opt[0].config.optimizer).toEqual({ kind: 'adam', learningRate: base.optimizer.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 })
    expect(opt[1].config.optimizer).toMatchObject({ kind: 'momentum', momentum: 0.8 })
    expect(opt[1].config.model).toEqual(base.model)
  })

  it('leaves invalid configs without shared weights (the worker then names the problem) and refuses empty plans', () => {
    const plan = planGroup(base, { setting: 'layers', values: [[{ units: 0, activation: 'tanh' }], [{ units: 3, activation: 'tanh' }]] }, 1, 2, 2)
    expect(plan[0].initialParams).toBeNull()
    expect(plan[1].initialParams).not.toBeNull()
    expect(() => planGroup(base, { setting: 'lambda', values: [] }, 1, 2, 2)).toThrow(/at least one value/)
    expect(() => planGroup(base, { setting: 'lambda', values: [0] }, 0, 2, 2)).toThrow(/seeds/)
  })
})
