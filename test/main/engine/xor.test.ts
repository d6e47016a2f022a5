import { describe, expect, it } from 'vitest'
import { createTrainer } from '../../../src/main/engine/trainer'
import { predict } from '../../../src/main/engine/predict'
import { accuracy } from '../../../src/main/engine/metrics'
import { ADAM, XOR, experiment } from './helpers'

describe('XOR: the classic point about hidden layers', () => {
  it('one hidden layer (4 tanh units) learns XOR to 100% accuracy with a fixed seed', () => {
    const trainer = createTrainer({
      config: experiment({ hidden: [{ units: 4, activation: 'tanh' }], optimizer: ADAM, training: { batchSize: 4, epochs: 300, seed: 1 } }),
      task: 'classification',
      inputs: 2,
      outputs: 2,
      train: XOR,
    })
    const history = trainer.run()
    const last = history[history.length - 1]
    expect(last.train).toMatchObject({ task: 'classification', accuracy: 1 })
    expect(last.trainLoss).toBeLessThan(0.05)
    // The returned weights really do it, independent of the trainer's own evaluation.
    const Y = predict(trainer.snapshot(), XOR.X, 4)
    expect(accuracy(Y, XOR.T, 4, 2)).toBe(1)
  })

  it('one hidden layer of sigmoid units with plain SGD also gets there (slower)', () => {
    const trainer = createTrainer({
      config: experiment({ hidden: [{ units: 3, activation: 'sigmoid' }], model: { init: 'uniform', initEpsilon: 1 }, optimizer: { kind: 'sgd', learningRate: 2 }, training: { batchSize: 4, epochs: 2000, seed: 2 } }),
      task: 'classification',
      inputs: 2,
      outputs: 2,
      train: XOR,
    })
    const history = trainer.run()
    expect(history[history.length - 1].train).toMatchObject({ accuracy: 1 })
  })

  it('no hidden layer cannot pass 75%, whatever the seed, optimizer or loss (XOR is not linearly separable)', () => {
    let best = 0
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const [optimizer, loss, output] of [
        [ADAM, 'cross-entropy', 'softmax'],
        [{ kind: 'sgd', learningRate: 0.5 }, 'mse', 'sigmoid'],
      ] as const) {
        const trainer = createTrainer({
          config: experiment({ hidden: [], model: { loss, output }, optimizer, training: { batchSize: 4, epochs: 300, seed } }),
          task: 'classification',
          inputs: 2,
          outputs: 2,
          train: XOR,
        })
        const history = trainer.run()
        const acc = Math.max(...history.map((h) => (h.train.task === 'classification' ? h.train.accuracy : 1)))
        best = Math.max(best, acc)
      }
    }
    expect(best).toBeLessThanOrEqual(0.75)
  })
})
