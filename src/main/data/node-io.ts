/**
 * The data layer's only contact with the file system (node:fs, node:zlib): read files and folders in chunks,
 * hand the bytes to the pure parsers, report progress. Used by the CLI, the training worker and main's glue;
 * everything else under data/ stays pure.
 */
import { createReadStream } from 'node:fs'
import { open, readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { createGunzip, gunzipSync } from 'node:zlib'
import { isGzip } from './byte-sniff'
import { createCsvReader, type CsvProgress, type CsvReadOptions } from './csv-reader'
import type { LoadedDataset } from './dataset'
import { DatasetError } from './errors'
import { EXAMPLES, generateExample, GENERATED_EXAMPLES, type ExampleName, type GeneratedExampleName } from './examples'
import {
  idxGzipTooSmall,
  idxSizeMismatch,
  idxTooLarge,
  isIdxCandidate,
  MAX_DEFLATE_RATIO,
  MAX_IDX_DECOMPRESSED_BYTES,
  readIdxHeader,
  requireIdxHeader,
  type Gunzip,
  type IdxHeader,
  type IdxRole,
} from './idx'
import { imageSetFromIdx, type ImageSet } from './images'
import { findMnistFiles, findPartner, idxRoleOf, type IdxPair } from './mnist-files'
import { isOleCompound, isZip, oleRefusal, readXlsx } from './xlsx-reader'
import { isParquet, readParquet } from './parquet-reader'
import { asyncBufferFromFile } from 'hyparquet'

/** Largest decompressed CSV accepted from a .gz file (the table's own cell limit usually stops it first). */
export const MAX_CSV_DECOMPRESSED_BYTES = 4 * 1024 * 1024 * 1024

/** CSV reading choices passed through to the reader (header and delimiter overrides). */
export type LoadOptions = Pick<CsvReadOptions, 'header' | 'delimiter' | 'encoding' | 'skipRows' | 'decimal'> & {
  /** Decompressed-size cap for IDX files; default MAX_IDX_DECOMPRESSED_BYTES. */
  maxIdxBytes?: number
  /** The labels file of an IDX images file, when it is not beside it under the standard name. */
  labels?: string
  /** The worksheet of an Excel workbook (default: the first). */
  sheet?: string
}

export type ProgressCallback = (p: CsvProgress) => void

/** node:zlib's gunzip with an output cap: throws ERR_BUFFER_TOO_LARGE past `maxOutputBytes`. */
export const gunzipWithLimit: Gunzip = (bytes, maxOutputBytes) => gunzipSync(bytes, { maxOutputLength: maxOutputBytes })

/**
 * Loads a CSV file (plain or gzip), an IDX images or labels file (plain or gzip; its partner is found next to
 * it by name), or a folder of IDX files (train-* and t10k-* pairs). Progress counts bytes read from disk.
 * Throws DatasetError with the file and, for CSV, the line and column of the problem.
 */
export async function loadDatasetFromPath(path: string, opts: LoadOptions = {}, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const info = await statOrThrow(path)
  if (opts.labels && info.isDirectory()) throw new DatasetError('a labels file goes with an IDX images file, not with a folder', { file: basename(path) })
  if (info.isDirectory()) return loadIdxFolder(path, opts, onProgress)
  const head = await readHead(path, 8)
  if (isGzip(head)) {
    const inner = await gunzipHead(path)
    if (looksLikeIdx(inner)) return loadIdxFile(path, opts, onProgress)
    return loadCsv(path, info.size, refuseLabels(path, opts), onProgress, true)
  }
  if (looksLikeIdx(head)) return loadIdxFile(path, opts, onProgress)
  if (isZip(head) || isOleCompound(head)) return loadWorkbook(path, info.size, head, refuseLabels(path, opts), onProgress)
  if (isParquet(head)) return loadParquet(path, info.size, refuseLabels(path, opts), onProgress)
  if (opts.sheet !== undefined) throw new DatasetError(`a sheet goes with an Excel workbook (.xlsx), but this is a text file`, { file: basename(path) })
  return loadCsv(path, info.size, refuseLabels(path, opts), onProgress, false)
}

/** A Parquet file, read by ranges (footer first, then each column chunk). */
async function loadParquet(path: string, size: number, opts: LoadOptions, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const file = basename(path)
  refuseChoices(opts, file, 'a Parquet file', [...TEXT_CHOICES, 'header', 'skipRows', 'sheet'])
  const table = await readParquet(await asyncBufferFromFile(path), file)
  onProgress?.({ bytesDone: size, totalBytes: size })
  return { kind: 'tabular', source: file, table }
}

/** The reading choices that only a text (CSV) file takes. */
const TEXT_CHOICES = ['encoding', 'delimiter', 'decimal'] as const
type ReadingChoice = (typeof TEXT_CHOICES)[number] | 'header' | 'skipRows' | 'sheet'

/** Reading choices (`keys`) that do not fit the file's format (`what`) are refused, never silently ignored. */
function refuseChoices(opts: LoadOptions, file: string, what: string, keys: readonly ReadingChoice[]): void {
  const given = keys.filter((k) => opts[k] !== undefined && opts[k] !== 'auto')
  if (!given.length) return
  const words = { encoding: 'encoding', delimiter: 'delimiter', decimal: 'decimal mark', header: 'header', skipRows: 'rows to skip', sheet: 'sheet' }
  const list = given.map((k) => words[k]).join(', ')
  throw new DatasetError(`the ${list} choice${given.length > 1 ? 's do' : ' does'} not apply to ${what}; leave ${given.length > 1 ? 'them' : 'it'} on automatic`, { file })
}

/** An Excel workbook (a ZIP archive), or the refusal of a legacy / encrypted one (an OLE compound file). */
async function loadWorkbook(path: string, size: number, head: Uint8Array, opts: LoadOptions, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const file = basename(path)
  if (isOleCompound(head)) {
    // Small enough to look inside: an encrypted workbook names its EncryptedPackage stream.
    throw oleRefusal(size <= 64 * 1048576 ? new Uint8Array(await readFile(path)) : head, file)
  }
  refuseChoices(opts, file, 'an Excel workbook', TEXT_CHOICES)
  let raw: ReturnType<typeof createReadStream> | null = null
  const open = () => {
    raw = createReadStream(path, { highWaterMark: 1 << 20 })
    let done = 0
    raw.on('data', (c) => {
      done += c.length
      onProgress?.({ bytesDone: done, totalBytes: size })
    })
    return raw
  }
  try {
    const table = await readXlsx(open, { file, sheet: opts.sheet, header: opts.header, skipRows: opts.skipRows })
    onProgress?.({ bytesDone: size, totalBytes: size })
    return { kind: 'tabular', source: file, table }
  } finally {
    ;(raw as ReturnType<typeof createReadStream> | null)?.destroy()
  }
}

/**
 * A built-in example: generated ones from `seed`; iris and the MNIST sample from `<resourcesDir>/examples/`
 * (`resourcesDir` is the app's resources folder, passed in by the caller).
 */
export async function loadExample(name: ExampleName, opts: { resourcesDir: string; seed?: number }, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  if ((GENERATED_EXAMPLES as readonly string[]).includes(name)) {
    return { kind: 'tabular', source: name, table: generateExample(name as GeneratedExampleName, opts.seed ?? 1) }
  }
  const file = EXAMPLES[name].file!
  return loadDatasetFromPath(join(opts.resourcesDir, 'examples', file), {}, onProgress)
}

async function loadCsv(path: string, size: number, opts: LoadOptions, onProgress: ProgressCallback | undefined, gz: boolean): Promise<LoadedDataset> {
  const file = basename(path)
  // Progress is measured in bytes read from disk (compressed bytes for .gz), against the file's size.
  const reader = createCsvReader({
    file,
    header: opts.header,
    delimiter: opts.delimiter,
    encoding: opts.encoding,
    skipRows: opts.skipRows,
    decimal: opts.decimal,
    totalBytes: gz ? undefined : size,
    expectedBytes: gz ? await gzipStatedSize(path, size) : undefined,
  })
  let done = 0
  let lastReport = 0
  const raw = createReadStream(path, { highWaterMark: 1 << 20 })
  raw.on('data', (c) => {
    done += c.length
    if (onProgress && (done - lastReport >= Math.max(size / 100, 1 << 20) || done === size)) {
      lastReport = done
      onProgress({ bytesDone: done, totalBytes: size })
    }
  })
  let source: AsyncIterable<Buffer> = raw
  if (gz) {
    const gunzip = createGunzip()
    raw.on('error', (e) => gunzip.destroy(e))
    source = raw.pipe(gunzip)
  }
  let out = 0
  try {
    for await (const chunk of source) {
      out += chunk.length
      if (out > MAX_CSV_DECOMPRESSED_BYTES) {
        throw new DatasetError(`decompresses to more than ${MAX_CSV_DECOMPRESSED_BYTES / 1073741824} GB — refused (too large, or a gzip bomb)`, { file })
      }
      reader.push(chunk)
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e
    throw new DatasetError(gz ? `could not decompress: ${(e as Error).message}` : `could not read the file: ${(e as Error).message}`, { file })
  } finally {
    raw.destroy()
  }
  const table = reader.finish()
  onProgress?.({ bytesDone: size, totalBytes: size })
  return { kind: 'tabular', source: file, table }
}

function refuseLabels(path: string, opts: LoadOptions): LoadOptions {
  if (opts.labels) throw new DatasetError('a labels file goes with an IDX images file, but this is a CSV file (its target is a column)', { file: basename(path) })
  return opts
}

async function loadIdxFile(path: string, opts: LoadOptions, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const dir = dirname(path)
  const name = basename(path)
  // First what is wrong with this file itself (byte-swapped magic, float data, 4-D images), then its partner.
  const max = opts.maxIdxBytes ?? MAX_IDX_DECOMPRESSED_BYTES
  await readIdx(path, max, opts.labels ? 'images' : idxRoleOf(name)?.role, { headerOnly: true })
  if (opts.labels) {
    const img = await readIdxBytes(path, max, 'images')
    onProgress?.({ bytesDone: img.length, totalBytes: undefined })
    const lab = await readIdxBytes(opts.labels, max, 'labels')
    return { kind: 'image', source: name, train: imageSetFromIdx(img, name, lab, basename(opts.labels)), test: null, warnings: [] }
  }
  const partner = findPartner(name, await readdir(dir))
  if (!partner) {
    throw new DatasetError(
      'an IDX file needs its partner next to it: images X-images-idx3-ubyte[.gz] with labels X-labels-idx1-ubyte[.gz] (same X, same folder), or its labels file given explicitly (--labels)',
      { file: name },
    )
  }
  const images = /images/i.test(name) ? name : partner
  const labels = images === name ? partner : name
  const set = await readPair(dir, { prefix: '', images, labels }, opts, onProgress)
  // A training file picked alone: its test pair beside it (t10k-*, as MNIST ships) is the test set.
  const listing = idxRoleOf(name)?.prefix.toLowerCase() === 'train' ? findMnistFiles(await readdir(dir)) : null
  if (listing?.ok && listing.test && listing.train.images === images) {
    const test = await readPair(dir, listing.test, opts, onProgress)
    return { kind: 'image', source: images, train: set, test, warnings: [`The test set is ${listing.test.images} with ${listing.test.labels}, found beside ${name}.`] }
  }
  return { kind: 'image', source: images, train: set, test: null, warnings: [] }
}

/**
 * IDX files picked together (two, or the four standard ones): paired by their names as in a folder — train-* for
 * training and t10k-* for testing. They must be in one folder (a dialog picks them so).
 */
export async function loadIdxSelection(paths: string[], opts: LoadOptions = {}, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const dirs = new Set(paths.map((p) => dirname(p)))
  const names = paths.map((p) => basename(p))
  if (dirs.size > 1) throw new DatasetError(`the picked IDX files are in ${dirs.size} different folders; pick files of one folder, or the folder itself`, { file: names.join(', ') })
  const found = findMnistFiles(names)
  if (!found.ok) throw new DatasetError(found.message, { file: names.join(', ') })
  const dir = [...dirs][0]
  const train = await readPair(dir, found.train, opts, onProgress)
  const test = found.test ? await readPair(dir, found.test, opts, onProgress) : null
  const used = new Set([found.train.images, found.train.labels, found.test?.images, found.test?.labels])
  const unused = names.filter((n) => !used.has(n))
  return { kind: 'image', source: found.train.images, train, test, warnings: [...found.notes, ...unused.map((n) => `${n} is not part of a pair`)].map((n) => `Not used: ${n}.`) }
}

async function loadIdxFolder(dir: string, opts: LoadOptions, onProgress?: ProgressCallback): Promise<LoadedDataset> {
  const found = findMnistFiles(await readdir(dir))
  if (!found.ok) throw new DatasetError(found.message, { file: basename(dir) })
  const train = await readPair(dir, found.train, opts, onProgress)
  const test = found.test ? await readPair(dir, found.test, opts, onProgress) : null
  return { kind: 'image', source: basename(dir), train, test, warnings: found.notes.map((n) => `Not used: ${n}.`) }
}

async function readPair(dir: string, pair: IdxPair, opts: LoadOptions, onProgress?: ProgressCallback): Promise<ImageSet> {
  const max = opts.maxIdxBytes ?? MAX_IDX_DECOMPRESSED_BYTES
  const img = await readIdxBytes(join(dir, pair.images), max, 'images')
  onProgress?.({ bytesDone: img.length, totalBytes: undefined })
  const lab = await readIdxBytes(join(dir, pair.labels), max, 'labels')
  return imageSetFromIdx(img, pair.images, lab, pair.labels)
}

/** Watches readIdxBytes at work (tests and bench/idx-bomb.ts: how much was inflated before a refusal). */
export interface IdxReadHooks {
  /** After each chunk: the decompressed bytes received so far. */
  onChunk?: (decompressedBytes: number) => void
}

/**
 * The bytes of an IDX file (plain or gzip, told by its first bytes), checked against its header while they
 * arrive: the header is validated from the first decompressed bytes and its promised size (header + product of
 * the dimensions) is refused at once when it exceeds `max` or cannot fit in the file; then the data fills a
 * buffer of exactly that size, refused as soon as it runs past it (extra bytes) or when it ends short
 * (truncated). So a small gzip file that would inflate to hundreds of MB is never inflated whole.
 */
export async function readIdxBytes(path: string, max: number, role?: IdxRole, hooks: IdxReadHooks = {}): Promise<Uint8Array> {
  return (await readIdx(path, max, role, hooks))!
}

async function readIdx(path: string, max: number, role: IdxRole | undefined, opts: IdxReadHooks & { headerOnly?: boolean }): Promise<Uint8Array | null> {
  const file = basename(path)
  const info = await statOrThrow(path)
  // A compressed file larger than the cap cannot decompress below it: refuse before reading.
  if (info.size > max) throw new DatasetError(`${Math.round(info.size / 1048576)} MB is larger than the ${Math.round(max / 1048576)} MB limit for an IDX file`, { file })
  const gz = isGzip(await readHead(path, 2))
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 })
  const gunzip = gz ? createGunzip() : null
  if (gunzip) raw.on('error', (e) => gunzip.destroy(e))
  const source: AsyncIterable<Buffer> = gunzip ? raw.pipe(gunzip) : raw
  let head: Uint8Array = new Uint8Array(0) // the first bytes, until they hold the whole header
  let header: IdxHeader | null = null
  let out: Uint8Array | null = null
  let filled = 0
  let received = 0
  try {
    for await (const chunk of source) {
      received += chunk.length
      opts.onChunk?.(received)
      let bytes: Uint8Array = chunk
      if (!out) {
        bytes = head.length ? concat(head, chunk) : chunk
        header = readIdxHeader(bytes, file, role)
        if (!header) {
          head = bytes
          continue
        }
        const total = header.offset + header.dataBytes
        if (total > max) throw idxTooLarge(header, max, file)
        if (!gz && total !== info.size) throw idxSizeMismatch(header, info.size - header.offset, file)
        if (gz && total > MAX_DEFLATE_RATIO * info.size + 1024) throw idxGzipTooSmall(header, info.size, file)
        if (opts.headerOnly) return null
        out = new Uint8Array(total)
      }
      if (filled + bytes.length > out.length) throw idxSizeMismatch(header!, header!.dataBytes, file, true)
      out.set(bytes, filled)
      filled += bytes.length
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e
    throw new DatasetError(gz ? `is not valid gzip data (${(e as Error).message})` : `could not read the file: ${(e as Error).message}`, { file })
  } finally {
    raw.destroy()
    gunzip?.destroy()
  }
  if (!header || !out) {
    requireIdxHeader(head, file, role) // throws: the file ends inside its header
    return null
  }
  if (filled < out.length) throw idxSizeMismatch(header, filled - header.offset, file)
  return out
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const c = new Uint8Array(a.length + b.length)
  c.set(a)
  c.set(b, a.length)
  return c
}

/** IDX, or meant to be (two zero bytes, a byte-swapped magic): the IDX reader then says what is wrong with it. */
function looksLikeIdx(b: Uint8Array): boolean {
  return isIdxCandidate(b)
}


async function statOrThrow(path: string) {
  try {
    return await stat(path)
  } catch (e) {
    const code = (e as { code?: string }).code
    throw new DatasetError(code === 'ENOENT' ? 'no such file or folder' : `cannot open: ${(e as Error).message}`, { file: path })
  }
}

async function readHead(path: string, n: number): Promise<Uint8Array> {
  const fh = await open(path, 'r')
  try {
    const buf = new Uint8Array(n)
    const { bytesRead } = await fh.read(buf, 0, n, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/**
 * The uncompressed size a gzip file states in its last 4 bytes (ISIZE, RFC 1952: the size mod 2^32, exact below
 * 4 GB for a single-member file), or undefined when it cannot be right (below the compressed size, or beyond
 * deflate's 1032:1 limit). Only sizes the column arrays: a lying value costs address space, not memory, since
 * untouched pages of a new typed array are never resident, and the reading itself still stops at the real end.
 */
async function gzipStatedSize(path: string, size: number): Promise<number | undefined> {
  if (size < 18) return undefined
  const fh = await open(path, 'r')
  try {
    const b = new Uint8Array(4)
    await fh.read(b, 0, 4, size - 4)
    const isize = new DataView(b.buffer).getUint32(0, true)
    return isize >= size && isize <= size * 1032 ? isize : undefined
  } finally {
    await fh.close()
  }
}

/** The first decompressed bytes of a gzip file (enough to tell IDX from text), without inflating all of it. */
async function gunzipHead(path: string): Promise<Uint8Array> {
  const raw = createReadStream(path, { start: 0, end: 64 * 1024 - 1 })
  const gunzip = createGunzip()
  raw.pipe(gunzip)
  try {
    for await (const chunk of gunzip) return new Uint8Array(chunk as Buffer)
    return new Uint8Array(0)
  } catch (e) {
    throw new DatasetError(`starts like a gzip file but is not valid gzip data (${(e as Error).message})`, { file: basename(path) })
  } finally {
    raw.destroy()
    gunzip.destroy()
  }
}
