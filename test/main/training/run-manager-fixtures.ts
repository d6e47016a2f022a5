import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../../../src/shared/config'
import { createRunManager, type RunDataset, type RunEvent, type RunManager } from '../../../src/main/training/run-manager'

/** Shared by the run-manager tests: a tiny learnable dataset, a small config and a manager that records events. */

export const WORKER = new URL('../../helpers/training-worker.mjs', import.meta.url)
export const CRASHING_WORKER = new URL('../../helpers/crashing-worker.mjs', import.meta.url)

/** Two classes split by x0 + x1 > 0. */
export function twoClasses(rows: number, seed: number): { X: Float32Array; T: Float32Array; rows: number } {
  const X = new Float32Array(rows * 2)
  const T = new Float32Array(rows * 2)
  let s = seed >>> 0
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
  for (let i = 0; i < rows; i++) {
    const a = rand()
    const b = rand()
    X[2 * i] = a
    X[2 * i + 1] = b
    T[2 * i + (a + b > 0 ? 1 : 0)] = 1
  }
  return { X, T, rows }
}

export function dataset(id = 'd1'): RunDataset {
  return { id, task: 'classification', inputs: 2, outputs: 2, train: twoClasses(200, 1), validation: twoClasses(50, 2), test: twoClasses(50, 3) }
}

export const small: ExperimentConfig = {
  ...DEFAULT_EXPERIMENT,
  model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 6, activation: 'tanh' }] },
  training: { ...DEFAULT_EXPERIMENT.training, epochs: 4, batchSize: 16 },
}

/** Runs until stopped (for pause/stop/delete tests). */
export const endless: ExperimentConfig = { ...small, training: { ...small.training, epochs: 100000, batchSize: 1 } }

export function recordingManager(opts: { concurrency?: number; cores?: number; entry?: URL } = {}): { manager: RunManager; events: RunEvent[] } {
  const events: RunEvent[] = []
  const manager = createRunManager({ workerEntry: opts.entry ?? WORKER, concurrency: opts.concurrency, cores: opts.cores, onEvent: (e) => events.push(e) })
  return { manager, events }
}

export async function waitFor(cond: () => boolean, ms = 20000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}
