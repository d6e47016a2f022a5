import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { cellText, type Table } from '../../../src/main/data/table'
import { fixtureBytes } from './fixtures'

/** Column `name` of `t` as display text per row. */
function col(t: Table, name: string): string[] {
  const c = t.columns.find((x) => x.name === name)
  if (!c) throw new Error(`no column ${name} in ${t.columns.map((x) => x.name).join(',')}`)
  return Array.from({ length: t.rows }, (_, r) => cellText(c, r))
}

describe('CSV dialect', () => {
  it.each([
    ['comma', 'a,b,c\n1,2,x\n3,4,y\n', ','],
    ['semicolon', 'a;b;c\n1;2;x\n3;4;y\n', ';'],
    ['tab', 'a\tb\tc\n1\t2\tx\n3\t4\ty\n', '\t'],
    ['pipe', 'a|b|c\n1|2|x\n3|4|y\n', '|'],
  ])('detects the %s delimiter', (_, text, delimiter) => {
    const t = parseCsv(text)
    expect(t.format?.delimiter).toBe(delimiter)
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'c'])
    expect(col(t, 'b')).toEqual(['2', '4'])
    expect(col(t, 'c')).toEqual(['x', 'y'])
  })

  it('reads tab and pipe files from disk', () => {
    expect(parseCsv(fixtureBytes('tab-separated.tsv')).format?.delimiter).toBe('\t')
    expect(parseCsv(fixtureBytes('pipe-separated.csv')).format?.delimiter).toBe('|')
  })

  it("honours Excel's sep= first line and counts it as line 1", () => {
    const t = parseCsv(fixtureBytes('excel-sep-semicolon.csv'))
    expect(t.format?.delimiter).toBe(';')
    expect(t.columns.map((c) => c.name)).toEqual(['length', 'width', 'kind'])
    expect(col(t, 'length')).toEqual(['5.1', '4.9', '4.7'])
    expect(Array.from(t.lines)).toEqual([3, 4, 5])
  })

  it('prefers the semicolon when commas are decimal commas in a semicolon file', () => {
    // Both split consistently without a header; the semicolon is the delimiter, and the commas are decimal marks.
    const t = parseCsv('5,1;3,2\n4,0;2,2\n6,5;1,1\n')
    expect(t.format?.delimiter).toBe(';')
    expect(t.format?.decimal).toBe(',')
    expect(col(t, 'column_1')).toEqual(['5.1', '4', '6.5'])
    // With the decimal mark forced to '.', the commas are refused as decimal commas.
    expect(() => parseCsv('5,1;3,2\n4,0;2,2\n6,5;1,1\n', { decimal: '.' })).toThrow(/decimal comma/)
  })

  it('strips a UTF-8 byte-order mark', () => {
    const t = parseCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('x,y\n1,2\n')]))
    expect(t.columns[0].name).toBe('x')
    expect(t.format?.bom).toBe(true)
  })

  it('decodes UTF-16 LE and BE files that carry a byte-order mark', () => {
    for (const f of ['utf16le-bom.csv', 'utf16be-bom.csv']) {
      const t = parseCsv(fixtureBytes(f))
      expect(t.format?.encoding).toMatch(/utf-16/)
      expect(t.columns.map((c) => c.name)).toEqual(['x', 'y', 'label'])
      expect(col(t, 'y')).toEqual(['2', '4.25'])
      expect(col(t, 'label')).toEqual(['a', 'b'])
    }
  })

  it('reads quoted fields with delimiters, line breaks and doubled quotes, CRLF endings and blank lines', () => {
    const t = parseCsv(fixtureBytes('quoted-crlf.csv'))
    expect(col(t, 'name')).toEqual(['Smith, John', 'Doe, Jane', "O'Brien"])
    expect(col(t, 'comment')).toEqual(['said "hi"\r\nthen left', 'plain', 'spaced'])
    expect(col(t, 'score')).toEqual(['3.5', '4', '5.25'])
    // The first record spans lines 2-3, line 5 is blank.
    expect(Array.from(t.lines)).toEqual([2, 4, 6])
  })

  it('reads old Mac files whose lines end with a lone CR', () => {
    const t = parseCsv('a,b\r1,2\r3,4\r')
    expect(col(t, 'b')).toEqual(['2', '4'])
    expect(Array.from(t.lines)).toEqual([2, 3])
  })

  it('trims whitespace around values and skips blank and whitespace-only lines', () => {
    const t = parseCsv('\n  a , b \n\n 1 ,  2\n   \n\t3\t,4 \n\n')
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b'])
    expect(col(t, 'a')).toEqual(['1', '3'])
    expect(Array.from(t.lines)).toEqual([4, 6])
  })

  it('reads a last line without a line break', () => {
    expect(col(parseCsv('a,b\n1,2\n3,4'), 'b')).toEqual(['2', '4'])
  })

  it('generates names when there is no header, and says so', () => {
    const t = parseCsv('1,2,3\n4,5,6\n')
    expect(t.format?.header).toBe(false)
    expect(t.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3'])
    expect(t.rows).toBe(2)
    expect(t.warnings.join(' ')).toMatch(/No header row/)
  })

  it('does not take a first row of data words for a header when the words repeat below', () => {
    const t = parseCsv('sunny,hot,no\nrainy,mild,yes\nsunny,cool,no\n')
    expect(t.format?.header).toBe(false)
    expect(t.rows).toBe(3)
  })

  it('takes a row of words over text columns as a header when none of them reappears', () => {
    const t = parseCsv('outlook,temp,play\nsunny,hot,no\nrainy,mild,yes\n')
    expect(t.format?.header).toBe(true)
  })

  it('lets the caller force the header choice and the delimiter', () => {
    const t = parseCsv('a,b\nc,d\n', { header: false })
    expect(t.rows).toBe(2)
    const semi = parseCsv('a;b,c\n1;x,y\n2;z\n', { delimiter: ';' })
    expect(semi.columns.map((c) => c.name)).toEqual(['a', 'b,c'])
    expect(col(semi, 'b,c')).toEqual(['x,y', 'z'])
  })

  it('makes duplicate and blank header names unique, with a warning for each', () => {
    const t = parseCsv('a,a,,b,a\n1,2,3,4,5\n')
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'a_2', 'column_3', 'b', 'a_3'])
    expect(t.warnings.filter((w) => /more than once/.test(w))).toHaveLength(2)
    expect(t.warnings.filter((w) => /no name/.test(w))).toHaveLength(1)
  })

  it('keeps quoted headers on the fast path for unquoted numeric rows', () => {
    const t = parseCsv('"x","y"\n1,2\n3,4\n')
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'y'])
    expect(col(t, 'y')).toEqual(['2', '4'])
  })

  it('decodes non-ASCII text cells', () => {
    const t = parseCsv('city,n\nZürich,1\n東京,2\nSão Paulo,3\n')
    expect(col(t, 'city')).toEqual(['Zürich', '東京', 'São Paulo'])
  })
})
