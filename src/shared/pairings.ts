import { HIDDEN_ACTIVATIONS, INITS, LOSSES, OUTPUT_ACTIVATIONS } from './config'
import type { LossName, ModelConfig, OutputActivation } from './config'

/**
 * Which (output activation, loss) pairs make sense, and why the others do not; plus the checks a model config
 * must pass before training. Pure (imports only shared/config) so the renderer can offer only valid choices and
 * explain the invalid ones with the same words the engine uses when it refuses them.
 */

function hasName(list: readonly string[], name: unknown): boolean {
  return typeof name === 'string' && list.includes(name)
}

/**
 * Why `loss` cannot train a network whose output layer uses `output`, or null if the pairing is valid.
 * mse, rmse, mae and huber accept every output activation (softmax included: the engine backpropagates through
 * softmax's true Jacobian). Cross-entropy needs softmax; binary cross-entropy needs outputs in (0, 1).
 */
export function pairingProblem(output: OutputActivation, loss: LossName): string | null {
  if (!hasName(OUTPUT_ACTIVATIONS, output)) return `Unknown output activation ${JSON.stringify(String(output))}; valid: ${OUTPUT_ACTIVATIONS.join(', ')}`
  if (!hasName(LOSSES, loss)) return `Unknown loss ${JSON.stringify(String(loss))}; valid: ${LOSSES.join(', ')}`
  if (loss === 'cross-entropy' && output !== 'softmax') {
    return `cross-entropy needs softmax outputs: it reads the outputs as one probability distribution over the classes (they must be positive and sum to 1), which ${output} outputs are not. Use softmax, or binary-cross-entropy with sigmoid outputs for independent yes/no labels.`
  }
  if (loss === 'binary-cross-entropy' && (output === 'identity' || output === 'tanh')) {
    const range = output === 'tanh' ? 'lie in (-1, 1)' : 'can be any real number'
    return `binary-cross-entropy needs outputs in (0, 1): it takes log(y) and log(1 - y), which are undefined for outputs outside that range, and ${output} outputs ${range}. Use sigmoid (or softmax) outputs, or a regression loss such as mse.`
  }
  return null
}

/** The losses that can train an output layer with activation `output`, in LOSSES order. */
export function lossesFor(output: OutputActivation): LossName[] {
  return LOSSES.filter((loss) => pairingProblem(output, loss) === null)
}

/** The output activations that `loss` can train, in OUTPUT_ACTIVATIONS order. */
export function outputsFor(loss: LossName): OutputActivation[] {
  return OUTPUT_ACTIVATIONS.filter((output) => pairingProblem(output, loss) === null)
}

/** Every valid (output, loss) pair. */
export function validPairings(): Array<{ output: OutputActivation; loss: LossName }> {
  return OUTPUT_ACTIVATIONS.flatMap((output) => lossesFor(output).map((loss) => ({ output, loss })))
}

/** Widest hidden layer a config may ask for (a guard against typos and hostile files allocating gigabytes). */
export const MAX_UNITS = 100_000

/** Why training through a step function is refused (shared by the config check and the trainer). */
export const STEP_NOT_TRAINABLE =
  "'step' cannot be trained by backpropagation: its derivative is zero almost everywhere (and undefined at 0), so no error signal would reach the weights before it. It is available for inference only (e.g. a perceptron loaded from a file); to train, use sigmoid or tanh as a smooth threshold."

/**
 * Everything wrong with a model config for training, as messages naming the field ([] if it can train):
 * hidden layer widths (integers in [1, MAX_UNITS]) and activations (a hidden activation; 'step' refused with the reason),
 * the output activation, the loss and its pairing with the output, huberDelta (finite > 0, read for huber),
 * λ (finite ≥ 0), the init and initEpsilon (finite > 0, read for 'uniform').
 */
export function checkModelConfig(model: ModelConfig): string[] {
  const problems: string[] = []
  if (!Array.isArray(model.hidden)) {
    problems.push('model.hidden must be a list of layers')
  } else {
    model.hidden.forEach((layer, i) => {
      const where = `model.hidden[${i}]`
      if (!Number.isInteger(layer?.units) || layer.units < 1) problems.push(`${where}.units must be a whole number of at least 1, got ${String(layer?.units)}`)
      else if (layer.units > MAX_UNITS) problems.push(`${where}.units must be at most ${MAX_UNITS}, got ${layer.units}`)
      if ((layer?.activation as string) === 'step') problems.push(`${where}.activation: ${STEP_NOT_TRAINABLE}`)
      else if ((layer?.activation as string) === 'softmax') problems.push(`${where}.activation: softmax is only available on the output layer; valid hidden activations: ${HIDDEN_ACTIVATIONS.join(', ')}`)
      else if (!hasName(HIDDEN_ACTIVATIONS, layer?.activation)) problems.push(`${where}.activation: unknown activation ${JSON.stringify(String(layer?.activation))}; valid: ${HIDDEN_ACTIVATIONS.join(', ')}`)
    })
  }
  const outputKnown = hasName(OUTPUT_ACTIVATIONS, model.output)
  const lossKnown = hasName(LOSSES, model.loss)
  if ((model.output as string) === 'step') problems.push(`model.output: ${STEP_NOT_TRAINABLE}`)
  else if (!outputKnown) problems.push(`model.output: unknown output activation ${JSON.stringify(String(model.output))}; valid: ${OUTPUT_ACTIVATIONS.join(', ')}`)
  if (!lossKnown) problems.push(`model.loss: unknown loss ${JSON.stringify(String(model.loss))}; valid: ${LOSSES.join(', ')}`)
  if (outputKnown && lossKnown) {
    const problem = pairingProblem(model.output, model.loss)
    if (problem) problems.push(`model.loss: ${problem}`)
  }
  if (model.loss === 'huber' && !(Number.isFinite(model.huberDelta) && model.huberDelta > 0)) problems.push(`model.huberDelta must be a finite number > 0, got ${String(model.huberDelta)}`)
  if (!(Number.isFinite(model.lambda) && model.lambda >= 0)) problems.push(`model.lambda (L2 strength λ) must be a finite number ≥ 0, got ${String(model.lambda)}`)
  if (!hasName(INITS, model.init)) problems.push(`model.init: unknown initialisation ${JSON.stringify(String(model.init))}; valid: ${INITS.join(', ')}`)
  if (model.init === 'uniform' && !(Number.isFinite(model.initEpsilon) && model.initEpsilon > 0)) problems.push(`model.initEpsilon must be a finite number > 0 for uniform initialisation, got ${String(model.initEpsilon)}`)
  return problems
}
