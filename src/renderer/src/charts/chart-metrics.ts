import type { RunHistory } from '../composables/useRunHistory'

/**
 * Which metric names the charts draw. The worker names them `loss`, `val_loss`, `accuracy`, `cross_entropy`,
 * `rmse`, `mae`, `r2`, with `val_` for the validation split; a dataset without a validation split (XOR trains
 * and is judged on its four points) has only the training ones, so the charts fall back to those.
 */

/** The common yardsticks that put runs with different losses on one scale. */
export const YARDSTICKS = {
  classification: ['accuracy', 'cross_entropy'],
  regression: ['rmse', 'mae'],
} as const

/** Names of the metrics, for axis titles and legends. */
const NAMES: Record<string, string> = {
  loss: 'training loss',
  val_loss: 'validation loss',
  accuracy: 'training accuracy',
  val_accuracy: 'validation accuracy',
  cross_entropy: 'training cross-entropy',
  val_cross_entropy: 'validation cross-entropy',
  rmse: 'training RMSE',
  val_rmse: 'validation RMSE',
  mae: 'training MAE',
  val_mae: 'validation MAE',
  r2: 'training R²',
  val_r2: 'validation R²',
}

export function metricTitle(name: string): string {
  return NAMES[name] ?? name.replace(/_/g, ' ')
}

/** Classification when any run reports accuracy, else regression when any reports rmse; null when unknown yet. */
export function taskOf(histories: Iterable<RunHistory | undefined>): 'classification' | 'regression' | null {
  let task: 'classification' | 'regression' | null = null
  for (const h of histories) {
    if (!h) continue
    if ('accuracy' in h.metrics || 'val_accuracy' in h.metrics) return 'classification'
    if ('rmse' in h.metrics || 'val_rmse' in h.metrics) task = 'regression'
  }
  return task
}

/** `val_<base>` when any of the runs has it, else `<base>` (no validation split). */
export function preferValidation(base: string, histories: Iterable<RunHistory | undefined>): string {
  for (const h of histories) if (h && `val_${base}` in h.metrics && h.metrics[`val_${base}`].some(Number.isFinite)) return `val_${base}`
  return base
}

const BASE_NAMES: Record<string, string> = { loss: 'loss', accuracy: 'accuracy', cross_entropy: 'cross-entropy', rmse: 'RMSE', mae: 'MAE', r2: 'R²' }

/** A metric's name without its split ("test_accuracy" → "accuracy"), for places where the split is said once. */
export function metricBaseName(name: string): string {
  const base = name.replace(/^(val|test|train)_/, '')
  return BASE_NAMES[base] ?? base.replace(/_/g, ' ')
}
