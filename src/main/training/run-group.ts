import type { ExperimentConfig, HiddenActivation, HiddenLayer, LossName, OptimizerConfig, OptimizerName } from '../../shared/config'
import { checkModelConfig, outputsFor, pairingProblem } from '../../shared/pairings'
import { initParams } from '../engine/init'
import { tsKernelsF32 } from '../engine/kernels/ts'
import { createRng, RNG_STREAMS } from '../engine/rng'
import { MAX_PARAMETERS } from '../engine/trainer'
import type { GroupVary } from '../../shared/runs'
import type { WireParams } from './protocol'

/**
 * Paired comparisons: one base config, one setting varied over a list of values, optionally repeated over
 * several seeds. Pure planning (no threads): which configs to run, with which shared initial weights and batch
 * order. The run manager starts the plan.
 */

export type { GroupVary } from '../../shared/runs'

/** One run of a group's plan. */
export interface PlannedRun {
  config: ExperimentConfig
  /** e.g. "loss = mse (output softmax → identity), seed 2". */
  label: string
  seed: number
  /** Shared by every run of the same seed (null only if the init could not be drawn; the worker then explains). */
  initialParams: WireParams | null
  /** Shared by every run of the same seed, so all of them see the same mini-batch order. */
  batchSeed: number
}

/**
 * The runs of a group: seed-major (all values for the first seed, then the next seed), seeds
 * `base.training.seed + k` for k < seeds. Initial weights are drawn once per (seed, layer sizes) with the
 * engine's initParams and the base config's init scheme — the same draw the trainer would make itself — and
 * each run gets its own copy labelled with its own activations, so runs whose shapes agree start identical.
 * Networks of `inputs` → hidden → `outputs`.
 */
export function planGroup(base: ExperimentConfig, vary: GroupVary, seeds: number, inputs: number, outputs: number): PlannedRun[] {
  if (!Number.isInteger(seeds) || seeds < 1) throw new RangeError(`seeds must be a whole number ≥ 1, got ${seeds}`)
  if (!Array.isArray(vary.values) || vary.values.length === 0) throw new RangeError(`vary.values must list at least one value for ${vary.setting}`)
  const variants = vary.values.map((value) => applyVary(base, vary.setting, value))
  const runs: PlannedRun[] = []
  for (let k = 0; k < seeds; k++) {
    const seed = base.training.seed + k
    const inits = new Map<string, WireParams | null>()
    for (const v of variants) {
      const config: ExperimentConfig = { ...v.config, training: { ...v.config.training, seed } }
      const sizes = [inputs, ...config.model.hidden.map((h) => h.units), outputs]
      const key = sizes.join('-')
      if (!inits.has(key)) inits.set(key, drawInit(base, sizes, seed))
      const shared = inits.get(key) ?? null
      const activations = [...config.model.hidden.map((h) => h.activation), config.model.output]
      const initialParams = shared && checkModelConfig(config.model).length === 0 ? copyParams(shared, activations) : null
      runs.push({ config, label: seeds > 1 ? `${v.label}, seed ${seed}` : v.label, seed, initialParams, batchSeed: seed })
    }
  }
  return runs
}

function applyVary(base: ExperimentConfig, setting: GroupVary['setting'], value: unknown): { config: ExperimentConfig; label: string } {
  const model = base.model
  switch (setting) {
    case 'loss': {
      const loss = value as LossName
      // Keep the base output if it can train with this loss, else the first output that can.
      const output = pairingProblem(model.output, loss) === null ? model.output : (outputsFor(loss)[0] ?? model.output)
      const note = output !== model.output ? ` (output ${model.output} → ${output})` : ''
      return { config: { ...base, model: { ...model, loss, output } }, label: `loss = ${loss}${note}` }
    }
    case 'activation': {
      const activation = value as HiddenActivation
      return { config: { ...base, model: { ...model, hidden: model.hidden.map((h) => ({ ...h, activation })) } }, label: `activation = ${activation}` }
    }
    case 'lambda':
      return { config: { ...base, model: { ...model, lambda: value as number } }, label: `λ = ${String(value)}` }
    case 'learningRate':
      return { config: { ...base, optimizer: { ...base.optimizer, learningRate: value as number } }, label: `learning rate = ${String(value)}` }
    case 'optimizer': {
      const optimizer = typeof value === 'string' ? defaultOptimizer(value as OptimizerName, base.optimizer.learningRate) : (value as OptimizerConfig)
      return { config: { ...base, optimizer }, label: `optimizer = ${optimizer.kind}` }
    }
    case 'layers': {
      const hidden = value as HiddenLayer[]
      const shape = hidden.length === 0 ? 'none' : hidden.map((h) => `${h.units} ${h.activation}`).join(', ')
      return { config: { ...base, model: { ...model, hidden: hidden.map((h) => ({ ...h })) } }, label: `layers = [${shape}]` }
    }
    default:
      throw new RangeError(`Unknown setting to vary ${JSON.stringify(String(setting))}; valid: loss, activation, lambda, learningRate, optimizer, layers`)
  }
}

function defaultOptimizer(kind: OptimizerName, learningRate: number): OptimizerConfig {
  if (kind === 'momentum') return { kind, learningRate, momentum: 0.9, nesterov: false }
  if (kind === 'adam') return { kind, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }
  if (kind === 'sgd') return { kind, learningRate }
  throw new RangeError(`Unknown optimizer ${JSON.stringify(String(kind))}; valid: sgd, momentum, adam`)
}

/**
 * The trainer's own initial draw for `sizes` and `seed`, or null when the shape is not one the trainer would
 * accept (the run then starts without shared weights and the worker reports the problem by name).
 */
function drawInit(base: ExperimentConfig, sizes: number[], seed: number): WireParams | null {
  if (!sizes.every((n) => Number.isInteger(n) && n >= 1)) return null
  let count = 0
  for (let l = 0; l + 1 < sizes.length; l++) count += (sizes[l] + 1) * sizes[l + 1]
  if (count > MAX_PARAMETERS) return null
  try {
    // Activations do not affect the draw; each run relabels its copy.
    const p = initParams(tsKernelsF32, sizes, sizes.slice(1).map(() => 'identity'), base.model.init, base.model.initEpsilon, createRng(seed, RNG_STREAMS.init))
    return { sizes: p.sizes, activations: p.activations, W: p.W, b: p.b }
  } catch {
    return null
  }
}

function copyParams(p: WireParams, activations: string[]): WireParams {
  return { sizes: [...p.sizes], activations, W: p.W.map((w) => w.slice()), b: p.b.map((v) => v.slice()) }
}
