import { describe, expect, it } from 'vitest'
import { metricsToCsv } from '../../../src/main/training/metrics-csv'

describe('metrics CSV', () => {
  it('writes one row per epoch and one column per metric, blanks for missing values', () => {
    const csv = metricsToCsv([
      { epoch: 1, metrics: { loss: 0.5, accuracy: 0.75 } },
      { epoch: 2, metrics: { loss: 0.25, accuracy: 0.875, val_loss: 0.3 } },
    ])
    expect(csv).toBe('epoch,loss,accuracy,val_loss\n1,0.5,0.75,\n2,0.25,0.875,0.3\n')
  })
})
