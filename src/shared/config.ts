/**
 * The experiment config: every name the product knows, as `as const` arrays turned into union types, and the
 * shape of one run's settings. Pure types and constants: imported by main, the worker, the CLI and the renderer.
 * The zod schema that validates configs arriving from files and IPC lives in `config-schema.ts`.
 */

/** Activations a hidden layer may train with. */
export const HIDDEN_ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softplus', 'elu'] as const
/** Activations the output layer may train with. */
export const OUTPUT_ACTIVATIONS = ['softmax', 'sigmoid', 'tanh', 'identity'] as const
/**
 * Every activation the engine can evaluate. `step` (the perceptron's threshold unit) is inference-only: its
 * derivative is zero almost everywhere, so backpropagation cannot train through it.
 */
export const ACTIVATIONS = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softplus', 'elu', 'softmax', 'step'] as const
export const LOSSES = ['cross-entropy', 'binary-cross-entropy', 'mse', 'rmse', 'mae', 'huber'] as const
export const INITS = ['uniform', 'xavier', 'he', 'zeros'] as const
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const
export const TASKS = ['classification', 'regression'] as const

export type HiddenActivation = (typeof HIDDEN_ACTIVATIONS)[number]
export type OutputActivation = (typeof OUTPUT_ACTIVATIONS)[number]
export type ActivationName = (typeof ACTIVATIONS)[number]
export type LossName = (typeof LOSSES)[number]
export type InitName = (typeof INITS)[number]
export type OptimizerName = (typeof OPTIMIZERS)[number]
export type Task = (typeof TASKS)[number]

/** One hidden layer: its width and its activation. */
export interface HiddenLayer {
  units: number
  activation: HiddenActivation
}

/** The network and its cost. Input and output widths come from the dataset. */
export interface ModelConfig {
  hidden: HiddenLayer[]
  output: OutputActivation
  loss: LossName
  /** Huber's delta (only read when loss is 'huber'). */
  huberDelta: number
  /** L2 strength λ in J = data loss + λ/(2m)·Σ W² (biases excluded, m = batch size); sklearn's `alpha`. */
  lambda: number
  init: InitName
  /** Half-width ε of the 'uniform' initialisation, weights ~ U[-ε, ε]. */
  initEpsilon: number
}

export type OptimizerConfig =
  | { kind: 'sgd'; learningRate: number }
  | { kind: 'momentum'; learningRate: number; momentum: number; nesterov: boolean }
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }

export interface EarlyStopping {
  /** Epochs without a better validation loss before stopping. */
  patience: number
  /** Put back the weights of the best epoch when stopping (and at the end). */
  restoreBest: boolean
}

export interface TrainingConfig {
  batchSize: number
  epochs: number
  /** Reshuffle the mini-batches every epoch with the seeded generator. */
  shuffle: boolean
  earlyStopping: EarlyStopping | null
  /** Seeds every random choice of a run: initial weights, batch order, splits. */
  seed: number
}

/** Everything that defines one run apart from the data. Same config + same data = the same run, bit for bit. */
export interface ExperimentConfig {
  model: ModelConfig
  optimizer: OptimizerConfig
  training: TrainingConfig
}

export const DEFAULT_EXPERIMENT: ExperimentConfig = {
  model: {
    hidden: [{ units: 16, activation: 'relu' }],
    output: 'softmax',
    loss: 'cross-entropy',
    huberDelta: 1,
    lambda: 0,
    init: 'xavier',
    initEpsilon: 0.12,
  },
  optimizer: { kind: 'sgd', learningRate: 0.1 },
  training: { batchSize: 32, epochs: 20, shuffle: true, earlyStopping: null, seed: 1 },
}

/** Weights plus biases of a dense network with layer widths `sizes` = [inputs, hidden..., outputs]. */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l + 1] * (sizes[l] + 1)
  return n
}
