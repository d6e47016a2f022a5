import { describe, expect, it } from 'vitest'
import { buildVary, parseLayers, parseNumbers } from '../../../src/renderer/src/runs/compare-values'

describe('compare values', () => {
  it('parses typed numbers, refusing negatives and single values', () => {
    expect(parseNumbers('0, 0.001 0.01;0.01', 'λ')).toEqual({ values: [0, 0.001, 0.01] })
    expect(parseNumbers('0.1, -1', 'λ')).toEqual({ error: 'λ: "-1" is not a number ≥ 0' })
    expect(parseNumbers('0.1', 'λ')).toEqual({ error: 'λ: give at least two values, separated by commas' })
  })
  it('parses layer lists, one network per ";"', () => {
    expect(parseLayers('8; 16, 16;', 'tanh')).toEqual({ values: [[{ units: 8, activation: 'tanh' }], [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }]] })
    expect(parseLayers('0; 4', 'relu')).toEqual({ values: [[], [{ units: 4, activation: 'relu' }]] })
    expect(parseLayers('8; 2.5', 'relu')).toMatchObject({ error: expect.stringContaining('"2.5"') })
  })
  it('builds the GroupVary of each setting', () => {
    expect(buildVary('loss', ['cross-entropy', 'mse'], '', 'relu')).toEqual({ vary: { setting: 'loss', values: ['cross-entropy', 'mse'] } })
    expect(buildVary('loss', ['mse'], '', 'relu')).toEqual({ error: 'Loss: pick at least two values' })
    expect(buildVary('learningRate', [], '0.1, 0.5', 'relu')).toEqual({ vary: { setting: 'learningRate', values: [0.1, 0.5] } })
    expect(buildVary('optimizer', ['sgd', 'adam'], '', 'relu')).toEqual({ vary: { setting: 'optimizer', values: ['sgd', 'adam'] } })
  })
})
