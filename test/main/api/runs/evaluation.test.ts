import { describe, expect, it } from 'vitest'
import type { NetworkParams } from '../../../../src/main/engine/params'
import { evaluateNetwork, firstLayerImages } from '../../../../src/main/api/runs/evaluation'
import { boundaryGeometry, decisionBoundary, GRID } from '../../../../src/main/api/runs/decision-boundary'
import { metricsToLongCsv, longMetricRows } from '../../../../src/main/training/metrics-csv'
import type { Preprocessing } from '../../../../src/shared/preprocessing'

/** One layer, identity weights on 2 inputs → 2 softmax outputs: class = the larger input. */
const argmaxNet: NetworkParams = { sizes: [2, 2], activations: ['softmax'], W: [Float32Array.from([1, 0, 0, 1])], b: [new Float32Array(2)] }

describe('evaluateNetwork', () => {
  it('classification: accuracy, confusion[true][predicted], per-class precision/recall/F1 by hand', () => {
    // Predicted classes: 0, 1, 1, 0, 1 ; true: 0, 1, 0, 0, 1
    const X = Float32Array.from([2, 1, 0, 3, 1, 2, 5, 4, 0, 1])
    const labels = Uint32Array.from([0, 1, 0, 0, 1])
    const ev = evaluateNetwork(argmaxNet, { task: 'classification', split: 'test', X, rows: 5, labels, classLabels: ['cat', 'dog'] })
    expect(ev.rows).toBe(5)
    expect(ev.metrics['accuracy']).toBeCloseTo(4 / 5, 12)
    expect(ev.classification!.confusion).toEqual([
      [2, 1],
      [0, 2],
    ])
    const [cat, dog] = ev.classification!.perClass
    expect(cat).toEqual({ label: 'cat', precision: 1, recall: 2 / 3, f1: 0.8, support: 3 })
    expect(dog.label).toBe('dog')
    expect(dog.precision).toBeCloseTo(2 / 3, 12)
    expect(dog.recall).toBe(1)
    expect(ev.misclassified).toEqual([]) // not image data
    expect(ev.firstLayer).toBeNull()
    expect(ev.regression).toBeNull()
  })

  it('images: misclassified rows as 0..255 pixels with labels, first-layer weights as pictures', () => {
    // 2x1 "images": the brighter pixel is the class; row 1 is labelled against the prediction.
    const X = Float32Array.from([1, 0, 0.2, 0.8, 0, 1])
    const labels = Uint32Array.from([0, 0, 1])
    const ev = evaluateNetwork(argmaxNet, { task: 'classification', split: 'test', X, rows: 3, labels, classLabels: ['left', 'right'], image: { width: 2, height: 1 } })
    expect(ev.misclassified).toEqual([{ pixels: [51, 204], width: 2, height: 1, trueLabel: 'left', predictedLabel: 'right' }])
    expect(ev.firstLayer).toEqual({ width: 2, height: 1, units: [[1, 0], [0, 1]] })
    expect(firstLayerImages(argmaxNet, { width: 3, height: 1 })).toBeNull()
  })

  it('regression: metrics and pairs in original units', () => {
    const net: NetworkParams = { sizes: [1, 1], activations: ['identity'], W: [Float32Array.from([1])], b: [new Float32Array(1)] }
    // Network units x → ŷ = x; original y = ŷ·10 + 100.
    const X = Float32Array.from([0, 1, 2, 3])
    const values = Float64Array.from([100, 111, 120, 129])
    const ev = evaluateNetwork(net, { task: 'regression', split: 'test', X, rows: 4, values, target: { name: 'price', offset: 100, scale: 10 } })
    expect(ev.regression).toEqual({ actual: [100, 111, 120, 129], predicted: [100, 110, 120, 130], target: 'price' })
    expect(ev.metrics['rmse']).toBeCloseTo(Math.sqrt(2 / 4), 12)
    expect(ev.metrics['mae']).toBeCloseTo(0.5, 12)
    expect(ev.classification).toBeNull()
  })

  it('refuses data that does not fit, naming the problem', () => {
    expect(() => evaluateNetwork(argmaxNet, { task: 'classification', split: 'test', X: new Float32Array(3), rows: 1, labels: Uint32Array.from([0]) })).toThrow(/3 inputs per row but the network reads 2/)
    expect(() => evaluateNetwork(argmaxNet, { task: 'classification', split: 'test', X: new Float32Array(2), rows: 1, labels: Uint32Array.from([4]) })).toThrow(/row 1 is of class 4, but the network has only 2 classes/)
    expect(() => evaluateNetwork(argmaxNet, { task: 'classification', split: 'test', X: new Float32Array(0), rows: 0, labels: new Uint32Array(0) })).toThrow(/no rows/)
  })
})

