import type { DataSplit } from '../../../src/main/engine/data-split'
import { describe, expect, it } from 'vitest'
import { createTrainer } from '../../../src/main/engine/trainer'
import { ConfigError, DataError } from '../../../src/main/engine/errors'
import { getActivation } from '../../../src/main/engine/activations'
import { getLoss } from '../../../src/main/engine/losses'
import { UnknownNameError } from '../../../src/main/engine/lookup'
import { InvalidParamsError } from '../../../src/main/engine/params-check'
import { XOR, experiment } from './helpers'
import type { ExperimentConfig } from '../../../src/shared/config'

const start = (config: ExperimentConfig, data: DataSplit = XOR, extra: object = {}) => () => createTrainer({ config, task: 'classification', inputs: 2, outputs: 2, train: data, ...extra })

describe('the trainer refuses what cannot train, saying why', () => {
  it("'step' in a hidden layer or at the output", () => {
    expect(start(experiment({ hidden: [{ units: 2, activation: 'step' as never }] }))).toThrow(/'step' cannot be trained by backpropagation: its derivative is zero almost everywhere/)
    expect(start(experiment({ model: { output: 'step' as never, loss: 'mse' } }))).toThrow(ConfigError)
  })

  it('cross-entropy on sigmoid outputs; binary cross-entropy on identity or tanh outputs', () => {
    expect(start(experiment({ model: { output: 'sigmoid', loss: 'cross-entropy' } }))).toThrow(/cross-entropy needs softmax outputs/)
    expect(start(experiment({ model: { output: 'identity', loss: 'binary-cross-entropy' } }))).toThrow(/binary-cross-entropy needs outputs in \(0, 1\)/)
    expect(start(experiment({ model: { output: 'tanh', loss: 'binary-cross-entropy' } }))).toThrow(/binary-cross-entropy needs outputs in \(0, 1\)/)
  })

  it('unknown names, incl. __proto__ and constructor, list the valid ones', () => {
    expect(start(experiment({ model: { loss: '__proto__' as never } }))).toThrow(/unknown loss "__proto__"; valid: cross-entropy, binary-cross-entropy, mse, rmse, mae, huber/)
    expect(start(experiment({ hidden: [{ units: 2, activation: 'constructor' as never }] }))).toThrow(/unknown activation "constructor"/)
    expect(start(experiment({ optimizer: { kind: 'hasOwnProperty' } as never }))).toThrow(/unknown optimizer "hasOwnProperty"; valid: sgd, momentum, adam/)
    expect(() => getActivation('__proto__')).toThrow(UnknownNameError)
    expect(() => getLoss('toString')).toThrow(/Unknown loss "toString"; valid: cross-entropy/)
    try {
      getActivation('swish')
    } catch (e) {
      expect((e as UnknownNameError).valid).toContain('elu')
    }
  })

  it('every config problem at once, each with its field', () => {
    try {
      start(experiment({ model: { lambda: -1 }, optimizer: { kind: 'sgd', learningRate: -1 }, training: { batchSize: 0, epochs: 1.5, seed: NaN } }))()
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError)
      expect((e as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['model.lambda', 'optimizer.learningRate', 'training.batchSize', 'training.epochs', 'training.seed'])
    }
  })

  it('data that does not fit: wrong length, non-finite values, targets outside [0, 1] for cross-entropy', () => {
    const config = experiment({ hidden: [{ units: 2, activation: 'tanh' }] })
    expect(start(config, { ...XOR, rows: 5 })).toThrow(/training inputs hold 8 numbers, but 5 rows x 2 inputs need 10/)
    expect(start(config, { ...XOR, rows: 0 })).toThrow(DataError)
    const X = XOR.X.slice()
    X[5] = NaN
    expect(start(config, { ...XOR, X })).toThrow(/training data, row 2, input column 1: not a finite number \(NaN\)/)
    // Both array types, every kind of non-finite value (the Float32Array check reads the exponent bits).
    for (const bad of [Infinity, -Infinity, NaN]) {
      const x32 = Float32Array.from(XOR.X)
      x32[7] = bad
      expect(start(config, { ...XOR, X: x32 })).toThrow(new RegExp(`row 3, input column 1: not a finite number \\(${bad}\\)`))
      const x64 = Float64Array.from(XOR.X)
      x64[0] = bad
      expect(start(config, { ...XOR, X: x64 })).toThrow(new RegExp(`row 0, input column 0: not a finite number \\(${bad}\\)`))
    }
    const T = XOR.T.slice()
    T[3] = 2
    expect(start(config, { ...XOR, T })).toThrow(/training data, row 1, target column 1: cross-entropy needs targets in \[0, 1\], got 2/)
    const V = { ...XOR, T: XOR.T.slice() }
    V.T[0] = Infinity
    expect(start(config, XOR, { validation: V })).toThrow(/validation data, row 0, target column 0: not a finite number/)
  })

  it('initial weights that do not match the config', () => {
    const config = experiment({ hidden: [{ units: 2, activation: 'tanh' }] })
    const good = createTrainer({ config, task: 'classification', inputs: 2, outputs: 2, train: XOR }).snapshot()
    expect(start(experiment({ hidden: [{ units: 3, activation: 'tanh' }] }), XOR, { initialParams: good })).toThrow(/initial weights are for a 2-2-2 network, but the config and data describe 2-3-2/)
    expect(start(experiment({ hidden: [{ units: 2, activation: 'relu' }] }), XOR, { initialParams: good })).toThrow(/initial weights use activations tanh, softmax, but the config says relu, softmax/)
    const broken = { ...good, W: [good.W[0], new Float32Array(3)] }
    expect(start(config, XOR, { initialParams: broken })).toThrow(InvalidParamsError)
    const nan = { ...good, b: [Float32Array.from([0, NaN]), good.b[1]] }
    expect(start(config, XOR, { initialParams: nan })).toThrow(/b\[0\]\[1\] is not a finite number/)
  })

  it('networks too big to allocate are refused before any allocation', () => {
    expect(start(experiment({ hidden: [{ units: 1e9, activation: 'relu' }] }))).toThrow(/model.hidden\[0\].units must be at most 100000, got 1000000000/)
    expect(start(experiment({ hidden: [{ units: 90_000, activation: 'relu' }, { units: 90_000, activation: 'relu' }] }))).toThrow(/2-90000-90000-2 has 8100540002 parameters; at most 20000000/)
  })

  it('a task or width that makes no sense', () => {
    const config = experiment()
    expect(() => createTrainer({ config, task: 'clustering' as never, inputs: 2, outputs: 2, train: XOR })).toThrow(/task must be 'classification' or 'regression'/)
    expect(() => createTrainer({ config, task: 'classification', inputs: 0, outputs: 2, train: XOR })).toThrow(/inputs must be a whole number ≥ 1/)
  })
})
