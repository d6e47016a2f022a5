import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import type { CsvProgress } from '../../../src/main/data/csv-reader'
import { encodeIdx } from '../../../src/main/data/idx-encode'
import { loadDatasetFromPath } from '../../../src/main/data/node-io'
import { expectRefusalAsync } from './expect-error'
import { fixturePath } from './fixtures'

const dir = mkdtempSync(join(tmpdir(), 'bp-data-io-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function write(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

const imgs = (n: number, h: number, w: number) => encodeIdx([n, h, w], Uint8Array.from({ length: n * h * w }, (_, k) => k % 256))
const labs = (n: number) => encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 4))

describe('loadDatasetFromPath', () => {
  it('streams a CSV file with progress up to its size', async () => {
    const text = 'a,b,c\n' + Array.from({ length: 50_000 }, (_, i) => `${i * 0.5},${i % 7},${i % 3 ? 'x' : 'y'}`).join('\n') + '\n'
    const path = write('big.csv', text)
    const seen: CsvProgress[] = []
    const ds = await loadDatasetFromPath(path, {}, (p) => seen.push(p))
    expect(ds.kind).toBe('tabular')
    if (ds.kind === 'tabular') expect(ds.table.rows).toBe(50_000)
    expect(ds.source).toBe('big.csv')
    expect(seen.at(-1)).toEqual({ bytesDone: text.length, totalBytes: text.length })
  })

  it('reads a gzipped CSV (recognised by its bytes, whatever the name)', async () => {
    for (const f of ['gzipped.csv.gz', 'hidden-gzip.csv']) {
      const ds = await loadDatasetFromPath(fixturePath(f))
      expect(ds.kind === 'tabular' && ds.table.rows).toBe(2)
    }
  })

  it('names the file, line and column of a CSV problem', async () => {
    await expectRefusalAsync(loadDatasetFromPath(fixturePath('european-decimal-comma.csv'), { decimal: '.' }), /decimal comma/, {
      file: 'european-decimal-comma.csv',
      line: 3,
      column: 'length',
    })
  })

  it('reads a folder of the four standard IDX files (gz) as training and test sets', async () => {
    const sub = join(dir, 'mnist')
    mkdirSync(sub)
    writeFileSync(join(sub, 'train-images-idx3-ubyte.gz'), gzipSync(imgs(8, 3, 4)))
    writeFileSync(join(sub, 'train-labels-idx1-ubyte.gz'), gzipSync(labs(8)))
    writeFileSync(join(sub, 't10k-images-idx3-ubyte.gz'), gzipSync(imgs(4, 3, 4)))
    writeFileSync(join(sub, 't10k-labels-idx1-ubyte.gz'), gzipSync(labs(4)))
    const ds = await loadDatasetFromPath(sub)
    expect(ds.kind).toBe('image')
    if (ds.kind !== 'image') return
    expect(ds.train).toMatchObject({ count: 8, height: 3, width: 4 })
    expect(ds.test).toMatchObject({ count: 4 })
  })

  it('reads one IDX file (raw or gz) together with its partner next to it', async () => {
    write('p-images-idx3-ubyte', imgs(5, 2, 3))
    write('p-labels-idx1-ubyte.gz', gzipSync(labs(5)))
    for (const f of ['p-images-idx3-ubyte', 'p-labels-idx1-ubyte.gz']) {
      const ds = await loadDatasetFromPath(join(dir, f))
      expect(ds.kind === 'image' && [ds.train.count, ds.train.width, ds.train.height]).toEqual([5, 3, 2])
    }
  })

  it('refuses an IDX file without a partner, a folder without IDX pairs, and a missing path', async () => {
    const lone = write('lone-images-idx3-ubyte', imgs(1, 2, 2))
    await expectRefusalAsync(loadDatasetFromPath(lone), /needs its partner/, { file: 'lone-images-idx3-ubyte' })
    const empty = join(dir, 'empty')
    mkdirSync(empty)
    await expectRefusalAsync(loadDatasetFromPath(empty), /no MNIST IDX files/)
    await expectRefusalAsync(loadDatasetFromPath(join(dir, 'nope.csv')), /no such file/)
  })

  it('refuses a gzipped IDX file that expands past the cap', async () => {
    const sub = join(dir, 'bomb')
    mkdirSync(sub)
    writeFileSync(join(sub, 'b-images-idx3-ubyte.gz'), gzipSync(imgs(64, 28, 28)))
    writeFileSync(join(sub, 'b-labels-idx1-ubyte.gz'), gzipSync(labs(64)))
    await expectRefusalAsync(loadDatasetFromPath(sub, { maxIdxBytes: 10_000 }), /decompresses to more than.*gzip bomb/, { file: 'b-images-idx3-ubyte.gz' })
  })
})
