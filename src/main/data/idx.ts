/**
 * The IDX format of MNIST (LeCun, Cortes & Burges): a 4-byte magic (0, 0, data type, number of dimensions),
 * then each dimension as a big-endian uint32, then the data. Images are idx3 (count, rows, cols), labels idx1
 * (count); both unsigned bytes (type 0x08). Everything is checked against the byte count before any array is
 * made, so a lying header cannot make us allocate; the pixel and label arrays are views, not copies.
 */
import { isGzip } from './byte-sniff'
import { DatasetError } from './errors'

/** Largest decompressed IDX file accepted (MNIST's training images are 47 MB); protects against gzip bombs. */
export const MAX_IDX_DECOMPRESSED_BYTES = 256 * 1024 * 1024

/**
 * Decompresses gzip data; must throw once the output would exceed `maxOutputBytes` (node:zlib's gunzipSync
 * with maxOutputLength does exactly this). Injected by the caller so this module stays free of node APIs.
 */
export type Gunzip = (bytes: Uint8Array, maxOutputBytes: number) => Uint8Array

export type IdxRole = 'images' | 'labels'

const UNSIGNED_BYTE = 0x08
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte, int8',
  0x0b: 'short, int16',
  0x0c: 'int, int32',
  0x0d: 'float, float32',
  0x0e: 'double, float64',
}

export interface IdxImages {
  count: number
  height: number
  width: number
  /** count x height x width, row-major, 0 (background) .. 255 (ink). */
  pixels: Uint8Array
}

/**
 * Returns the IDX bytes of a file that may be gzip-compressed (recognised by its first bytes, not its name).
 * Without `gunzip`, compressed data is refused with a message saying so.
 */
export function decompressIdx(bytes: Uint8Array, file: string, gunzip?: Gunzip, maxBytes = MAX_IDX_DECOMPRESSED_BYTES): Uint8Array {
  if (!isGzip(bytes)) {
    if (bytes.length > maxBytes) throw new DatasetError(`${mb(bytes.length)} is larger than the ${mb(maxBytes)} limit for an IDX file`, { file })
    return bytes
  }
  if (!gunzip) throw new DatasetError('the file is gzip-compressed (it starts with 1f 8b); decompress it first', { file })
  try {
    return gunzip(bytes, maxBytes)
  } catch (e) {
    const code = (e as { code?: string }).code
    if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DatasetError(
        `decompresses to more than ${mb(maxBytes)} (the limit for an IDX file; MNIST's largest file is 47 MB) — refused, it may be a gzip bomb`,
        { file },
      )
    }
    throw new DatasetError(`is not valid gzip data (${(e as Error).message})`, { file })
  }
}

/** Parses an idx3 image file. Throws DatasetError naming the file and the problem. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const { dims, offset } = readHeader(bytes, file, 'images')
  const [count, height, width] = dims
  return { count, height, width, pixels: bytes.subarray(offset, offset + count * height * width) }
}

/** Parses an idx1 label file. */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const { dims, offset } = readHeader(bytes, file, 'labels')
  return bytes.subarray(offset, offset + dims[0])
}

/**
 * Whether a file's first bytes (after gunzip) make it an IDX candidate: two zero bytes (every IDX magic starts
 * 00 00), or a byte-swapped IDX magic (t 08|09|0b-0e 00 00 with t = 1..4 dimensions, as a little-endian writer
 * leaves it). Such a file goes to the IDX reader, which says exactly what is wrong with it, not to the CSV
 * reader (which would only see NUL bytes). Text never starts like this: byte 0 is NUL or a control character.
 */
export function isIdxCandidate(b: Uint8Array): boolean {
  if (b.length >= 2 && b[0] === 0 && b[1] === 0) return true
  return looksByteSwapped(b)
}

function looksByteSwapped(b: Uint8Array): boolean {
  return b.length >= 4 && b[2] === 0 && b[3] === 0 && b[0] >= 1 && b[0] <= 4 && b[1] in TYPE_NAMES
}

/** A header read from the start of an IDX file: `offset` bytes, then `dataBytes` bytes of data. */
export interface IdxHeader {
  role: IdxRole
  dims: number[]
  offset: number
  /** The product of the dimensions (a double: the product of uint32s cannot overflow the way 32-bit math would). */
  dataBytes: number
}

/**
 * Reads and checks the header at the start of `b`, which may be just the first bytes of the file: magic
 * (two zeros, data type, number of dimensions), data type, dimensions for the role (when `role` is not given it
 * follows from the number of dimensions: 1 labels, 3 images), no zero dimension. Returns null when `b` is too
 * short to hold the whole header yet; throws DatasetError naming the file and what is wrong.
 */
