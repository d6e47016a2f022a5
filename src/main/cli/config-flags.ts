import { HIDDEN_ACTIVATIONS, INITS, LOSSES, OPTIMIZERS, OUTPUT_ACTIVATIONS, DEFAULT_EXPERIMENT, type ExperimentConfig, type HiddenActivation, type OptimizerConfig, type Task } from '../../shared/config'
import { checkExperimentConfig } from '../../shared/config-schema'
import { choiceFlag, numberFlag, UsageError, type OptionSpec } from './args'

/** The flags that describe an experiment (shared by `train` and `gradcheck`). */
export const CONFIG_OPTIONS: OptionSpec = {
  layers: { type: 'string' },
  activation: { type: 'string' },
  output: { type: 'string' },
  loss: { type: 'string' },
  huber: { type: 'string' },
  lambda: { type: 'string' },
  initializer: { type: 'string' },
  epsilon: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  nesterov: { type: 'boolean' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  'no-shuffle': { type: 'boolean' },
  patience: { type: 'string' },
}

export const CONFIG_HELP: Record<string, string> = {
  '--layers 64,32': 'hidden layer widths (empty: "" for no hidden layer); default 16',
  '--activation <name>': `hidden activation: ${HIDDEN_ACTIVATIONS.join(', ')} (default relu)`,
  '--output <name>': `output activation: ${OUTPUT_ACTIVATIONS.join(', ')} (default softmax / identity by task)`,
  '--loss <name>': `${LOSSES.join(', ')} (default cross-entropy / mse by task)`,
  '--huber <delta>': 'Huber loss delta (default 1)',
  '--lambda <x>': 'L2 strength λ in J = loss + λ/(2m)·ΣW² (default 0)',
  '--initializer <name>': `random initialisation: ${INITS.join(', ')} (default xavier); --epsilon for uniform`,
  '--optimizer <name>': `${OPTIMIZERS.join(', ')} (default sgd); --momentum 0.9 [--nesterov]`,
  '--lr <x>': 'learning rate (default 0.1; 0.001 for adam)',
  '--batch <n>': 'mini-batch size (default 32)',
  '--epochs <n>': 'epochs (default 20)',
  '--seed <n>': 'seed for weights, batch order and split (default 1)',
  '--no-shuffle': 'keep the mini-batch order fixed',
  '--patience <n>': 'early stopping on validation loss after n epochs without improvement (restores the best)',
}

/** An ExperimentConfig from flags, validated; defaults follow the task. */
export function configFromFlags(v: Record<string, string | boolean | undefined>, task: Task): ExperimentConfig {
  const d = DEFAULT_EXPERIMENT
  const activation = choiceFlag(v, 'activation', HIDDEN_ACTIVATIONS, 'relu') as HiddenActivation
  const layersText = typeof v['layers'] === 'string' ? v['layers'] : '16'
  const hidden = layersText.trim() === '' ? [] : layersText.split(',').map((w, i) => {
    if (!/^\d+$/.test(w.trim())) throw new UsageError(`--layers: layer ${i + 1} width "${w}" is not a whole number`)
    return { units: Number(w.trim()), activation }
  })
  const output = choiceFlag(v, 'output', OUTPUT_ACTIVATIONS, task === 'classification' ? 'softmax' : 'identity')
  const loss = choiceFlag(v, 'loss', LOSSES, task === 'classification' && output === 'softmax' ? 'cross-entropy' : task === 'classification' && output === 'sigmoid' ? 'binary-cross-entropy' : 'mse')
  const kind = choiceFlag(v, 'optimizer', OPTIMIZERS, 'sgd')
  const learningRate = numberFlag(v, 'lr', kind === 'adam' ? 0.001 : 0.1)
  const optimizer: OptimizerConfig =
    kind === 'sgd'
      ? { kind, learningRate }
      : kind === 'momentum'
        ? { kind, learningRate, momentum: numberFlag(v, 'momentum', 0.9), nesterov: v['nesterov'] === true }
        : { kind, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
  const patience = v['patience'] === undefined ? null : numberFlag(v, 'patience', 5, { min: 1, integer: true })
  const config = {
    model: {
      hidden,
      output,
      loss,
      huberDelta: numberFlag(v, 'huber', 1),
      lambda: numberFlag(v, 'lambda', 0),
      init: choiceFlag(v, 'initializer', INITS, d.model.init),
      initEpsilon: numberFlag(v, 'epsilon', d.model.initEpsilon),
    },
    optimizer,
    training: {
      batchSize: numberFlag(v, 'batch', d.training.batchSize, { integer: true }),
      epochs: numberFlag(v, 'epochs', d.training.epochs, { integer: true }),
      shuffle: v['no-shuffle'] !== true,
      earlyStopping: patience === null ? null : { patience, restoreBest: true },
      seed: numberFlag(v, 'seed', d.training.seed, { integer: true }),
    },
  }
  const checked = checkExperimentConfig(config)
  if (!checked.ok) throw new UsageError(`invalid settings:\n  ${checked.error.split('\n').join('\n  ')}`)
  return checked.value
}
