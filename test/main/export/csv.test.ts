import { describe, expect, it } from 'vitest'
import { predictionsToCsv } from '../../../src/main/export/predictions-csv'
import { tensorboardScalars, tensorboardScalarsCsv, tensorboardScalarsJson, type RunMetrics } from '../../../src/main/export/metrics-tensorboard'

describe('predictionsToCsv', () => {
  it('classification: predicted class by largest output, one probability column per class, quoting labels', () => {
    const Y = Float64Array.from([0.1, 0.7, 0.2, 0.5, 0.25, 0.25])
    const csv = predictionsToCsv({ task: 'classification', name: 'kind', classes: ['a', 'b,c', 'd'] }, Y, 2, 3, [4, 9])
    expect(csv).toBe('row,predicted_kind,p_a,"p_b,c",p_d\n4,"b,c",0.1,0.7,0.2\n9,a,0.5,0.25,0.25\n')
  })
  it('regression: mapped back to the target units', () => {
    const csv = predictionsToCsv({ task: 'regression', name: 'price', offset: 100, scale: 10 }, Float64Array.from([0.5, -1]), 2, 1)
    expect(csv).toBe('row,predicted_price\n1,105\n2,90\n')
  })
  it('no target: raw outputs', () => {
    expect(predictionsToCsv(null, Float64Array.from([1, 2, 3, 4]), 2, 2)).toBe('row,output_0,output_1\n1,1,2\n2,3,4\n')
  })
  it('refuses mismatched shapes and non-finite predictions', () => {
    expect(() => predictionsToCsv(null, new Float64Array(3), 2, 2)).toThrow(/3 numbers, but 2 rows x 2 outputs need 4/)
    expect(() => predictionsToCsv(null, Float64Array.from([1, Number.NaN]), 1, 2)).toThrow(/row 1, output 1 is NaN/)
  })
})

describe('TensorBoard-style metrics (run, tag, step, value)', () => {
  const runs: RunMetrics[] = [
    { run: 'mse', epochs: [{ epoch: 1, metrics: { loss: 0.5, val_loss: 0.6, val_accuracy: 0.8 } }, { epoch: 2, metrics: { loss: 0.25, val_loss: Number.NaN } }] },
    { run: 'ce, λ=0.1', epochs: [{ epoch: 1, metrics: { cost: 1.5, test_accuracy: 0.9 } }] },
  ]
  it('splits train/validation/test into Keras-style runs sharing epoch_<metric> tags', () => {
    expect(tensorboardScalars(runs)).toEqual([
      { run: 'mse/train', tag: 'epoch_loss', step: 1, value: 0.5 },
      { run: 'mse/validation', tag: 'epoch_loss', step: 1, value: 0.6 },
      { run: 'mse/validation', tag: 'epoch_accuracy', step: 1, value: 0.8 },
      { run: 'mse/train', tag: 'epoch_loss', step: 2, value: 0.25 },
      { run: 'mse/validation', tag: 'epoch_loss', step: 2, value: null },
      { run: 'ce, λ=0.1/train', tag: 'epoch_cost', step: 1, value: 1.5 },
      { run: 'ce, λ=0.1/test', tag: 'epoch_accuracy', step: 1, value: 0.9 },
    ])
  })
  it('CSV: header, quoting, empty cell for a non-finite value; JSON: null for it', () => {
    const csv = tensorboardScalarsCsv(runs).split('\n')
    expect(csv[0]).toBe('run,step,tag,value')
    expect(csv[5]).toBe('mse/validation,2,epoch_loss,')
    expect(csv[6]).toBe('"ce, λ=0.1/train",1,epoch_cost,1.5')
    expect(JSON.parse(tensorboardScalarsJson(runs))[4]).toEqual({ run: 'mse/validation', tag: 'epoch_loss', step: 2, value: null })
  })
})
