import { describe, expect, it } from 'vitest'
import { createCsvReader, parseCsv, SNIFF_BYTES, type CsvProgress } from '../../../src/main/data/csv-reader'
import type { Table } from '../../../src/main/data/table'
import { createRng } from '../../../src/main/engine/rng'
import { expectRefusal } from './expect-error'

const enc = new TextEncoder()

function pushInChunks(bytes: Uint8Array, sizes: () => number, opts = {}): Table {
  const r = createCsvReader(opts)
  for (let i = 0; i < bytes.length; ) {
    const n = sizes()
    r.push(bytes.subarray(i, i + n))
    i += n
  }
  return r.finish()
}

/** Everything a table holds, comparable with toEqual (NaN-safe through Array.from). */
function snapshot(t: Table) {
  return {
    rows: t.rows,
    lines: Array.from(t.lines),
    columns: t.columns.map((c) => (c.kind === 'numeric' ? { ...c, values: Array.from(c.values) } : { ...c, codes: Array.from(c.codes) })),
    warnings: t.warnings,
  }
}

/** ~450 KB: numeric rows (fast path), then quoted rows with CRLF inside quotes and multi-byte text (general path). */
function mixedFile(): string {
  const rng = createRng(5)
  const head = 'id,x,y,city,note\r\n'
  let s = head
  let i = 0
  while (s.length < SNIFF_BYTES + 100_000) {
    i++
    s += `${i},${(rng.nextFloat() * 100).toFixed(3)},${i % 7 === 0 ? 'NA' : (rng.nextGaussian() * 1e5).toExponential(4)},${['Zürich', 'Łódź', 'Kraków', 'Oslo'][i % 4]},plain\r\n`
  }
  for (let k = 0; k < 2000; k++) {
    i++
    s += `${i},${k % 13 === 0 ? '' : k / 8},-${k}.5,"São ""Paulo""",${k % 2 ? '"two\r\nlines, one record"' : 'x'}\r\n`
  }
  return s
}

describe('streaming CSV reader', () => {
  const text = mixedFile()
  const bytes = enc.encode(text)
  const whole = snapshot(parseCsv(bytes))

  it('gives the same table whatever the chunk boundaries (inside numbers, CRLF, quotes, UTF-8 sequences)', () => {
    expect(whole.rows).toBeGreaterThan(6000)
    for (const size of [1009, 4096, 65536, 1 << 20]) expect(snapshot(pushInChunks(bytes, () => size))).toEqual(whole)
    const rng = createRng(9)
    expect(snapshot(pushInChunks(bytes, () => 1 + rng.nextInt(300)))).toEqual(whole)
  })

  it('counts lines across the switch from the fast path to PapaParse, and across quoted line breaks', () => {
    const t = parseCsv(bytes)
    const n = t.rows
    // The last 2000 records: odd ones span two lines.
    const lastLine = text.split('\r\n').length - 1 // lines in the file (ends with CRLF)
    expect(t.lines[n - 1]).toBe(lastLine - 1) // the final record (k = 1999, odd) starts one line before the end
    expect(t.lines[n - 2]).toBe(lastLine - 2)
    expect(t.lines[n - 3]).toBe(lastLine - 4)
  })

  it('reports a bad row after the switch with its true line number', () => {
    const bad = text + 'oops,1,2,"q"\r\n'
    const line = bad.split('\r\n').length - 1
    expectRefusal(() => pushInChunks(enc.encode(bad), () => 65536, { file: 'f.csv' }), /4 fields but the header has 5/, { file: 'f.csv', line })
  })

  it('reports progress in bytes, ending at the total', () => {
    const seen: CsvProgress[] = []
    pushInChunks(bytes, () => 8192, { totalBytes: bytes.length, onProgress: (p: CsvProgress) => seen.push(p) })
    expect(seen.length).toBeGreaterThan(5)
    for (let k = 1; k < seen.length; k++) expect(seen[k].bytesDone).toBeGreaterThanOrEqual(seen[k - 1].bytesDone)
    expect(seen[seen.length - 1]).toEqual({ bytesDone: bytes.length, totalBytes: bytes.length })
  })

  it('reads every number exactly as Number() reads the same text (fast path and PapaParse path)', () => {
    const rng = createRng(77)
    const digits = (n: number) => Array.from({ length: n }, () => rng.nextInt(10)).join('')
    const cells: string[] = []
    for (let k = 0; k < 60_000; k++) {
      const sign = ['', '-', '+'][rng.nextInt(3)]
      const form = rng.nextInt(5)
      let s =
        form === 0 ? digits(1 + rng.nextInt(20)) : form === 1 ? `${digits(rng.nextInt(4))}.${digits(1 + rng.nextInt(19))}` : form === 2 ? `${digits(1 + rng.nextInt(3))}.` : `${digits(1 + rng.nextInt(17))}.${digits(rng.nextInt(8))}`
      if (form >= 3) s += `e${['', '-', '+'][rng.nextInt(3)]}${rng.nextInt(330)}`
      if (!Number.isFinite(Number(sign + s))) s = '1'
      cells.push(sign + s)
    }
    const rows = (quote: boolean) => {
      let out = 'a,b\n'
      for (let k = 0; k < cells.length; k += 2) out += quote ? `"${cells[k]}","${cells[k + 1]}"\n` : `${cells[k]},${cells[k + 1]}\n`
      return out
    }
    for (const quoted of [false, true]) {
      const t = parseCsv(rows(quoted))
      expect(t.columns.every((c) => c.kind === 'numeric')).toBe(true)
      for (let k = 0; k < cells.length; k++) {
        const c = t.columns[k % 2]
        const v = c.kind === 'numeric' ? c.values[k >> 1] : NaN
        if (!Object.is(v, Number(cells[k]))) throw new Error(`${cells[k]} read as ${v}, Number() gives ${Number(cells[k])} (quoted: ${quoted})`)
      }
    }
  })
})

describe('very wide lines', () => {
  it('waits for the first whole line before guessing the dialect, however long it is', () => {
    const names = Array.from({ length: 40_000 }, (_, j) => `feature_${j}`) // a header of ~400 KB
    const text = names.join(',') + '\n' + names.map((_, j) => j % 10).join(',') + '\n' + names.map((_, j) => j % 7).join(',') + '\n'
    const t = pushInChunks(enc.encode(text), () => 65536)
    expect(t.columns).toHaveLength(40_000)
    expect(t.rows).toBe(2)
    expect(t.format?.header).toBe(true)
  })
})