describe('decision boundary', () => {
  const pre: Preprocessing = {
    kind: 'tabular',
    scaling: 'standardize',
    missing: 'impute',
    columns: [
      { kind: 'numeric', name: 'u', offset: 10, scale: 2, impute: null },
      { kind: 'numeric', name: 'v', offset: -5, scale: 4, impute: null },
    ],
    target: { task: 'classification', name: 'c', classes: ['A', 'B'] },
  }
  // Network units; original u = 2x + 10 ∈ [8, 12], v = 4y − 5 ∈ [−9, −1].
  const train = { X: Float32Array.from([-1, -1, 1, 1, -1, 1, 1, -1]), T: Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]), labels: Uint32Array.from([0, 1, 1, 0]), rows: 4, sourceIndex: Uint32Array.from([0, 1, 2, 3]) }

  it('spans the inputs in original units, encodes the grid the model\'s way, and predicts each cell', () => {
    const g = boundaryGeometry(pre, train, ['A', 'B'])!
    expect(g.xs).toHaveLength(GRID)
    expect(g.xs[0]).toBeCloseTo(8 - 0.2, 10) // 5% margin of the range 4
    expect(g.xs[GRID - 1]).toBeCloseTo(12 + 0.2, 10)
    expect(g.ys[0]).toBeCloseTo(-9 - 0.4, 10)
    expect(g.points).toEqual([
      { x: 8, y: -9, cls: 0 },
      { x: 12, y: -1, cls: 1 },
      { x: 8, y: -1, cls: 1 },
      { x: 12, y: -9, cls: 0 },
    ])
    expect([g.xName, g.yName]).toEqual(['u', 'v'])
    const b = decisionBoundary('r', 3, argmaxNet, g)
    expect(b.cls).toHaveLength(GRID * GRID)
    for (const [j, i] of [[0, 0], [0, GRID - 1], [GRID - 1, 0], [30, 12]]) {
      const x = (g.xs[i] - 10) / 2
      const y = (g.ys[j] + 5) / 4
      expect(b.cls[j * GRID + i]).toBe(y > x ? 1 : 0)
      const p = Math.exp(Math.max(x, y)) / (Math.exp(x) + Math.exp(y))
      expect(b.confidence[j * GRID + i]).toBeCloseTo(p, 5)
    }
  })

  it('is null for data where it means nothing', () => {
    const oneHot: Preprocessing = { ...pre, columns: [{ kind: 'categorical', name: 'k', categories: ['a', 'b'], impute: null }] }
    expect(boundaryGeometry(oneHot, train, ['A', 'B'])).toBeNull()
    const reg: Preprocessing = { ...pre, target: { task: 'regression', name: 'c', offset: 0, scale: 1 } }
    expect(boundaryGeometry(reg, train, ['A', 'B'])).toBeNull()
    const other: Preprocessing = { ...pre, columns: [pre.columns[0], { ...pre.columns[1], name: 'w' }] as typeof pre.columns }
    expect(boundaryGeometry(pre, train, ['A', 'B'], other)).toBeNull() // the model reads other columns
  })
})

describe('long-form metrics', () => {
  it('writes one row per (run, epoch, metric), quoting where needed and keeping NaN visible', () => {
    const runs = [
      { run: 'r1', group: null, epochs: [{ epoch: 1, metrics: { loss: 0.5, accuracy: 0.75 } }] },
      { run: 'r2', group: 'g,1', epochs: [{ epoch: 1, metrics: { loss: NaN } }, { epoch: 2, metrics: { loss: 0.25 } }] },
    ]
    expect(longMetricRows(runs)).toHaveLength(4)
    expect(metricsToLongCsv(runs)).toBe('run,group,epoch,metric,value\nr1,,1,loss,0.5\nr1,,1,accuracy,0.75\nr2,"g,1",1,loss,NaN\nr2,"g,1",2,loss,0.25\n')
  })
})
