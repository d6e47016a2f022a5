import { describe, expect, it } from 'vitest'
import { gunzipSync } from 'node:zlib'
import { parseCsv } from '../../../src/main/data/csv-reader'
import { MISSING_TOKENS } from '../../../src/main/data/missing'
import { MISSING_VALUE_TOKENS } from '../../../src/shared/preprocessing'
import { cellText, type Table } from '../../../src/main/data/table'
import { readFileSync } from 'node:fs'
import { expectRefusal } from './expect-error'
import { fixtureBytes, fixturePath } from './fixtures'

function col(t: Table, name: string): string[] {
  const c = t.columns.find((x) => x.name === name)
  if (!c) throw new Error(`no column ${name} in ${t.columns.map((x) => x.name).join(',')}`)
  return Array.from({ length: t.rows }, (_, r) => cellText(c, r))
}

/** Windows-1252 bytes of a JS string whose characters are all in Latin-1. */
function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0))
}

describe('encodings', () => {
  it('reads a Windows-1252 file (Excel on Windows) with a note naming the encoding; distinct bytes stay distinct classes', () => {
    const t = parseCsv(latin1('x,drink\n1,café\n2,crème\n3,cafe\n4,café\n'), { file: 'excel.csv' })
    expect(t.format?.encoding).toBe('windows-1252')
    expect(col(t, 'drink')).toEqual(['café', 'crème', 'cafe', 'café'])
    const c = t.columns.find((x) => x.name === 'drink')!
    expect(c.kind === 'categorical' && c.categories.slice().sort()).toEqual(['cafe', 'café', 'crème'])
    expect(t.warnings.join(' ')).toMatch(/Windows-1252/)
  })

  it('reads the Latin-1 fixture, and a byte that only Windows-1252 defines (0x80 = €)', () => {
    expect(col(parseCsv(fixtureBytes('latin1.csv')), 'name')).toEqual(['José', 'Renée'])
    expect(col(parseCsv(new Uint8Array([...latin1('a,b\n1,'), 0x80, 0x0a, ...latin1('2,x\n')])), 'b')).toEqual(['€', 'x'])
  })

  it('valid UTF-8 stays UTF-8 with no note; BOMs pick UTF-8/UTF-16', () => {
    const t = parseCsv(new TextEncoder().encode('x,drink\n1,café\n2,crème\n'))
    expect(t.format?.encoding).toBe('utf-8')
    expect(t.warnings.join(' ')).not.toMatch(/Windows-1252/)
    expect(parseCsv(fixtureBytes('utf16le-bom.csv')).format?.encoding).toBe('utf-16le')
    expect(parseCsv(fixtureBytes('utf16be-bom.csv')).format?.encoding).toBe('utf-16be')
  })

  it('--encoding overrides the guess: UTF-8 text read as windows-1252 shows the two bytes; unknown names are refused', () => {
    const t = parseCsv(new TextEncoder().encode('x,drink\n1,café\n2,tea\n'), { encoding: 'latin1' })
    expect(col(t, 'drink')).toEqual(['cafÃ©', 'tea'])
    expectRefusal(() => parseCsv('a,b\n1,2\n', { file: 'f.csv', encoding: 'klingon' }), /unknown encoding "klingon"/, { file: 'f.csv' })
  })
})

describe('preamble rows', () => {
  it("skips scikit-learn's metadata row (iris: same field count, text over numbers) with a note", () => {
    const t = parseCsv(fixtureBytes('real/sklearn-iris.csv'), { file: 'iris.csv' })
    expect(t.rows).toBe(150)
    expect(t.columns.length).toBe(5)
    expect(t.format?.skippedRows).toBe(1)
    expect(t.warnings.join(' ')).toMatch(/Skipped line 1 \("150,4,setosa/)
    expect(new Set(col(t, 'column_5'))).toEqual(new Set(['0', '1', '2']))
    expect(Array.from(t.lines.subarray(0, 2))).toEqual([2, 3])
  })

  it('skips wine and breast-cancer metadata rows (a different field count)', () => {
    const wine = parseCsv(fixtureBytes('real/sklearn-wine_data.csv'))
    expect([wine.rows, wine.columns.length]).toEqual([178, 14])
    const bc = parseCsv(fixtureBytes('real/sklearn-breast_cancer.csv'))
    expect([bc.rows, bc.columns.length]).toEqual([569, 31])
  })

  it('skips a title row above a header', () => {
    const t = parseCsv('Sales report 2024\nregion,units,price\nnorth,3,1.5\nsouth,4,2.5\neast,5,3.5\n')
    expect(t.columns.map((c) => c.name)).toEqual(['region', 'units', 'price'])
    expect(t.rows).toBe(3)
  })

  it('--skip-rows N skips exactly N; --skip-rows 0 keeps the row', () => {
    const text = '# exported by tool\n# version 2\nx,y\n1,2\n3,4\n'
    const t = parseCsv(text, { skipRows: 2 })
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'y'])
    expect(t.warnings.join(' ')).toMatch(/Skipped lines 1–2 as asked/)
    // Kept, the metadata row is read as data, and its text is refused in a column of numbers.
    expectRefusal(() => parseCsv(fixtureBytes('real/sklearn-iris.csv'), { file: 'iris.csv', skipRows: 0 }), /"setosa" is not a number/, { file: 'iris.csv', line: 1, column: 'column_3' })
  })

  it('does not skip an ordinary header or first data row', () => {
    expect(parseCsv('a,b,c\n1,2,x\n3,4,y\n5,6,z\n').format?.skippedRows).toBe(0)
    expect(parseCsv('1,2,x\n3,4,y\n5,6,z\n7,8,w\n').rows).toBe(4)
  })
})

