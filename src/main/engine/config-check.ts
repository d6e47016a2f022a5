import type { ExperimentConfig, TrainingConfig } from '../../shared/config'
import { checkModelConfig } from '../../shared/pairings'
import { checkOptimizerConfig } from './optimizers'
import { ConfigError } from './errors'

/**
 * Everything wrong with a training config, as messages naming the field ([] if valid): batchSize and epochs
 * whole numbers ≥ 1, shuffle a boolean, seed finite, earlyStopping null or {patience ≥ 1 whole, restoreBest boolean}.
 */
export function checkTrainingConfig(training: TrainingConfig): string[] {
  const problems: string[] = []
  if (!training) return ['training settings are missing']
  if (!Number.isInteger(training.batchSize) || training.batchSize < 1) problems.push(`training.batchSize must be a whole number ≥ 1, got ${String(training.batchSize)}`)
  if (!Number.isInteger(training.epochs) || training.epochs < 1) problems.push(`training.epochs must be a whole number ≥ 1, got ${String(training.epochs)}`)
  if (typeof training.shuffle !== 'boolean') problems.push(`training.shuffle must be true or false, got ${String(training.shuffle)}`)
  if (!Number.isFinite(training.seed)) problems.push(`training.seed must be a finite number, got ${String(training.seed)}`)
  const es = training.earlyStopping
  if (es !== null && es !== undefined) {
    if (!Number.isInteger(es.patience) || es.patience < 1) problems.push(`training.earlyStopping.patience must be a whole number ≥ 1, got ${String(es.patience)}`)
    if (typeof es.restoreBest !== 'boolean') problems.push(`training.earlyStopping.restoreBest must be true or false, got ${String(es.restoreBest)}`)
  }
  return problems
}

/** Every problem of model, optimizer and training settings together ([] if the experiment can train). */
export function checkExperimentConfig(config: ExperimentConfig): string[] {
  if (!config || typeof config !== 'object') return ['the experiment config is missing']
  return [...(config.model ? checkModelConfig(config.model) : ['model settings are missing']), ...checkOptimizerConfig(config.optimizer), ...checkTrainingConfig(config.training)]
}

/** Throws a ConfigError listing every problem if the experiment cannot train. */
export function assertTrainable(config: ExperimentConfig): void {
  const problems = checkExperimentConfig(config)
  if (problems.length > 0) throw new ConfigError(problems)
}
