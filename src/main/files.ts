import writeFileAtomic from 'write-file-atomic'

/**
 * Saving files so that a crash or a kill mid-write never leaves half a file: the text goes to a temporary file
 * beside the target, is flushed, and is renamed over it (write-file-atomic).
 */
export async function saveTextAtomic(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text, { encoding: 'utf8', fsync: true })
}
