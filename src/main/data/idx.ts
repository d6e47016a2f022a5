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
const TYPE_NAMES: Record<number, string> = { 0x08: 'unsigned byte', 0x09: 'signed byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' }

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

function readHeader(b: Uint8Array, file: string, role: IdxRole): { dims: number[]; offset: number } {
  const want = role === 'images' ? 3 : 1
  const magic = role === 'images' ? '00 00 08 03' : '00 00 08 01'
  if (b.length < 4) throw new DatasetError(`only ${b.length} bytes: too short for an IDX ${role} file (it starts with the 4-byte magic ${magic})`, { file })
  const hex = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ')
  if (b[0] !== 0 || b[1] !== 0) throw new DatasetError(`not an IDX file: it starts with ${hex}, an IDX ${role} file with ${magic}`, { file })
  if (b[2] !== UNSIGNED_BYTE) {
    throw new DatasetError(`IDX data type 0x${b[2].toString(16).padStart(2, '0')} (${TYPE_NAMES[b[2]] ?? 'unknown'}); only unsigned bytes (0x08) are supported`, { file })
  }
  const ndim = b[3]
  if (ndim !== want) {
    const other = ndim === 1 ? ' (a labels file?)' : ndim === 3 ? ' (an images file?)' : ''
    throw new DatasetError(`an IDX ${role} file has ${want} dimension${want > 1 ? 's' : ''} (magic ${magic}), this one has ${ndim}${other}`, { file })
  }
  const offset = 4 + 4 * ndim
  if (b.length < offset) throw new DatasetError(`truncated header: ${b.length} bytes, the ${ndim}-dimension header needs ${offset}`, { file })
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const dims: number[] = []
  let expected = 1 // a double: the product of uint32s cannot overflow silently the way 32-bit math would
  for (let k = 0; k < ndim; k++) {
    const d = view.getUint32(4 + 4 * k, false)
    if (d === 0) throw new DatasetError(`dimension ${k + 1} of the header is 0: the file holds no ${role}`, { file })
    dims.push(d)
    expected *= d
  }
  const have = b.length - offset
  if (expected !== have) {
    const what = role === 'images' ? `${dims[0].toLocaleString('en-US')} images of ${dims[1]}x${dims[2]}` : `${dims[0].toLocaleString('en-US')} labels`
    throw new DatasetError(
      `the header promises ${what} (${expected.toLocaleString('en-US')} bytes of data) but the file holds ${have.toLocaleString('en-US')}` +
        (have < expected ? ' — truncated, or a wrong header' : ' — extra bytes after the data'),
      { file },
    )
  }
  return { dims, offset }
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`
}
