import { describe, expect, it } from 'vitest'
import { createCsvReader, parseCsv } from '../../../src/main/data/csv-reader'
import { expectRefusal } from './expect-error'
import { fixtureBytes } from './fixtures'

const file = 'data.csv'
const read = (text: string | Uint8Array) => () => parseCsv(text, { file })

/** Feeds `bytes` in 64 KB chunks, as a file stream would, so that the end lies beyond the sniffed start. */
const stream = (bytes: Uint8Array) => () => {
  const r = createCsvReader({ file })
  for (let i = 0; i < bytes.length; i += 65536) r.push(bytes.subarray(i, i + 65536))
  return r.finish()
}

describe('CSV refusals name the problem and where it is', () => {
  it('a ragged row (too few or too many fields)', () => {
    expectRefusal(read('a,b,c\n1,2,3\n4,5\n'), /2 fields but the header has 3/, { file, line: 3 })
    expectRefusal(read('a,b\n1,2\n3,4\n5,6,7\n'), /3 fields but the header has 2/, { file, line: 4 })
    // The same on the PapaParse path (a quoted value earlier in the file).
    expectRefusal(read('a,b\n"1",2\n3\n'), /1 field but the header has 2/, { file, line: 3 })
  })

  it('an unterminated quote, at the line where the quote opens', () => {
    expectRefusal(read('a,b\n1,2\n"3,4\n5,6\n'), /never closed/, { file, line: 3 })
  })

  it('a stray quote inside an unquoted value', () => {
    expectRefusal(read('a,b\n1,2\n3,ab"c\n'), /stray quote/, { file, line: 3 })
    expectRefusal(read('a,b\n1, "2"\n'), /stray quote/, { file, line: 2 })
  })

  it('text after a closing quote', () => {
    expectRefusal(read('a,b\n1,"2"x\n'), /right after a closing quote/, { file, line: 2 })
  })

  it.each([
    ['a decimal comma among decimal points', 'x;y\n1.5;2\n5,1;3\n', /decimal comma/, 3],
    ['hexadecimal', 'x,y\n1,1\n2,2\n3,3\n0x1A,4\n5,5\n', /hexadecimal/, 5],
    ['two decimal points', 'x,y\n1,1\n12.5.3,2\n3,3\n4,4\n5,5\n', /more than one decimal point/, 3],
    ['a unit', 'x,y\n1,1\n2,2\n5 kg,3\n4,4\n5,5\n', /unit/, 4],
    ['a word', 'x,y\n1,1\n2,2\n3,3\n4,4\nabc,5\n6,6\n', /"abc" is not a number/, 6],
  ])('non-numeric text in a numeric column: %s', (_, text, pattern, line) => {
    expectRefusal(read(text), pattern, { file, line, column: 'x' })
  })

  it('a whole column of decimal commas (no number parses, but every cell looks like one)', () => {
    // Read as numbers by default (tested in csv-robustness); refused when the decimal mark is forced to '.'.
    expectRefusal(() => parseCsv(fixtureBytes('european-decimal-comma.csv'), { file, decimal: '.' }), /decimal comma/, { file, line: 3, column: 'length' })
  })

  it('an infinite or overflowing value', () => {
    expectRefusal(read('x,y\n1,2\n1e999,3\n'), /too large/, { file, line: 3, column: 'x' })
    expectRefusal(read('x,y\n"a",2\n-1e400,3\n'), /too large/, { file, line: 3, column: 'x' })
    expectRefusal(read('x,y\n1,2\n3,4\n5,6\ninf,7\n8,9\n'), /infinite/, { file, line: 5, column: 'x' })
  })

  it('empty, whitespace-only and header-only files', () => {
    expectRefusal(read(''), /empty \(0 bytes\)/, { file })
    expectRefusal(read('  \n\t\n\n'), /empty/, { file })
    expectRefusal(read('a,b,c\n'), /header row but no data rows/, { file })
    expectRefusal(read('a,b,c\n\n   \n'), /header row but no data rows/, { file })
  })

  it('a single column', () => {
    expectRefusal(read('value\n1\n2\n3\n'), /only one column/, { file, line: 1 })
  })

  it('binary files: NUL bytes', () => {
    expectRefusal(() => parseCsv(fixtureBytes('binary.csv'), { file }), /NUL byte.*binary/, { file, line: 3 }) // the PNG signature holds two LFs
    // A NUL far into an otherwise good file (after the sniffed start).
    const big = 'x,y\n' + '1,2\n'.repeat(100_000) + '3,\u00004\n'
    expectRefusal(stream(new TextEncoder().encode(big)), /NUL/, { file, line: 100_002, column: 'y' })
    expectRefusal(read(big), /NUL/, { file, line: 100_002 })
  })

  it('invalid UTF-8 past the sniffed start (the start was UTF-8), or with UTF-8 chosen', () => {
    expectRefusal(() => parseCsv(fixtureBytes('latin1.csv'), { file, encoding: 'utf-8' }), /invalid UTF-8.*--encoding windows-1252/, { file, line: 2 })
    const big = new TextEncoder().encode('x,y\n' + '1,2\n'.repeat(100_000) + 'a')
    const bytes = new Uint8Array(big.length + 4)
    bytes.set(big)
    bytes.set([0xff, 0x2c, 0x33, 0x0a], big.length) // "a\xff,3"
    expectRefusal(stream(bytes), /invalid UTF-8/, { file, line: 100_002, column: 'x' })
    // Given whole, the bad byte is inside the sniffed start: the file is read as Windows-1252 and "aÿ" is no number.
    expectRefusal(read(bytes), /"aÿ" is not a number/, { file, line: 100_002 })
  })

  it('UTF-16 without a byte-order mark', () => {
    expectRefusal(() => parseCsv(fixtureBytes('utf16le-no-bom.csv'), { file }), /UTF-16.*without a byte-order mark/, { file })
  })

  it('gzip data, recognised by its magic bytes whatever the name', () => {
    expectRefusal(() => parseCsv(fixtureBytes('hidden-gzip.csv'), { file }), /gzip-compressed.*1f 8b/, { file })
  })
})
