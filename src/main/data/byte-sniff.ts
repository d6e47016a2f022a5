/**
 * What the first bytes of a file say about it, before anything is decoded: compressed, UTF-16, UTF-8 with a
 * byte-order mark, or binary. Pure functions over a Uint8Array.
 */
import { DatasetError } from './errors'

/** gzip's magic number (RFC 1952): every .gz file starts with 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/** The encoding announced by a byte-order mark and the mark's length in bytes (0 when there is none). */
export function detectBom(bytes: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  return { encoding: 'utf-8', bomLength: 0 }
}

/**
 * Refuses bytes that cannot be a UTF-8 text file, naming the first offending byte's line: NUL bytes (binary
 * files, or UTF-16 without a byte-order mark) and invalid UTF-8 sequences. `startLine` is the line of bytes[0].
 */
export function assertUtf8Text(bytes: Uint8Array, file: string | undefined, startLine = 1): void {
  // A NUL byte says "binary" more surely than a bad UTF-8 sequence does, so it is reported first.
  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    throw new DatasetError(
      looksLikeUtf16WithoutBom(bytes)
        ? 'the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)'
        : `a NUL byte at byte ${nul} — this is a binary file, not CSV text`,
      { file, line: startLine + countByte(bytes, 0x0a, 0, nul) },
    )
  }
  const first = firstInvalidUtf8(bytes)
  if (first < 0) return
  const line = startLine + countByte(bytes, 0x0a, 0, first)
  throw new DatasetError(
    `invalid UTF-8 at byte ${first} (0x${bytes[first].toString(16).padStart(2, '0')}) — the file is not UTF-8 text ` +
      `(if it is Latin-1 / Windows-1252, choose that encoding: ${ENCODING_HINT})`,
    { file, line },
  )
}

/**
 * Index of the first byte in b[start, end) that breaks UTF-8 (RFC 3629: no overlongs, no surrogates,
 * ≤ U+10FFFF; a sequence cut by `end` counts as broken), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array, start = 0, end = b.length): number {
  let i = start
  while (i < end) {
    const c = b[i]
    if (c < 0x80) {
      i++
      continue
    }
    let n: number
    let min: number
    if (c >= 0xc2 && c <= 0xdf) (n = 1), (min = 0x80)
    else if (c >= 0xe0 && c <= 0xef) (n = 2), (min = 0x800)
    else if (c >= 0xf0 && c <= 0xf4) (n = 3), (min = 0x10000)
    else return i
    if (i + n >= end) return i // cut short: callers pass whole lines, so this is a broken sequence
    let cp = c & (0x3f >> n)
    for (let k = 1; k <= n; k++) {
      const d = b[i + k]
      if ((d & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (d & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += n + 1
  }
  return -1
}

/** Number of `byte` values in b[start, end). */
export function countByte(b: Uint8Array, byte: number, start: number, end: number): number {
  let n = 0
  for (let i = b.indexOf(byte, start); i >= 0 && i < end; i = b.indexOf(byte, i + 1)) n++
  return n
}

/** ASCII text in UTF-16 has a zero in every other byte; most binary files do not. */
function looksLikeUtf16WithoutBom(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512) & ~1
  if (n < 4) return false
  let evenZeros = 0
  let oddZeros = 0
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++
    if (b[i + 1] === 0) oddZeros++
  }
  const half = n / 2
  return (evenZeros > 0.9 * half && oddZeros < 0.1 * half) || (oddZeros > 0.9 * half && evenZeros < 0.1 * half)
}

/** How the user chooses an encoding, for messages. */
export const ENCODING_HINT = '--encoding windows-1252, or the Encoding control in the Data section'

/** Encoding names the user may give (TextDecoder labels); every single-byte Western label means windows-1252. */
export function normalizeEncoding(name: string, file?: string): TextEncoding {
  const n = name.trim().toLowerCase().replace(/_/g, '-')
  if (n === 'utf-8' || n === 'utf8') return 'utf-8'
  if (n === 'utf-16le' || n === 'utf-16') return 'utf-16le'
  if (n === 'utf-16be') return 'utf-16be'
  if (['windows-1252', 'cp1252', 'latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'ascii', 'us-ascii'].includes(n)) return 'windows-1252'
  throw new DatasetError(`unknown encoding "${name}"; choose utf-8, utf-16le, utf-16be or windows-1252 (also called latin1)`, { file })
}

/** Refuses a NUL byte in text that should be single-byte or UTF-8 text (a binary file, or UTF-16 without BOM). */
export function assertNoNul(bytes: Uint8Array, file: string | undefined): void {
  const nul = bytes.indexOf(0)
  if (nul < 0) return
  throw new DatasetError(
    looksLikeUtf16WithoutBom(bytes)
      ? 'the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM), or choose --encoding utf-16le'
      : `a NUL byte at byte ${nul} — this is a binary file, not CSV text`,
    { file, line: 1 + countByte(bytes, 0x0a, 0, nul) },
  )
}
