import { gzipSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decompressIdx, isIdxCandidate, MAX_IDX_DECOMPRESSED_BYTES, parseIdxImages, parseIdxLabels, type Gunzip } from '../../../src/main/data/idx'
import { encodeIdx } from '../../../src/main/data/idx-encode'
import { classCount, imageSetFromIdx } from '../../../src/main/data/images'
import { prepareImages } from '../../../src/main/data/prepare-images'
import { expectRefusal } from './expect-error'

const gunzip: Gunzip = (b, max) => gunzipSync(b, { maxOutputLength: max })

/** `count` images of height x width whose pixel p of image i is (i * 16 + p) mod 256. */
function images(count: number, height: number, width: number): Uint8Array {
  const data = Uint8Array.from({ length: count * height * width }, (_, k) => (Math.floor(k / (height * width)) * 16 + (k % (height * width))) % 256)
  return encodeIdx([count, height, width], data)
}

/** A header with arbitrary magic / dims and `dataBytes` bytes of data. */
function raw(magic: number[], dims: number[], dataBytes: number): Uint8Array {
  const b = new Uint8Array(4 + 4 * dims.length + dataBytes)
  b.set(magic)
  const v = new DataView(b.buffer)
  dims.forEach((d, k) => v.setUint32(4 + 4 * k, d, false))
  return b
}

