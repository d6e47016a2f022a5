import { readFile } from 'node:fs/promises'
import writeFileAtomic from 'write-file-atomic'

/**
 * Saving files so that a crash or a kill mid-write never leaves half a file: the text goes to a temporary file
 * beside the target, is flushed, and is renamed over it (write-file-atomic).
 */
export async function saveTextAtomic(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, { encoding: 'utf8', fsync: true })
}

/**
 * Writes `data` atomically, then reads the file back and compares it byte for byte: an export reports success
 * only for a file that holds what was meant (a full disk, a flaky drive or a sync folder rewriting it are caught).
 */
export async function saveVerified(path: string, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  await writeFileAtomic(path, bytes, { fsync: true })
  const back = await readFile(path)
  if (!back.equals(bytes)) throw new Error(`${path} was written but does not read back the same (${back.length} bytes instead of ${bytes.length}); the export is not usable`)
}
