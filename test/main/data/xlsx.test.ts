/**
 * Excel workbooks: written here with exceljs's own writer (real .xlsx files: ZIP, shared strings, styles,
 * merged cells, formulas with cached results), read through loadDatasetFromPath as the app and CLI do.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadDatasetFromPath } from '../../../src/main/data/node-io'
import { summarizeDataset } from '../../../src/main/data/summary'
import { prepareDataset } from '../../../src/main/data/dataset'
import { loadTable } from './fixtures'

const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof import('exceljs')
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bps-xlsx-'))
})

async function workbook(name: string, build: (wb: import('exceljs').Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook()
  build(wb)
  const path = join(dir, name)
  await wb.xlsx.writeFile(path)
  return path
}


/** A sales sheet as people make them: a merged title row, a header, numbers, text, booleans, dates, formulas, gaps. */
function sales(wb: import('exceljs').Workbook, sheet = 'Sales', rows = 24): void {
  const ws = wb.addWorksheet(sheet)
  ws.addRow(['Sales report, Q3 2026'])
  ws.mergeCells('A1:F1')
  ws.addRow(['region', 'units', 'price', 'member', 'since', 'segment'])
  for (let i = 0; i < rows; i++) {
    const r = ws.addRow([
      ['north', 'south', 'east'][i % 3],
      i % 7 === 3 ? null : 10 + i,
      { formula: `B${i + 3}*1.5`, result: i % 7 === 3 ? undefined : (10 + i) * 1.5 },
      i % 2 === 0,
      new Date(Date.UTC(2020, 0, 1 + i)),
      i % 5 === 4 ? { error: '#N/A' } : i < rows / 2 ? 'retail' : 'wholesale',
    ])
    r.getCell(5).numFmt = 'yyyy-mm-dd'
  }
}

