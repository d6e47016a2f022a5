import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatProgress, ProgressBar } from '../../../src/main/cli/progress'

describe('progress formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(3.14)).toBe('3.1s')
    expect(formatDuration(185)).toBe('3m05s')
    expect(formatDuration(3720)).toBe('1h02m')
    expect(formatDuration(NaN)).toBe('--')
  })
  it('formats counts with k/M/G', () => {
    expect(formatCount(512)).toBe('512')
    expect(formatCount(12345)).toBe('12.3k')
    expect(formatCount(1234567)).toBe('1.23M')
  })
  it('shows bar, percentage, ETA and rate', () => {
    const line = formatProgress({ label: 'epoch 1/3', done: 500, total: 1000, elapsedSeconds: 2, unit: 'samples' }, 10)
    expect(line).toBe('epoch 1/3 [#####.....]  50%  ETA 2.0s  250 samples/s')
  })
  it('throttles lines when not on a terminal', () => {
    const lines: string[] = []
    const bar = new ProgressBar({ write: (s: string) => lines.push(s), isTTY: false }, 5)
    for (let t = 0; t <= 12; t++) bar.update({ label: 'x', done: t, total: 12, elapsedSeconds: t, unit: 'rows' })
    expect(lines.length).toBe(2) // t = 5, 10: nothing for work that ends within the first 5 s
  })
})