export function readIdxHeader(b: Uint8Array, file: string, role?: IdxRole): IdxHeader | null {
  if (b.length < 4) return null
  const hex = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ')
  const what = role ? `an IDX ${role} file` : 'an IDX file'
  const expectMagic = role === 'labels' ? '00 00 08 01' : role === 'images' ? '00 00 08 03' : '00 00 08 03 (images) or 00 00 08 01 (labels)'
  if (looksByteSwapped(b)) {
    const swapped = [b[3], b[2], b[1], b[0]].map((x) => x.toString(16).padStart(2, '0')).join(' ')
    throw new DatasetError(
      `it starts with ${hex}, which looks like the IDX magic ${swapped} byte-swapped (written little-endian); IDX is big-endian: ` +
        `the magic and every dimension must be written most significant byte first (e.g. numpy dtype '>u4', Python struct '>I')`,
      { file },
    )
  }
  if (b[0] !== 0 || b[1] !== 0) throw new DatasetError(`not an IDX file: it starts with ${hex}, ${what} with ${expectMagic}`, { file })
  if (b[2] !== UNSIGNED_BYTE) {
    const name = TYPE_NAMES[b[2]]
    throw new DatasetError(
      name
        ? `IDX data type 0x${b[2].toString(16).padStart(2, '0')} (${name}); only unsigned bytes (0x08) are supported — convert the data to uint8 (0..255) and write it with data type 0x08`
        : `it starts with ${hex}: 0x${b[2].toString(16).padStart(2, '0')} is not an IDX data type (0x08 unsigned byte is the one supported); not an IDX file, or a damaged one`,
      { file },
    )
  }
  const ndim = b[3]
  const want = role === 'images' ? 3 : role === 'labels' ? 1 : ndim === 1 || ndim === 3 ? ndim : 0
  const as: IdxRole = want === 1 ? 'labels' : 'images'
  if (ndim !== want) {
    if (ndim > 3 && role !== 'labels') {
      throw new DatasetError(
        `the IDX magic ${hex} says ${ndim} dimensions; images must be count×rows×cols (3 dimensions, magic 00 00 08 03) — ` +
          `a colour/channel dimension is not supported: convert the images to grayscale (one byte per pixel)`,
        { file },
      )
    }
    if (!role) {
      throw new DatasetError(
        `the IDX magic ${hex} says ${ndim} dimension${ndim === 1 ? '' : 's'}; images have 3 (count×rows×cols, magic 00 00 08 03), labels 1 (count, magic 00 00 08 01)`,
        { file },
      )
    }
    const other = ndim === 1 ? ' (a labels file?)' : ndim === 3 ? ' (an images file?)' : ''
    throw new DatasetError(`an IDX ${role} file has ${want} dimension${want > 1 ? 's' : ''} (magic ${expectMagic}), this one has ${ndim}${other}`, { file })
  }
  const offset = 4 + 4 * ndim
  if (b.length < offset) return null
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const dims: number[] = []
  let dataBytes = 1
  for (let k = 0; k < ndim; k++) {
    const d = view.getUint32(4 + 4 * k, false)
    if (d === 0) throw new DatasetError(`dimension ${k + 1} of the header is 0: the file holds no ${as}`, { file })
    dims.push(d)
    dataBytes *= d
  }
  return { role: as, dims, offset, dataBytes }
}

/** What the header promises, for messages: "60,000 images of 28x28" or "60,000 labels". */
export function describeIdxHeader(h: IdxHeader): string {
  return h.role === 'images' ? `${h.dims[0].toLocaleString('en-US')} images of ${h.dims[1]}x${h.dims[2]}` : `${h.dims[0].toLocaleString('en-US')} labels`
}

/**
 * The refusal for data that does not match the header's size: `have` bytes of data after the header
 * (`orMore`: at least that many — a streaming reader stops as soon as the data runs past the header's size).
 */
export function idxSizeMismatch(h: IdxHeader, have: number, file: string, orMore = false): DatasetError {
  return new DatasetError(
    `the header promises ${describeIdxHeader(h)} (${h.dataBytes.toLocaleString('en-US')} bytes of data) but the file holds ${orMore ? 'more than ' : ''}${have.toLocaleString('en-US')}` +
      (have < h.dataBytes ? ' — truncated, or a wrong header' : ' — extra bytes after the data'),
    { file },
  )
}

/**
 * The refusal for a header whose file (header + data) would be larger than `maxBytes` — decided from the header
 * alone, so a streaming reader refuses before inflating the rest of a gzip file.
 */
export function idxTooLarge(h: IdxHeader, maxBytes: number, file: string): DatasetError {
  return new DatasetError(
    `the header promises ${describeIdxHeader(h)} (${h.dataBytes.toLocaleString('en-US')} bytes of data), so it decompresses to more than ` +
      `${mb(maxBytes)} (the limit for an IDX file; MNIST's largest file is 47 MB) — refused after reading the header: a wrong header, or a gzip bomb`,
    { file },
  )
}

/** deflate's best case: 258 bytes from 2 bits, so a gzip file never inflates to more than 1032x its size. */
export const MAX_DEFLATE_RATIO = 1032

/** The refusal for a header that promises more data than a gzip file of `gzipBytes` bytes can inflate to. */
export function idxGzipTooSmall(h: IdxHeader, gzipBytes: number, file: string): DatasetError {
  return new DatasetError(
    `the header promises ${describeIdxHeader(h)} (${h.dataBytes.toLocaleString('en-US')} bytes of data) but a ${gzipBytes.toLocaleString('en-US')}-byte ` +
      `gzip file cannot hold that much (deflate compresses at most ${MAX_DEFLATE_RATIO}:1) — truncated, or a wrong header`,
    { file },
  )
}

/** readIdxHeader for bytes that are the whole file (or hold the whole header): a missing header is refused. */
export function requireIdxHeader(b: Uint8Array, file: string, role?: IdxRole): IdxHeader {
  const magic = role === 'images' ? '00 00 08 03' : role === 'labels' ? '00 00 08 01' : '00 00 08 0n'
  if (b.length < 4) throw new DatasetError(`only ${b.length} bytes: too short for ${role ? `an IDX ${role}` : 'an IDX'} file (it starts with the 4-byte magic ${magic})`, { file })
  const h = readIdxHeader(b, file, role)
  if (!h) throw new DatasetError(`truncated header: ${b.length} bytes, the ${b[3]}-dimension header needs ${4 + 4 * b[3]}`, { file })
  return h
}

function readHeader(b: Uint8Array, file: string, role: IdxRole): { dims: number[]; offset: number } {
  const h = requireIdxHeader(b, file, role)
  const have = b.length - h.offset
  if (h.dataBytes !== have) throw idxSizeMismatch(h, have, file)
  return { dims: h.dims, offset: h.offset }
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`
}
