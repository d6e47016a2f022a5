/**
 * Peak memory of refusing an IDX gzip bomb: a ~150 KB gzip file whose header claims 2^31 images of 28x28 and
 * whose data inflates to 150 MB of zeros.
 *
 *   node --import tsx bench/idx-bomb.ts [--mb 150]
 *
 * "before" is the old path (read the file, gunzipSync up to the 256 MB cap, then parse the header);
 * "after" is readIdxBytes in node-io.ts (stream-gunzip, validate the header from the first bytes, stop).
 * Each runs in a fresh process; peak RSS is process.resourceUsage().maxRSS. Prints one JSON line per case.
 * Memory is measured here, never in tests.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { constants, gzipSync } from 'node:zlib'
import { decompressIdx, MAX_IDX_DECOMPRESSED_BYTES, parseIdxImages } from '../src/main/data/idx'
import { gunzipWithLimit, readIdxBytes } from '../src/main/data/node-io'

const MB = 1 << 20

async function child(mode: string, path: string): Promise<void> {
  const rssBefore = process.memoryUsage().rss
  let inflated = 0
  let message = ''
  try {
    if (mode === 'before') {
      const bytes = decompressIdx(new Uint8Array(readFileSync(path)), basename(path), gunzipWithLimit, MAX_IDX_DECOMPRESSED_BYTES)
      inflated = bytes.length
      parseIdxImages(bytes, basename(path))
    } else {
      await readIdxBytes(path, MAX_IDX_DECOMPRESSED_BYTES, 'images', { onChunk: (n) => (inflated = n) })
    }
  } catch (e) {
    message = (e as Error).message
  }
  const peakMb = process.resourceUsage().maxRSS / 1024 // maxRSS is in KB
  process.stdout.write(JSON.stringify({ mode, startRssMb: +(rssBefore / MB).toFixed(1), peakRssMb: +peakMb.toFixed(1), inflatedBytes: inflated, message }) + '\n')
}

function main(): void {
  const { values } = parseArgs({ options: { mb: { type: 'string', default: '150' } }, strict: true })
  const zeros = Number(values.mb) * MB
  const dir = mkdtempSync(join(tmpdir(), 'bp-idx-bomb-'))
  try {
    const header = new Uint8Array(16)
    header.set([0, 0, 8, 3])
    const v = new DataView(header.buffer)
    ;[2 ** 31, 28, 28].forEach((d, k) => v.setUint32(4 + 4 * k, d, false))
    const payload = new Uint8Array(16 + zeros)
    payload.set(header)
    const path = join(dir, 'bomb-images-idx3-ubyte.gz')
    writeFileSync(path, gzipSync(payload, { level: 9, strategy: constants.Z_RLE }))
    const gzKb = statSync(path).size / 1024
    process.stdout.write(JSON.stringify({ file: basename(path), gzipKb: +gzKb.toFixed(1), inflatesToMb: +(payload.length / MB).toFixed(1) }) + '\n')
    for (const mode of ['before', 'after']) {
      const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, path], { encoding: 'utf8' })
      process.stdout.write(r.stdout)
      if (r.status !== 0) process.stderr.write(r.stderr)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const i = process.argv.indexOf('--child')
if (i >= 0) void child(process.argv[i + 1], process.argv[i + 2])
else main()
