import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPERIMENT } from '../../src/shared/config'
import type { ExperimentConfig } from '../../src/shared/config'
import { checkExperimentConfig, CONFIG_LIMITS, ExperimentConfigSchema, formatPath, peopleErrors } from '../../src/shared/config-schema'

type Loose = Record<string, any>
/** A deep copy of the default config with one change applied. */
function variant(change: (c: Loose) => void): unknown {
  const c = structuredClone(DEFAULT_EXPERIMENT) as Loose
  change(c)
  return c
}

/** The config's error message; fails the test if the config was accepted. */
function refusal(value: unknown): string {
  const result = checkExperimentConfig(value)
  if (result.ok) throw new Error(`expected a refusal, but the config was accepted: ${JSON.stringify(value)}`)
  return result.error
}

describe('ExperimentConfigSchema', () => {
  it('accepts the default config and returns it unchanged', () => {
    const result = checkExperimentConfig(DEFAULT_EXPERIMENT)
    expect(result).toEqual({ ok: true, value: DEFAULT_EXPERIMENT })
  })

  it('accepts every optimizer kind and early stopping', () => {
    const momentum = variant((c) => (c.optimizer = { kind: 'momentum', learningRate: 0.05, momentum: 0.9, nesterov: true }))
    const adam = variant((c) => {
      c.optimizer = { kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
      c.training.earlyStopping = { patience: 5, restoreBest: true }
      c.model.hidden = []
      c.model.output = 'sigmoid'
      c.model.loss = 'binary-cross-entropy'
    })
    expect(checkExperimentConfig(momentum).ok).toBe(true)
    expect(checkExperimentConfig(adam).ok).toBe(true)
  })

  it.each([
    ['a string where a number belongs', (c: Loose) => (c.training.batchSize = '32'), /training\.batchSize: expected a whole number|training\.batchSize: expected a finite number.*must not be quoted/],
    ['a number where a boolean belongs', (c: Loose) => (c.training.shuffle = 1), /training\.shuffle: expected true or false, got 1/],
    ['negative units', (c: Loose) => (c.model.hidden[0].units = -3), /model\.hidden\[0\]\.units: must be ≥ 1, got -3/],
    ['zero units', (c: Loose) => (c.model.hidden[0].units = 0), /model\.hidden\[0\]\.units: must be ≥ 1, got 0/],
    ['fractional units', (c: Loose) => (c.model.hidden[0].units = 2.5), /model\.hidden\[0\]\.units: expected a whole number, got 2\.5/],
    ['too many units', (c: Loose) => (c.model.hidden[0].units = 1e9), /model\.hidden\[0\]\.units: must be ≤ 100000/],
    ['unknown optimizer', (c: Loose) => (c.optimizer = { kind: 'rmsprop', learningRate: 0.1 }), /optimizer\.kind: unknown kind "rmsprop"; valid: "sgd", "momentum", "adam"/],
    ['prototype key as optimizer', (c: Loose) => (c.optimizer = { kind: '__proto__', learningRate: 0.1 }), /optimizer\.kind: unknown kind "__proto__"/],
    ['learning rate 0', (c: Loose) => (c.optimizer.learningRate = 0), /optimizer\.learningRate: must be > 0, got 0/],
    ['negative learning rate', (c: Loose) => (c.optimizer.learningRate = -0.1), /optimizer\.learningRate: must be > 0, got -0\.1/],
    ['NaN learning rate', (c: Loose) => (c.optimizer.learningRate = NaN), /optimizer\.learningRate: expected a finite number, got NaN/],
    ['infinite learning rate', (c: Loose) => (c.optimizer.learningRate = Infinity), /optimizer\.learningRate: expected a finite number, got Infinity/],
    ['momentum of 1', (c: Loose) => (c.optimizer = { kind: 'momentum', learningRate: 0.1, momentum: 1, nesterov: false }), /optimizer\.momentum: must be < 1, got 1/],
    ['missing Adam field', (c: Loose) => (c.optimizer = { kind: 'adam', learningRate: 0.1, beta1: 0.9, epsilon: 1e-8 }), /optimizer\.beta2: expected a finite number, got nothing \(the field is missing\)/],
    ['batch size 0', (c: Loose) => (c.training.batchSize = 0), /training\.batchSize: must be ≥ 1, got 0/],
    ['absurd epochs', (c: Loose) => (c.training.epochs = 1e9), /training\.epochs: must be ≤ 100000, got 1000000000/],
    ['zero epochs', (c: Loose) => (c.training.epochs = 0), /training\.epochs: must be ≥ 1, got 0/],
    ['negative λ', (c: Loose) => (c.model.lambda = -1), /model\.lambda: must be ≥ 0, got -1/],
    ['NaN λ', (c: Loose) => (c.model.lambda = NaN), /model\.lambda: expected a finite number, got NaN/],
    ['huberDelta 0', (c: Loose) => (c.model.huberDelta = 0), /model\.huberDelta: must be > 0, got 0/],
    ['fractional seed', (c: Loose) => (c.training.seed = 1.5), /training\.seed: expected a whole number, got 1\.5/],
    ['seed beyond 32 bits', (c: Loose) => (c.training.seed = 2 ** 32), /training\.seed: must be ≤ 4294967295/],
    ['negative seed', (c: Loose) => (c.training.seed = -1), /training\.seed: must be ≥ 0, got -1/],
    ['early stopping with patience 0', (c: Loose) => (c.training.earlyStopping = { patience: 0, restoreBest: true }), /training\.earlyStopping\.patience: must be ≥ 1, got 0/],
    ['unknown key at the root', (c: Loose) => (c.notes = 'hi'), /^notes: unknown field$/m],
    ['unknown key in model', (c: Loose) => (c.model.dropout = 0.5), /^model\.dropout: unknown field$/m],
    ['unknown key in a hidden layer', (c: Loose) => (c.model.hidden[0].bias = false), /^model\.hidden\[0\]\.bias: unknown field$/m],
    ['unknown key in sgd', (c: Loose) => (c.optimizer.momentum = 0.9), /^optimizer\.momentum: unknown field$/m],
    ['unknown loss', (c: Loose) => (c.model.loss = 'hinge'), /model\.loss: unknown value "hinge"; valid: "cross-entropy"/],
    ['prototype key as loss', (c: Loose) => (c.model.loss = 'constructor'), /model\.loss: unknown value "constructor"/],
    ['prototype key as activation', (c: Loose) => (c.model.hidden[0].activation = '__proto__'), /model\.hidden\[0\]\.activation: unknown value "__proto__"/],
    ['toString as init', (c: Loose) => (c.model.init = 'toString'), /model\.init: unknown value "toString"/],
    ['step in a hidden layer', (c: Loose) => (c.model.hidden[0].activation = 'step'), /model\.hidden\[0\]\.activation: 'step' cannot be trained by backpropagation/],
    ['softmax in a hidden layer', (c: Loose) => (c.model.hidden[0].activation = 'softmax'), /model\.hidden\[0\]\.activation: softmax is only available on the output layer/],
    ['cross-entropy on a sigmoid output', (c: Loose) => (c.model.output = 'sigmoid'), /model\.loss: cross-entropy needs softmax outputs/],
    ['binary cross-entropy on an identity output', (c: Loose) => {
      c.model.output = 'identity'
      c.model.loss = 'binary-cross-entropy'
    }, /model\.loss: binary-cross-entropy needs outputs in \(0, 1\)/],
    ['too many hidden layers', (c: Loose) => (c.model.hidden = Array.from({ length: 64 }, () => ({ units: 2, activation: 'relu' }))), /model\.hidden: must have at most 63 items, got 64/],
  ])('refuses %s, naming the field', (_name, change, message) => {
    expect(refusal(variant(change))).toMatch(message)
  })

  it('refuses values that are not an object', () => {
    expect(refusal(null)).toMatch(/expected an object, got null/)
    expect(refusal([])).toMatch(/expected an object, got a list of 0 items/)
    expect(refusal('{}')).toMatch(/expected an object, got the string/)
  })

  it('lists several problems, one a line, and counts the rest', () => {
    const message = refusal(
      variant((c) => {
        c.model.hidden = Array.from({ length: 8 }, () => ({ units: -1, activation: 'relu' }))
      }),
    )
    const lines = message.split('\n')
    expect(lines[0]).toBe('Invalid experiment config:')
    expect(lines.slice(1, 6).every((l) => /^model\.hidden\[\d\]\.units: must be ≥ 1, got -1$/.test(l))).toBe(true)
    expect(lines[6]).toBe('(and 3 more problems)')
  })

  it('exposes the limits it enforces', () => {
    const atLimit = variant((c) => (c.training.epochs = CONFIG_LIMITS.maxEpochs))
    expect(checkExperimentConfig(atLimit).ok).toBe(true)
  })

  it('types its output as ExperimentConfig and works with a plain safeParse too', () => {
    const parsed = ExperimentConfigSchema.safeParse(DEFAULT_EXPERIMENT, { error: peopleErrors })
    const value: ExperimentConfig | undefined = parsed.data
    expect(value?.training.seed).toBe(1)
  })
})

describe('formatPath', () => {
  it('writes indices in brackets and keys with dots', () => {
    expect(formatPath(['model', 'hidden', 0, 'units'])).toBe('model.hidden[0].units')
    expect(formatPath(['W', 1, 3, 7])).toBe('W[1][3][7]')
    expect(formatPath([])).toBe('')
  })
})