describe('whitespace-delimited files', () => {
  it("reads scikit-learn's linnerud (single spaces) and diabetes (.gz, spaces)", () => {
    const t = parseCsv(fixtureBytes('real/sklearn-linnerud_exercise.csv'))
    expect(t.columns.map((c) => c.name)).toEqual(['Chins', 'Situps', 'Jumps'])
    expect(t.rows).toBe(20)
    expect(t.format?.whitespace).toBe(true)
    const d = parseCsv(new Uint8Array(gunzipSync(readFileSync(fixturePath('real/sklearn-diabetes_data_raw.csv.gz')))))
    expect([d.rows, d.columns.length]).toEqual([442, 10])
  })

  it('reads runs of spaces and tabs, leading indentation and quoted values with spaces (R write.table)', () => {
    const t = parseCsv('  "x"   "y"  "name"\n  1.5    2\t"New York"\n  3      4   "Paris"  \n')
    expect(t.columns.map((c) => c.name)).toEqual(['x', 'y', 'name'])
    expect(col(t, 'x')).toEqual(['1.5', '3'])
    expect(col(t, 'name')).toEqual(['New York', 'Paris'])
  })
})

describe('decimal commas', () => {
  it('reads 5,1 as 5.1 in a semicolon file, with a note; --decimal . refuses with a hint', () => {
    const t = parseCsv(fixtureBytes('european-decimal-comma.csv'))
    expect(col(t, 'length')).toEqual(['5.1', '4.9', '4.7'])
    expect(col(t, 'width')).toEqual(['3.5', '3', '3.2'])
    expect(t.format?.decimal).toBe(',')
    expect(t.warnings.join(' ')).toMatch(/decimal comma/)
    // The PapaParse path (a quoted cell) reads them too.
    expect(col(parseCsv('a;b\n"1,5";x\n2,25;y\n'), 'a')).toEqual(['1.5', '2.25'])
  })

  it('--decimal , forces it; a comma file refuses it', () => {
    expect(col(parseCsv('a;b\n1,5;2.5\n3;4\n', { decimal: ',' }), 'a')).toEqual(['1.5', '3'])
    expectRefusal(() => parseCsv('a,b\n1,2\n', { file: 'f.csv', decimal: ',' }), /comma-separated/, { file: 'f.csv' })
  })

  it('never misreads "1,234" in a comma-delimited file as 1.234 or 1234', () => {
    expectRefusal(() => parseCsv('n,y\n"1,234",1\n"2,500",2\n', { file: 'f.csv' }), /"1,234"/, { file: 'f.csv', column: 'n', line: 2 })
    const t = parseCsv('n,y\n1,234\n2,500\n')
    expect(col(t, 'n')).toEqual(['1', '2'])
    expect(col(t, 'y')).toEqual(['234', '500'])
  })
})

describe('missing-value tokens', () => {
  it('one list, shared with the model preprocessing, documented in docs/model-format.md', () => {
    expect(MISSING_TOKENS).toBe(MISSING_VALUE_TOKENS)
    const doc = readFileSync(new URL('../../../docs/model-format.md', import.meta.url), 'utf8')
    for (const tok of MISSING_VALUE_TOKENS.filter((x) => x !== '')) expect(doc.toLowerCase()).toContain('`' + tok + '`')
  })

  it.each(['-', '--', '#N/A', 'NULL', 'n/a', 'nan', 'NaN', 'NAN', 'None', 'none', 'NA', '?', ''])('"%s" is missing in a numeric column', (tok) => {
    const t = parseCsv(`x,y\n1,a\n${tok},b\n3,c\n`)
    const c = t.columns.find((x) => x.name === 'x')!
    expect(c.kind).toBe('numeric')
    expect(c.missing).toBe(1)
  })
})

describe("other tools' exports (test/fixtures/data/real: pandas 1.5 to_csv, R write.csv layout)", () => {
  const real = (name: string) => parseCsv(readFileSync(new URL(`../../fixtures/data/real/${name}`, import.meta.url)), { file: name })

  it("pandas' to_csv with its index: the unnamed index column is named, noted and ignored as an identifier", async () => {
    const t = real('pandas-to_csv-index.csv')
    expect(t.rows).toBe(50)
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['column_1', 'numeric'],
      ['sepal length', 'numeric'],
      ['colour', 'categorical'],
      ['when', 'categorical'],
      ['ok', 'categorical'],
      ['y', 'categorical'],
    ])
    expect(t.columns[1].missing).toBe(1) // pandas writes NaN as an empty cell
    expect(t.columns[2].missing).toBe(20) // and None too
    const { planColumns } = await import('../../../src/main/data/column-plan')
    expect(planColumns(t).roles.get('column_1')).toBe('ignored')
  })

  it("pandas' to_csv(sep=';', decimal=','): decimal commas read as numbers", () => {
    const t = real('pandas-to_csv-sep-semicolon-decimal-comma.csv')
    const sepal = t.columns[0]
    if (sepal.kind !== 'numeric') throw new Error('sepal length should be numeric')
    expect(sepal.values[0]).toBe(5.13)
    expect(t.format).toMatchObject({ delimiter: ';', decimal: ',' })
  })

  it("R's write.csv layout: quoted header with an empty first name, row names, NA", () => {
    const t = real('r-write.csv-style.csv')
    expect(t.columns.map((c) => c.name)).toEqual(['column_1', 'x', 'grp'])
    expect(t.columns[1].missing).toBe(1)
    expect(t.rows).toBe(5)
  })
})