describe('IDX parsing', () => {
  it('reads non-square images and labels as views (no copies)', () => {
    const bytes = images(3, 2, 5)
    const img = parseIdxImages(bytes, 'x-images-idx3-ubyte')
    expect(img).toMatchObject({ count: 3, height: 2, width: 5 })
    expect(img.pixels.buffer).toBe(bytes.buffer)
    expect(Array.from(img.pixels.subarray(10, 13))).toEqual([16, 17, 18])
    const labels = parseIdxLabels(encodeIdx([3], Uint8Array.from([2, 0, 1])), 'x-labels-idx1-ubyte')
    expect(Array.from(labels)).toEqual([2, 0, 1])
  })

  it('prepares non-square images: pixels / 255 in [0, 1], one-hot labels, classes from the largest label', () => {
    const set = imageSetFromIdx(images(12, 2, 5), 'i', encodeIdx([12], Uint8Array.from({ length: 12 }, (_, i) => i % 3)), 'l')
    const d = prepareImages(set, null, { split: { train: 2, validation: 1, test: 1 } })
    expect(d.inputs).toBe(10)
    expect(d.outputs).toBe(3)
    expect(d.preprocessing).toEqual({ kind: 'image', width: 5, height: 2, target: { task: 'classification', name: 'label', classes: ['0', '1', '2'] } })
    const k = 0
    const i = d.train.sourceIndex[k]
    expect(d.train.X[k * 10 + 3]).toBeCloseTo(((i * 16 + 3) % 256) / 255, 7)
    expect(Math.max(...d.train.X)).toBeLessThanOrEqual(1)
    expect(d.train.T[k * 3 + (i % 3)]).toBe(1)
    expect(d.featureNames[7]).toBe('pixel 1,2')
  })

  it('refuses a wrong magic number', () => {
    expectRefusal(() => parseIdxImages(new TextEncoder().encode('PK\x03\x04 not idx at all'), 'f'), /not an IDX file: it starts with 50 4b 03 04/, { file: 'f' })
  })

  it('refuses data types other than unsigned bytes, naming the type and what to do', () => {
    expectRefusal(() => parseIdxImages(raw([0, 0, 0x0d, 3], [1, 1, 1], 4), 'f'), /data type 0x0d \(float, float32\); only unsigned bytes \(0x08\) are supported — convert the data to uint8/, { file: 'f' })
    expectRefusal(() => parseIdxLabels(raw([0, 0, 0x0b, 1], [2], 4), 'f'), /data type 0x0b \(short, int16\); only unsigned bytes/)
    expectRefusal(() => parseIdxImages(raw([0, 0, 0x00, 3], [1, 1, 1], 1), 'f'), /0x00 is not an IDX data type/)
  })

  it('says a byte-swapped (little-endian) magic is byte-swapped, for images and labels', () => {
    expectRefusal(() => parseIdxImages(raw([3, 8, 0, 0], [], 12), 'f'), /starts with 03 08 00 00.*IDX magic 00 00 08 03 byte-swapped \(written little-endian\); IDX is big-endian/, { file: 'f' })
    expectRefusal(() => parseIdxLabels(raw([1, 8, 0, 0], [], 4), 'f'), /IDX magic 00 00 08 01 byte-swapped.*big-endian/)
  })

  it('refuses 4-D images (a colour/channel dimension), saying images are count×rows×cols', () => {
    expectRefusal(() => parseIdxImages(raw([0, 0, 8, 4], [1, 2, 2, 3], 12), 'f'), /says 4 dimensions; images must be count×rows×cols.*colour\/channel dimension is not supported/, { file: 'f' })
  })

  it('takes two leading zero bytes or a byte-swapped magic as IDX, and no text', () => {
    for (const b of [[0, 0, 8, 3], [0, 0, 0x0d, 3], [0, 0, 8, 4], [0, 0], [3, 8, 0, 0], [1, 8, 0, 0], [3, 0x0d, 0, 0]]) expect(isIdxCandidate(Uint8Array.from(b)), String(b)).toBe(true)
    for (const t of ['a,b\n1,2\n', '0,0,8,3\n', '\ufeffx;y\n', '\t1\t2\n', '"q",1\n', '\r\n', 'é,ü\n']) expect(isIdxCandidate(new TextEncoder().encode(t)), t).toBe(false)
    for (let c = 5; c < 256; c++) expect(isIdxCandidate(Uint8Array.from([c, 8, 0, 0]))).toBe(false) // a first byte of text is never 0..4
    expect(isIdxCandidate(Uint8Array.from([0xff, 0xfe, 0x61, 0]))).toBe(false) // UTF-16 LE text with its BOM
    expect(isIdxCandidate(Uint8Array.from([0xfe, 0xff, 0, 0x61]))).toBe(false) // UTF-16 BE
    expect(isIdxCandidate(Uint8Array.from([0, 0x61, 0, 0x62]))).toBe(false) // UTF-16 BE without a BOM
  })

  it('refuses the wrong number of dimensions for the role', () => {
    const labels = encodeIdx([3], Uint8Array.from([1, 2, 3]))
    expectRefusal(() => parseIdxImages(labels, 'f'), /images file has 3 dimensions.*this one has 1 \(a labels file\?\)/)
    expectRefusal(() => parseIdxLabels(images(1, 2, 2), 'f'), /labels file has 1 dimension.*this one has 3 \(an images file\?\)/)
  })

  it('refuses zero dimensions', () => {
    expectRefusal(() => parseIdxImages(raw([0, 0, 8, 3], [5, 0, 28], 0), 'f'), /dimension 2 of the header is 0/)
    expectRefusal(() => parseIdxLabels(raw([0, 0, 8, 1], [0], 0), 'f'), /dimension 1 of the header is 0/)
  })

  it('refuses truncated files and extra bytes', () => {
    const full = images(4, 28, 28)
    expectRefusal(() => parseIdxImages(full.subarray(0, full.length - 100), 'f'), /promises 4 images of 28x28 \(3,136 bytes.*holds 3,036 — truncated/)
    expectRefusal(() => parseIdxImages(full.subarray(0, 10), 'f'), /truncated header/)
    expectRefusal(() => parseIdxImages(full.subarray(0, 3), 'f'), /only 3 bytes/)
    const extra = new Uint8Array(full.length + 1)
    extra.set(full)
    expectRefusal(() => parseIdxImages(extra, 'f'), /extra bytes/)
  })

  it('refuses a lying header (4e9 images in 16 bytes) without allocating for it', () => {
    const liar = raw([0, 0, 8, 3], [4_000_000_000, 28, 28], 0) // exactly 16 bytes
    expect(liar.length).toBe(16)
    const before = process.memoryUsage().arrayBuffers
    expectRefusal(() => parseIdxImages(liar, 'f'), /promises 4,000,000,000 images of 28x28 \(3,136,000,000,000 bytes of data\) but the file holds 0/)
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1 << 20)
    // Sizes above 2^31 are read unsigned, not as negative numbers.
    expectRefusal(() => parseIdxLabels(raw([0, 0, 8, 1], [0xffffffff], 2), 'f'), /4,294,967,295 labels/)
  })

  it('refuses images and labels that do not belong together', () => {
    expectRefusal(() => imageSetFromIdx(images(3, 2, 2), 'imgs', encodeIdx([4], new Uint8Array(4)), 'labs'), /3 images but 4 labels in labs/, { file: 'imgs' })
  })

  it('counts classes from the largest label and warns about classes without examples', () => {
    const set = imageSetFromIdx(images(6, 2, 2), 'i', encodeIdx([6], Uint8Array.from([0, 7, 0, 7, 0, 7])), 'l')
    expect(classCount([set])).toBe(8)
    const d = prepareImages(set, null, { split: { train: 1, validation: 0, test: 0 } })
    expect(d.outputs).toBe(8)
    expect(d.warnings.join(' ')).toMatch(/only 2 of these classes occur/)
  })
})

