/**
 * A dataset worker has a heap limit: a file whose text outgrows it ends that worker with a message that says
 * what to do, and the next task runs in a fresh worker as usual.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATASET_WORKER_LIMITS, runDatasetTask } from '../../../src/main/api/datasets/worker-client'

const entry = new URL('../../../src/main/api/datasets/worker.ts', import.meta.url)
const resourcesDir = new URL('../../../resources', import.meta.url).pathname

describe('dataset worker limits', () => {
  it('has a default heap limit', () => {
    expect(DATASET_WORKER_LIMITS.maxOldGenerationSizeMb).toBeGreaterThanOrEqual(1024)
  })

  it('a file whose text outgrows the limit ends its worker with a message; the next load works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bps-limits-'))
    const file = join(dir, 'words.csv')
    // 400,000 distinct 60-character labels: some 60 MB of strings in the category dictionary.
    const rows = Array.from({ length: 400_000 }, (_, i) => `w${String(i).padStart(8, '0')}${'x'.repeat(50)},${i % 2}`)
    await writeFile(file, `word,label\n${rows.join('\n')}\n`)
    const task = { type: 'load' as const, origin: { kind: 'file' as const, paths: [file] }, resourcesDir, options: {} }
    const small = { maxOldGenerationSizeMb: 48 }
    // The limit leaves room for an ordinary file, so what ends the worker below is the file's text.
    const iris = { type: 'load' as const, origin: { kind: 'example' as const, name: 'iris' as const }, resourcesDir, options: {} }
    expect((await runDatasetTask(entry, iris, 'loaded', undefined, small)).summary.rows).toBe(150)
    await expect(runDatasetTask(entry, task, 'loaded', undefined, small)).rejects.toThrow(/needed more memory than the reader may use \(48 MB/)
    const ok = await runDatasetTask(entry, iris, 'loaded')
    expect(ok.summary.rows).toBe(150)
  }, 120_000)
})