describe('Excel workbooks (.xlsx)', () => {
  it('reads the first sheet: title row skipped, header, numbers, booleans, dates as serial days, formulas by their result, errors and gaps as missing', async () => {
    const path = await workbook('sales.xlsx', (wb) => sales(wb))
    const t = await loadTable(path)
    expect(t.rows).toBe(24)
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([
      ['region', 'categorical'],
      ['units', 'numeric'],
      ['price', 'numeric'],
      ['member', 'categorical'],
      ['since', 'numeric'],
      ['segment', 'categorical'],
    ])
    const [, units, price, member, since, segment] = t.columns
    if (units.kind !== 'numeric' || price.kind !== 'numeric' || since.kind !== 'numeric' || member.kind !== 'categorical' || segment.kind !== 'categorical') throw new Error('kinds')
    expect(units.missing).toBe(3) // data rows 4, 11 and 18
    expect(Array.from(units.values.subarray(0, 3))).toEqual([10, 11, 12])
    expect(price.values[1]).toBe(16.5)
    expect(price.missing).toBe(3)
    expect(member.categories.slice().sort()).toEqual(['false', 'true'])
    // 2020-01-01 is Excel serial day 43831.
    expect(since.values[0]).toBe(43831)
    expect(since.values[23]).toBe(43831 + 23)
    expect(segment.missing).toBe(4) // #N/A cells
    // Each row's place is its sheet row (title 1, header 2, data from 3).
    expect(t.lines[0]).toBe(3)
    expect(t.format).toMatchObject({ kind: 'xlsx', sheet: 'Sales', header: true, skippedRows: 1 })
    expect(t.warnings.join('\n')).toMatch(/24 date cells \(the first at E3\) are read as numbers: Excel's serial day numbers/)
    const prepared = prepareDataset({ kind: 'tabular', source: 'sales.xlsx', table: t }, { target: 'segment' })
    expect(prepared.classLabels).toEqual(['retail', 'wholesale'])
  })

  it('picks a sheet by name, notes which one it read by default, and lists the sheets when the name is wrong', async () => {
    const path = await workbook('two.xlsx', (wb) => {
      const notes = wb.addWorksheet('Notes')
      notes.addRow(['field', 'meaning'])
      notes.addRow(['units', 'items sold'])
      notes.addRow(['price', 'in euros'])
      sales(wb, 'Data', 12)
    })
    const first = await loadTable(path)
    expect(first.format?.sheet).toBe('Notes')
    expect(first.warnings.join('\n')).toMatch(/Read the sheet "Notes", the first of 2 \("Notes", "Data"\); choose another with the Sheet control or --sheet/)
    const data = await loadTable(path, { sheet: 'Data' })
    expect(data.rows).toBe(12)
    expect(data.format?.sheet).toBe('Data')
    expect(data.format?.sheets).toEqual(['Notes', 'Data'])
    expect(data.warnings.join('\n')).not.toMatch(/Read the sheet/)
    await expect(loadDatasetFromPath(path, { sheet: 'Summary' })).rejects.toThrow('two.xlsx: there is no sheet "Summary" (the sheets are "Notes", "Data")')
  })

  it('a bad cell is named by sheet, row and column, in a spreadsheet’s words', async () => {
    const path = await workbook('bad.xlsx', (wb) => {
      const ws = wb.addWorksheet('Measurements')
      ws.addRow(['x', 'y'])
      for (let i = 0; i < 30; i++) ws.addRow([i + 0.5, i === 20 ? '1e999' : i * 2])
    })
    await expect(loadDatasetFromPath(path)).rejects.toThrow(/^bad\.xlsx, sheet "Measurements", row 22, column "y": "1e999" is too large/)
  })

  it('honours skip-rows and header choices, and refuses text-file choices', async () => {
    const path = await workbook('plain.xlsx', (wb) => {
      const ws = wb.addWorksheet('S')
      ws.addRow(['exported by tool v1'])
      ws.addRow(['a', 'b'])
      for (let i = 0; i < 10; i++) ws.addRow([i + 0.5, i % 2 ? 'p' : 'q'])
    })
    const t = await loadTable(path, { skipRows: 2, header: false })
    expect(t.columns.map((c) => c.name)).toEqual(['column_1', 'column_2'])
    expect(t.rows).toBe(10)
    await expect(loadDatasetFromPath(path, { encoding: 'windows-1252' })).rejects.toThrow('plain.xlsx: the encoding choice does not apply to an Excel workbook; leave it on automatic')
  })

  it('refuses legacy .xls and password-protected workbooks, and a ZIP that is no workbook, saying what to do', async () => {
    const ole = (extra: string) => {
      const b = Buffer.alloc(4096)
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b)
      Buffer.from(extra, 'utf16le').copy(b, 1024)
      return b
    }
    await writeFile(join(dir, 'old.xls'), ole('Workbook'))
    await expect(loadDatasetFromPath(join(dir, 'old.xls'))).rejects.toThrow(/old\.xls: this is a legacy Excel 97–2003 workbook \(\.xls\).*save it as \.xlsx or CSV/)
    await writeFile(join(dir, 'locked.xlsx'), ole('EncryptedPackage'))
    await expect(loadDatasetFromPath(join(dir, 'locked.xlsx'))).rejects.toThrow(/locked\.xlsx: this Excel workbook is password-protected.*remove the password/)
    const JSZip = createRequire(import.meta.url)('jszip') as { new (): { file(n: string, d: string): void; generateAsync(o: { type: 'nodebuffer' }): Promise<Buffer> } }
    const zip = new JSZip()
    zip.file('data.csv', 'a,b\n1,2\n')
    await writeFile(join(dir, 'data.zip'), await zip.generateAsync({ type: 'nodebuffer' }))
    await expect(loadDatasetFromPath(join(dir, 'data.zip'))).rejects.toThrow(/data\.zip: a ZIP archive, but not an Excel workbook.*unzip it first/)
  })

  it('the summary says where the table came from', async () => {
    const path = await workbook('summary.xlsx', (wb) => sales(wb))
    const ds = await loadDatasetFromPath(path)
    const s = summarizeDataset(ds)
    expect(s.format).toMatchObject({ kind: 'xlsx', sheet: 'Sales' })
    expect(s.rows).toBe(24)
  })
})