describe('IDX labels far out of range', () => {
  /** `n` labels cycling 0..9, with `label` at the 1-based images in `at`. */
  const digits = (n: number, at: number[], label: number) => Uint8Array.from({ length: n }, (_, i) => (at.includes(i + 1) ? label : i % 10))

  it('refuses label 200 among 0–9, naming the labels file, the image (1-based) and the label', () => {
    const labels = encodeIdx([40], digits(40, [17, 30], 200))
    expectRefusal(
      () => imageSetFromIdx(images(40, 2, 2), 'train-images-idx3-ubyte', labels, 'train-labels-idx1-ubyte'),
      /^train-labels-idx1-ubyte: label 200 at image 17: the other labels are 0–9 \(10 distinct values\); 2 images have labels of 22 or more\. An IDX labels file holds class numbers 0\.\.K-1, so this would make 201 output units, 190 of them for classes without a single image/,
      { file: 'train-labels-idx1-ubyte' },
    )
  })

  it('never builds a wide output layer from an image set made some other way', () => {
    const set = { source: 's', count: 20, width: 2, height: 2, pixels: new Uint8Array(80), labels: digits(20, [3], 255) }
    expectRefusal(() => prepareImages(set, null), /^s: label 255 at image 3: the other labels are 0–9/)
    // Nor from a test set whose labels are far from the training set's.
    const train = imageSetFromIdx(images(20, 2, 2), 'i', encodeIdx([20], digits(20, [], 0)), 'l')
    const test = { ...train, source: 't', labels: new Uint8Array(20).fill(99) }
    expectRefusal(() => prepareImages(train, test), /^t: label 99 at image 1: every label is 99 or more \(1 distinct value\)/)
  })

  it('keeps MNIST (0–9), a few missing classes and 1-based classes working, with the missing-class warning', () => {
    const mnist = imageSetFromIdx(images(40, 2, 2), 'i', encodeIdx([40], digits(40, [], 0)), 'l')
    expect(classCount([mnist])).toBe(10)
    expect(prepareImages(mnist, null).warnings).toEqual([])
    const gap = imageSetFromIdx(images(40, 2, 2), 'i', encodeIdx([40], digits(40, [5], 15)), 'l') // 0–9 and 15: 11 distinct
    const d = prepareImages(gap, null)
    expect(d.outputs).toBe(16)
    expect(d.warnings.join(' ')).toMatch(/Labels run from 0 to 15, but only 11 of these classes occur/)
    const oneBased = imageSetFromIdx(images(40, 2, 2), 'i', encodeIdx([40], Uint8Array.from({ length: 40 }, (_, i) => (i % 10) + 1)), 'l')
    expect(prepareImages(oneBased, null).outputs).toBe(11)
  })
})

describe('IDX decompression', () => {
  it('recognises gzip by its first bytes and decompresses it with the injected gunzip', () => {
    const bytes = images(2, 3, 3)
    expect(Array.from(decompressIdx(gzipSync(bytes), 'plain-name', gunzip))).toEqual(Array.from(bytes))
    expect(decompressIdx(bytes, 'f.gz', gunzip)).toBe(bytes) // the name does not matter
  })

  it('refuses gzip data when no gunzip is given', () => {
    expectRefusal(() => decompressIdx(gzipSync(images(1, 2, 2)), 'f'), /gzip-compressed.*decompress it first/, { file: 'f' })
  })

  it('refuses corrupt gzip data', () => {
    const gz = gzipSync(images(5, 8, 8))
    const broken = gz.subarray(0, gz.length - 20)
    expectRefusal(() => decompressIdx(broken, 'f', gunzip), /not valid gzip data/)
  })

  it(`refuses a gzip bomb at the ${MAX_IDX_DECOMPRESSED_BYTES / 1048576} MB cap, with a clear message`, () => {
    // 17 gzip members of 16 MB of zeros each: about 270 KB that would expand to 272 MB.
    const member = gzipSync(new Uint8Array(16 << 20), { level: 9 })
    const bomb = new Uint8Array(member.length * 17)
    for (let k = 0; k < 17; k++) bomb.set(member, k * member.length)
    expect(bomb.length).toBeLessThan(1 << 20)
    expectRefusal(() => decompressIdx(bomb, 'bomb.gz', gunzip), /more than 256 MB.*gzip bomb/, { file: 'bomb.gz' })
    // A smaller cap, when the caller asks for one.
    expectRefusal(() => decompressIdx(member, 'm.gz', gunzip, 1 << 20), /more than 1\.0 MB/)
  })

  it('refuses an uncompressed file above the cap before parsing it', () => {
    expectRefusal(() => decompressIdx(new Uint8Array(2048), 'big', gunzip, 1024), /larger than the .* limit/)
  })
})
