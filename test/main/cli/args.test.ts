import { describe, expect, it } from 'vitest'
import { choiceFlag, helpText, numberFlag, parseCommand, UsageError, type CommandSpec } from '../../../src/main/cli/args'

const spec: CommandSpec = {
  name: 'train',
  summary: 'Train a network.',
  usage: 'train --data <file> [options]',
  options: { data: { type: 'string' }, lr: { type: 'string' }, 'no-shuffle': { type: 'boolean' } },
  help: { '--data <file>': 'the dataset', '--lr <x>': 'learning rate' },
}

describe('command-line arguments', () => {
  it('parses known flags', () => {
    const { values } = parseCommand(spec, ['--data', 'x.csv', '--lr', '0.1', '--no-shuffle'])
    expect(values).toMatchObject({ data: 'x.csv', lr: '0.1', 'no-shuffle': true })
  })
  it('refuses unknown flags and stray words with one clear line', () => {
    expect(() => parseCommand(spec, ['--dtaa', 'x'])).toThrow(UsageError)
    expect(() => parseCommand(spec, ['--dtaa', 'x'])).toThrow(/train: Unknown option '--dtaa'/)
    expect(() => parseCommand(spec, ['oops'])).toThrow(/unexpected argument "oops"/)
  })
  it('refuses numbers that are not plain decimals and out-of-range values', () => {
    for (const bad of ['0x1A', '1,5', '5 kg', '', 'NaN', 'Infinity', '1e999']) {
      expect(() => numberFlag({ lr: bad }, 'lr', 0.1)).toThrow(UsageError)
    }
    expect(numberFlag({ lr: '1e-3' }, 'lr', 0.1)).toBe(0.001)
    expect(numberFlag({}, 'lr', 0.1)).toBe(0.1)
    expect(() => numberFlag({ batch: '0' }, 'batch', 32, { min: 1, integer: true })).toThrow(/between 1 and/)
    expect(() => numberFlag({ batch: '2.5' }, 'batch', 32, { min: 1, integer: true })).toThrow(/whole number/)
  })
  it('lists the valid names when a choice is wrong', () => {
    expect(() => choiceFlag({ loss: '__proto__' }, 'loss', ['mse', 'mae'] as const, 'mse')).toThrow(/not one of: mse, mae/)
    expect(choiceFlag({ loss: 'mae' }, 'loss', ['mse', 'mae'] as const, 'mse')).toBe('mae')
  })
  it('prints help with every option', () => {
    const text = helpText(spec)
    expect(text).toContain('Usage: backprop-studio train --data <file> [options]')
    expect(text).toMatch(/--lr <x>\s+learning rate/)
  })
})
