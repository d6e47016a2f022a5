import type { FloatArray } from './kernels/types'
import type { Network } from './network'
import type { DataSplit } from './data-split'
import type { Loss } from './losses'
import type { YardstickAccumulator, Yardsticks } from './metrics'

/** Combines per-chunk losses into the loss of all rows, as the loss's `aggregate` says. */
export interface LossAverager {
  add(value: number, rows: number): void
  result(): number
  reset(): void
}

export function createLossAverager(aggregate: Loss['aggregate']): LossAverager {
  let sum = 0
  let n = 0
  const rms = aggregate === 'root-mean-square'
  return {
    add(value, rows) {
      sum += (rms ? value * value : value) * rows
      n += rows
    },
    result() {
      if (n === 0) throw new RangeError('no rows to average')
      return rms ? Math.sqrt(sum / n) : sum / n
    },
    reset() {
      sum = n = 0
    },
  }
}

/** Data loss (no L2 term) and yardsticks of the network on a whole split. */
export interface SplitEvaluation {
  loss: number
  yardsticks: Yardsticks
}

/**
 * Runs the whole split through `net` in chunks of net.maxBatch rows (using the network's own buffers; weights
 * untouched). `rowIndex` is 0..rows−1 (allocated once per run), used to gather chunks through the kernels.
 */
export function evaluateSplit<F extends FloatArray>(net: Network<F>, split: DataSplit, rowIndex: Uint32Array, averager: LossAverager, yardsticks: YardstickAccumulator): SplitEvaluation {
  const inputs = net.spec.sizes[0]
  const outputs = net.spec.sizes[net.layers]
  averager.reset()
  yardsticks.reset()
  for (let start = 0; start < split.rows; start += net.maxBatch) {
    const m = Math.min(net.maxBatch, split.rows - start)
    net.kernels.gatherRows(split.X, rowIndex, start, m, inputs, net.X)
    net.kernels.gatherRows(split.T, rowIndex, start, m, outputs, net.T)
    const Y = net.forward(m)
    averager.add(net.dataLoss(m), m)
    yardsticks.add(Y, net.T, m)
  }
  return { loss: averager.result(), yardsticks: yardsticks.result() }
}
