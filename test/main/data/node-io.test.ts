import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { constants, gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { CsvProgress } from '../../../src/main/data/csv-reader'
import { encodeIdx } from '../../../src/main/data/idx-encode'
import { loadDatasetFromPath, readIdxBytes } from '../../../src/main/data/node-io'
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
/** An IDX file with data type `type` (big-endian dims) and `dataBytes` zero bytes of data. */
function encodeIdxTyped(type: number, dims: number[], dataBytes: number): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length + dataBytes)
  b[2] = type
  b[3] = dims.length
  dims.forEach((d, k) => new DataView(b.buffer).setUint32(4 + 4 * k, d, false))
  return b
}
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

  it('sizes the columns of a gzipped CSV from its stated size once, instead of growing and copying them', async () => {
    const { ColumnBuilder } = await import('../../../src/main/data/table-builder')
    const text = 'a,b,c\n' + Array.from({ length: 200_000 }, (_, i) => `${i * 0.5},${i % 7},${i % 3 ? 'x' : 'y'}`).join('\n') + '\n'
    const path = write('sized.csv.gz', gzipSync(text))
    const grow = vi.spyOn(ColumnBuilder.prototype, 'grow')
    try {
      const ds = await loadDatasetFromPath(path)
      expect(ds.kind === 'tabular' && ds.table.rows).toBe(200_000)
      expect(grow).not.toHaveBeenCalled()
    } finally {
      grow.mockRestore()
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

  it('routes misformed IDX files (plain and gz) to the IDX reader, which says what is wrong, not to the CSV reader', async () => {
    const le = (magic: number[], dims: number[], data: number) => {
      const b = new Uint8Array(4 + 4 * dims.length + data)
      b.set(magic)
      dims.forEach((d, k) => new DataView(b.buffer).setUint32(4 + 4 * k, d, true))
      return b
    }
    const cases: [string, Uint8Array, RegExp][] = [
      ['swapped-images-idx3-ubyte', le([3, 8, 0, 0], [2, 2, 2], 8), /03 08 00 00.*byte-swapped \(written little-endian\); IDX is big-endian/],
      ['swapped-labels-idx1-ubyte', le([1, 8, 0, 0], [2], 2), /01 08 00 00.*magic 00 00 08 01 byte-swapped/],
      ['float-images-idx3-ubyte', encodeIdxTyped(0x0d, [2, 2, 2], 32), /data type 0x0d \(float, float32\); only unsigned bytes \(0x08\).*convert the data to uint8/],
      ['short.idx', encodeIdxTyped(0x0b, [4], 8), /data type 0x0b \(short, int16\)/],
      ['rgb-images-idx3-ubyte', encodeIdxTyped(0x08, [2, 2, 2, 3], 24), /says 4 dimensions; images must be count×rows×cols.*colour\/channel dimension is not supported/],
      ['rgb.bin', encodeIdxTyped(0x08, [2, 2, 2, 3], 24), /says 4 dimensions; images must be count×rows×cols/],
    ]
    for (const [name, bytes, pattern] of cases) {
      for (const f of [name, `${name}.gz`]) {
        const p = write(f, f.endsWith('.gz') ? gzipSync(bytes) : bytes)
        await expectRefusalAsync(loadDatasetFromPath(p), pattern, { file: f })
        // With a labels file given, the images file is still diagnosed as IDX ("… but this is a CSV file" before).
        await expectRefusalAsync(loadDatasetFromPath(p, { labels: write('l-labels-idx1-ubyte', labs(2)) }), pattern, { file: f })
      }
    }
  })

  it('still reads a CSV that starts with ordinary text, whatever its bytes 2 and 3', async () => {
    for (const [name, text] of [['t1.csv', 'a,b\n1,2\n3,4\n'], ['t2.csv', '0,0\n8,3\n1,1\n'], ['t3.csv', '\ufeffx;y\n1;2\n3;4\n']]) {
      for (const f of [name, `${name}.gz`]) {
        const p = write(f, f.endsWith('.gz') ? gzipSync(text) : text)
        const ds = await loadDatasetFromPath(p)
        expect(ds.kind === 'tabular' && ds.table.columns.length, f).toBe(2)
      }
    }
  })

  it('refuses a gzipped IDX file that expands past the cap', async () => {
    const sub = join(dir, 'bomb')
    mkdirSync(sub)
    writeFileSync(join(sub, 'b-images-idx3-ubyte.gz'), gzipSync(imgs(64, 28, 28)))
    writeFileSync(join(sub, 'b-labels-idx1-ubyte.gz'), gzipSync(labs(64)))
    await expectRefusalAsync(loadDatasetFromPath(sub, { maxIdxBytes: 10_000 }), /decompresses to more than.*gzip bomb/, { file: 'b-images-idx3-ubyte.gz' })
  })
})

describe('readIdxBytes on gzip files: the header decides before the data is inflated', () => {
  const MB = 1 << 20
  /** A gzip file: an images header claiming `dims` and then `zeros` zero bytes (compresses ~1000:1). */
  function gzIdx(name: string, dims: number[], zeros: number): string {
    const header = encodeIdxTyped(0x08, dims, 0)
    const payload = new Uint8Array(header.length + zeros)
    payload.set(header)
    return write(name, gzipSync(payload, { level: 1, strategy: constants.Z_RLE }))
  }
  const counting = () => {
    const seen = { bytes: 0 }
    return { seen, hooks: { onChunk: (n: number) => (seen.bytes = n) } }
  }

  // 2^31 images of 28x28 (1.7 TB) claimed by a file that would inflate to 24 MB of zeros (gzip of zeros: ~24 KB).
  const bomb = gzIdx('bomb-images-idx3-ubyte.gz', [2 ** 31, 28, 28], 24 * MB)

  it('refuses an impossible header after the first chunk, not after inflating 24 MB', async () => {
    const { seen, hooks } = counting()
    await expectRefusalAsync(
      readIdxBytes(bomb, 256 * MB, 'images', hooks),
      /^bomb-images-idx3-ubyte\.gz: the header promises 2,147,483,648 images of 28x28 \(1,683,627,180,032 bytes of data\), so it decompresses to more than 256 MB .*gzip bomb/,
    )
    expect(seen.bytes).toBeGreaterThan(0)
    expect(seen.bytes).toBeLessThanOrEqual(64 * 1024) // one zlib chunk (16 KB by default), a margin for other versions
    await expectRefusalAsync(loadDatasetFromPath(bomb, { labels: write('bomb-l-labels-idx1-ubyte', labs(2)) }), /promises 2,147,483,648 images/)
  })

  it('stops as soon as the data runs past what a plausible header promises (extra bytes)', async () => {
    const p = gzIdx('extra-images-idx3-ubyte.gz', [10, 28, 28], 24 * MB)
    const { seen, hooks } = counting()
    await expectRefusalAsync(readIdxBytes(p, 256 * MB, 'images', hooks), /promises 10 images of 28x28 \(7,840 bytes of data\) but the file holds more than 7,840 — extra bytes after the data/)
    expect(seen.bytes).toBeLessThanOrEqual(64 * 1024)
  })

  it('refuses a header promising more than the gzip file can hold, before allocating for it', async () => {
    const p = gzIdx('small-images-idx3-ubyte.gz', [300_000, 28, 28], 1000) // 235 MB promised, under the cap, by ~100 bytes
    await expectRefusalAsync(readIdxBytes(p, 256 * MB, 'images'), /promises 300,000 images of 28x28 .* but a \d+-byte gzip file cannot hold that much .* truncated, or a wrong header/)
  })

  it('says truncated in the parser\'s words, and reads a good gzip or plain file byte for byte', async () => {
    const short = gzIdx('short-images-idx3-ubyte.gz', [100, 2, 2], 300)
    await expectRefusalAsync(readIdxBytes(short, 256 * MB, 'images'), /^short-images-idx3-ubyte\.gz: the header promises 100 images of 2x2 \(400 bytes of data\) but the file holds 300 — truncated/)
    const plainShort = write('pshort-images-idx3-ubyte', encodeIdxTyped(0x08, [100, 2, 2], 300))
    await expectRefusalAsync(readIdxBytes(plainShort, 256 * MB, 'images'), /promises 100 images of 2x2 \(400 bytes of data\) but the file holds 300 — truncated/)
    await expectRefusalAsync(readIdxBytes(write('tiny-images-idx3-ubyte.gz', gzipSync(Uint8Array.from([0, 0, 8, 3, 0]))), MB, 'images'), /truncated header: 5 bytes/)
    const good = imgs(300, 28, 28) // 235 KB: several chunks
    for (const [f, bytes] of [['good-images-idx3-ubyte.gz', gzipSync(good)], ['good-images-idx3-ubyte', good]] as const) {
      const back = await readIdxBytes(write(f, bytes), MB, 'images')
      expect(back.length).toBe(good.length)
      expect(Buffer.compare(back, good)).toBe(0)
    }
  })
})
