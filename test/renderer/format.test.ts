import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatMetric, formatPercent, formatRate } from '../../src/renderer/src/format'

describe('format', () => {
  it('formats durations for people', () => {
    expect(formatDuration(0.42)).toBe('0.4 s')
    expect(formatDuration(45)).toBe('45 s')
    expect(formatDuration(187)).toBe('3 min 07 s')
    expect(formatDuration(3720)).toBe('1 h 02 min')
    expect(formatDuration(2 * 86400 + 3 * 3600)).toBe('2 d 03 h')
    expect(formatDuration(NaN)).toBe('—')
    expect(formatDuration(-1)).toBe('—')
    expect(formatDuration(Infinity)).toBe('—')
  })
  it('formats counts with k/M/G', () => {
    expect(formatCount(999)).toBe('999')
    expect(formatCount(12_345)).toBe('12.3k')
    expect(formatCount(1010)).toBe('1,010')
    expect(formatCount(10_000)).toBe('10k')
    expect(formatCount(1_234_567)).toBe('1.23M')
    expect(formatCount(999_999)).toBe('1M')
    expect(formatCount(-12_345)).toBe('-12.3k')
    expect(formatCount(NaN)).toBe('—')
  })
  it('formats percentages and rates', () => {
    expect(formatPercent(0.4213)).toBe('42.1 %')
    expect(formatPercent(1, 0)).toBe('100 %')
    expect(formatPercent(NaN)).toBe('—')
    expect(formatRate(12_300)).toBe('12.3k/s')
    expect(formatRate(-5)).toBe('—')
  })
  it('formats metric values with 4 significant digits', () => {
    expect(formatMetric(0.042137)).toBe('0.04214')
    expect(formatMetric(3.14159)).toBe('3.142')
    expect(formatMetric(0.00001234)).toBe('1.234e-5')
    expect(formatMetric(2)).toBe('2')
    expect(formatMetric(0)).toBe('0')
    expect(formatMetric(null)).toBe('—')
    expect(formatMetric(NaN)).toBe('—')
  })
})
