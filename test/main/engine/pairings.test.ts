// Tests src/shared/pairings.ts (kept beside the engine tests: the engine owns the pairing rules it enforces).
import { describe, expect, it } from 'vitest'
import { LOSSES, OUTPUT_ACTIVATIONS, DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { checkModelConfig, lossesFor, outputsFor, pairingProblem, validPairings } from '../../../src/shared/pairings'

describe('pairings', () => {
  it('regression losses accept every output activation, softmax included', () => {
    for (const output of OUTPUT_ACTIVATIONS) for (const loss of ['mse', 'rmse', 'mae', 'huber'] as const) expect(pairingProblem(output, loss)).toBeNull()
  })

  it('cross-entropy only with softmax, and says why', () => {
    expect(pairingProblem('softmax', 'cross-entropy')).toBeNull()
    for (const output of ['sigmoid', 'tanh', 'identity'] as const) {
      expect(pairingProblem(output, 'cross-entropy')).toMatch(/cross-entropy needs softmax outputs: .*probability distribution/)
    }
  })

  it('binary cross-entropy needs outputs in (0, 1): sigmoid or softmax, not identity or tanh', () => {
    expect(pairingProblem('sigmoid', 'binary-cross-entropy')).toBeNull()
    expect(pairingProblem('softmax', 'binary-cross-entropy')).toBeNull()
    expect(pairingProblem('identity', 'binary-cross-entropy')).toMatch(/needs outputs in \(0, 1\).*identity outputs can be any real number/)
    expect(pairingProblem('tanh', 'binary-cross-entropy')).toMatch(/tanh outputs lie in \(-1, 1\)/)
  })

  it('lossesFor / outputsFor / validPairings agree with pairingProblem', () => {
    expect(lossesFor('softmax')).toEqual([...LOSSES])
    expect(lossesFor('identity')).toEqual(['mse', 'rmse', 'mae', 'huber'])
    expect(lossesFor('sigmoid')).toEqual(['binary-cross-entropy', 'mse', 'rmse', 'mae', 'huber'])
    expect(outputsFor('cross-entropy')).toEqual(['softmax'])
    expect(outputsFor('binary-cross-entropy')).toEqual(['softmax', 'sigmoid'])
    expect(validPairings()).toHaveLength(6 + 5 + 4 + 4)
  })

  it('unknown names, including inherited object keys, are problems not crashes', () => {
    expect(pairingProblem('__proto__' as never, 'mse')).toMatch(/Unknown output activation "__proto__"; valid: softmax, sigmoid, tanh, identity/)
    expect(pairingProblem('softmax', 'constructor' as never)).toMatch(/Unknown loss "constructor"/)
  })
})

describe('checkModelConfig', () => {
  const model = DEFAULT_EXPERIMENT.model
  it('accepts the default model', () => {
    expect(checkModelConfig(model)).toEqual([])
  })

  it("refuses 'step' in training, explaining that its derivative is zero almost everywhere", () => {
    const hidden = checkModelConfig({ ...model, hidden: [{ units: 3, activation: 'step' as never }] })
    expect(hidden).toHaveLength(1)
    expect(hidden[0]).toMatch(/^model.hidden\[0\].activation: 'step' cannot be trained by backpropagation: its derivative is zero almost everywhere/)
    expect(checkModelConfig({ ...model, output: 'step' as never, loss: 'mse' })[0]).toMatch(/^model.output: 'step' cannot be trained/)
  })

  it('lists every problem with its field', () => {
    const problems = checkModelConfig({
      hidden: [{ units: 0, activation: 'relu' }, { units: 2.5, activation: '__proto__' as never }, { units: 3, activation: 'softmax' as never }],
      output: 'sigmoid',
      loss: 'cross-entropy',
      huberDelta: 1,
      lambda: -1,
      init: 'constructor' as never,
      initEpsilon: 0,
    })
    expect(problems).toEqual([
      expect.stringMatching(/^model.hidden\[0\].units must be a whole number of at least 1, got 0/),
      expect.stringMatching(/^model.hidden\[1\].units .* got 2.5/),
      expect.stringMatching(/^model.hidden\[1\].activation: unknown activation "__proto__"; valid: identity, sigmoid/),
      expect.stringMatching(/^model.hidden\[2\].activation: softmax is only available on the output layer/),
      expect.stringMatching(/^model.loss: cross-entropy needs softmax outputs/),
      expect.stringMatching(/^model.lambda .* must be a finite number ≥ 0, got -1/),
      expect.stringMatching(/^model.init: unknown initialisation "constructor"/),
    ])
    expect(checkModelConfig({ ...model, lambda: NaN })[0]).toMatch(/got NaN/)
    expect(checkModelConfig({ ...model, lambda: Infinity })[0]).toMatch(/got Infinity/)
    expect(checkModelConfig({ ...model, loss: 'huber', output: 'identity', huberDelta: 0 })[0]).toMatch(/huberDelta/)
    expect(checkModelConfig({ ...model, init: 'uniform', initEpsilon: -1 })[0]).toMatch(/initEpsilon/)
  })
})
