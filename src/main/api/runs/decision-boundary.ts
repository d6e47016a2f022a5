import type { NumericEncoding, Preprocessing } from '../../../shared/preprocessing'
import type { DecisionBoundary } from '../../../shared/views'
import type { NetworkParams } from '../../engine/params'
import { predict } from '../../engine/predict'
import type { PreparedSplit } from '../../data/prepared'

/**
 * Decision boundaries of 2-input classification runs: the predicted class and its confidence on a grid over
 * the two inputs' range in original units, with a sample of the training points. Pure: the geometry is made
 * once per run from the dataset's preprocessing and training split, then each set of weights is one predict
 * over the grid.
 */

export const GRID = 60
export const MAX_POINTS = 1000

/** What does not change during a run: the grid in original and in network units, the points, the names. */
export interface BoundaryGeometry {
  xs: number[]
  ys: number[]
  /** GRID² rows x 2 in the network's input units, row-major [y][x]. */
  gridX: Float32Array
  points: { x: number; y: number; cls: number }[]
  xName: string
  yName: string
  classLabels: string[]
}

/**
 * The geometry for a dataset, or null when a boundary means nothing there: not classification, not exactly two
 * numeric inputs (a one-hot column also makes inputs), or no training rows.
 */
export function boundaryGeometry(pre: Preprocessing | null, train: PreparedSplit, classLabels: string[], modelPre: Preprocessing | null = pre): BoundaryGeometry | null {
  const cols = twoNumeric(pre)
  // The grid is encoded the model's way (a past run's scaling may differ from the dataset's current one).
  const gridCols = twoNumeric(modelPre)
  if (!cols || !gridCols || train.rows === 0) return null
  if (cols[0].name !== gridCols[0].name || cols[1].name !== gridCols[1].name) return null
  const [cx, cy] = cols
  const [gx, gy] = gridCols
  const orig = (v: number, c: { offset: number; scale: number }): number => v * c.scale + c.offset
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity
  for (let r = 0; r < train.rows; r++) {
    const x = orig(train.X[2 * r], cx)
    const y = orig(train.X[2 * r + 1], cy)
    if (x < x0) x0 = x
    if (x > x1) x1 = x
    if (y < y0) y0 = y
    if (y > y1) y1 = y
  }
  // A margin so points on the edge are not on the border of the picture; a constant input still gets a width.
  const pad = (lo: number, hi: number): [number, number] => {
    const m = hi > lo ? (hi - lo) * 0.05 : Math.max(1, Math.abs(lo)) * 0.5
    return [lo - m, hi + m]
  }
  ;[x0, x1] = pad(x0, x1)
  ;[y0, y1] = pad(y0, y1)
  const axis = (lo: number, hi: number): number[] => Array.from({ length: GRID }, (_, i) => lo + ((hi - lo) * i) / (GRID - 1))
  const xs = axis(x0, x1)
  const ys = axis(y0, y1)
  const gridX = new Float32Array(GRID * GRID * 2)
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      gridX[2 * (j * GRID + i)] = (xs[i] - gx.offset) / gx.scale
      gridX[2 * (j * GRID + i) + 1] = (ys[j] - gy.offset) / gy.scale
    }
  }
  const step = Math.max(1, Math.ceil(train.rows / MAX_POINTS))
  const points: BoundaryGeometry['points'] = []
  for (let r = 0; r < train.rows && points.length < MAX_POINTS; r += step) {
    points.push({ x: orig(train.X[2 * r], cx), y: orig(train.X[2 * r + 1], cy), cls: train.labels ? train.labels[r] : rowArgmax(train.T, r, classLabels.length) })
  }
  return { xs, ys, gridX, points, xName: cx.name, yName: cy.name, classLabels: [...classLabels] }
}

/** The two numeric column encodings of a 2-input classification preprocessing, or null. */
function twoNumeric(pre: Preprocessing | null): [NumericEncoding, NumericEncoding] | null {
  if (!pre || pre.kind !== 'tabular' || pre.target.task !== 'classification') return null
  const [a, b] = pre.columns
  if (pre.columns.length !== 2 || a.kind !== 'numeric' || b.kind !== 'numeric') return null
  return [a, b]
}

function rowArgmax(A: ArrayLike<number>, r: number, K: number): number {
  let best = 0
  for (let k = 1; k < K; k++) if (A[r * K + k] > A[r * K + best]) best = k
  return best
}

/**
 * The boundary of `params` on the geometry's grid. Confidence is the predicted class's probability: the output
 * itself for softmax; for other outputs (sigmoid, tanh, identity trained with e.g. mse) the outputs clipped into
 * [0, 1] and normalised to sum 1 (equal shares when all are ≤ 0); for one sigmoid unit, y or 1 − y.
 */
export function decisionBoundary(runId: string, epoch: number, params: NetworkParams, g: BoundaryGeometry): DecisionBoundary {
  const n = g.xs.length * g.ys.length
  const Y = predict(params, g.gridX, n)
  const K = params.sizes[params.sizes.length - 1]
  const softmax = params.activations[params.activations.length - 1] === 'softmax'
  const cls = new Array<number>(n)
  const confidence = new Array<number>(n)
  for (let r = 0; r < n; r++) {
    if (K === 1) {
      const y = Math.min(1, Math.max(0, Y[r]))
      cls[r] = y >= 0.5 ? 1 : 0
      confidence[r] = cls[r] === 1 ? y : 1 - y
      continue
    }
    const best = rowArgmax(Y, r, K)
    cls[r] = best
    if (softmax) confidence[r] = Y[r * K + best]
    else {
      let sum = 0
      for (let k = 0; k < K; k++) sum += Math.min(1, Math.max(0, Y[r * K + k]))
      confidence[r] = sum > 0 ? Math.min(1, Math.max(0, Y[r * K + best])) / sum : 1 / K
    }
    // A diverged network gives NaN outputs: show it as "no confidence" rather than carry NaN to the window.
    if (!Number.isFinite(confidence[r])) confidence[r] = 0
  }
  return { runId, epoch, xs: g.xs, ys: g.ys, cls, confidence, points: g.points, xName: g.xName, yName: g.yName, classLabels: g.classLabels }
}
