import type { ExperimentConfig } from '../../../shared/config'

/**
 * A run's name for people, from what defines it: "run 3 · 16 relu, 8 tanh · cross-entropy · adam 0.001". The
 * number counts the runs of the session so two runs with equal settings stay apart.
 */
export function runLabel(n: number, config: ExperimentConfig): string {
  const layers = config.model.hidden.length ? config.model.hidden.map((h) => `${h.units} ${h.activation}`).join(', ') : 'no hidden layer'
  return `run ${n} · ${layers} · ${config.model.loss} · ${config.optimizer.kind} ${config.optimizer.learningRate}`
}
