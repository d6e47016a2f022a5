/**
 * Writes an export that is a folder (the Python export) all or nothing: into a temporary sibling folder, read
 * back and checked, then renamed into place. An existing folder that is not empty is refused, never overwritten.
 */
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { UsageError } from './args'

export async function writeExportFolder(out: string, files: Map<string, Uint8Array>, verify: (dir: string) => Promise<void>): Promise<void> {
  const existing = await readdir(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null
    if (e.code === 'ENOTDIR') throw new UsageError(`${out} is a file; give a folder that does not exist yet (or is empty)`)
    throw e
  })
  if (existing && existing.length > 0) {
    throw new UsageError(`${out} already holds ${existing.length} file${existing.length > 1 ? 's' : ''} (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', …' : ''}); give a new or empty folder, nothing was overwritten`)
  }
  await mkdir(dirname(out), { recursive: true })
  const temp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`)
  await rm(temp, { recursive: true, force: true })
  await mkdir(temp)
  try {
    for (const [name, bytes] of files) await writeFile(join(temp, name), bytes, { flush: true })
    for (const [name, bytes] of files) {
      const back = new Uint8Array(await readFile(join(temp, name)))
      if (back.length !== bytes.length || back.some((b, i) => b !== bytes[i])) throw new Error(`${name} did not read back as written`)
    }
    await verify(temp)
    if (existing) await rmdir(out) // empty: replaced by the finished folder
    await rename(temp, out)
  } catch (e) {
    await rm(temp, { recursive: true, force: true })
    throw e
  }
}
