import { describe, expect, it } from 'vitest'
import { numberLookalike, parseStrictNumber } from '../../../src/main/data/strict-number'

describe('parseStrictNumber', () => {
  it.each([
    ['3', 3],
    ['-0.5', -0.5],
    ['+2', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-1.5e+2', -150],
    ['007', 7],
    ['0.1', 0.1],
  ])('reads %s as %d', (text, value) => {
    expect(parseStrictNumber(text)).toBe(value)
  })

  it.each(['', ' ', '0x1A', '0b11', '5,1', '12.5.3', '5 kg', 'Infinity', '-inf', 'NaN', '1_000', '1e', 'e5', '.', '-', '+-1', '1.2.', '١٢'])(
    'refuses %j (Number() would accept some of these as a different number)',
    (text) => {
      expect(parseStrictNumber(text)).toBeNull()
    },
  )

  it('returns Infinity for overflow so that the caller can refuse it with a location', () => {
    expect(parseStrictNumber('1e999')).toBe(Infinity)
    expect(parseStrictNumber('-1e999')).toBe(-Infinity)
  })
})

describe('numberLookalike', () => {
  it.each([
    ['5,1', /decimal comma/],
    ['1,234,567', /thousands/],
    ['0x1A', /hexadecimal/],
    ['12.5.3', /more than one decimal point/],
    ['5 kg', /unit/],
    ['3.2cm', /unit/],
    ['inf', /infinite/],
    ['$12', /currency/],
  ])('explains %s', (text, hint) => {
    expect(numberLookalike(text)).toMatch(hint)
  })

  it.each(['red', 'setosa', '1st', '23rd', '2020-01-01', 'A1'])('leaves the word %s alone', (text) => {
    expect(numberLookalike(text)).toBeNull()
  })
})
