import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { loadModelFile } from '../../../src/main/engine/model-file-io'
import { createRunStore } from '../../../src/main/training/run-store'

const WRITER = fileURLToPath(new URL('../../helpers/run-store-writer.ts', import.meta.url))
const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

/** Starts the writer, lets it write for `ms` after its first epoch, then SIGKILLs it. */
async function writeThenKill(root: string, runId: string, ms: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root, runId], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve())
    child.once('exit', (code) => reject(new Error(`writer exited early (code ${code})`)))
  })
  await new Promise((r) => setTimeout(r, ms))
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
}

describe('run store: a kill in the middle of writing', () => {
  it('leaves the last good state readable, every time', { timeout: 60000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'run-store-kill-'))
    dirs.push(root)
    const ids = Array.from({ length: 8 }, (_, i) => `kill-${i + 1}`)
    for (const id of ids) await writeThenKill(root, id, 30 + Math.floor(Math.random() * 400))

    const warnings: string[] = []
    const store = createRunStore(root, { warn: (m) => warnings.push(m) })
    const history = await store.loadHistory()
    expect(history.map((h) => h.record.id).sort()).toEqual(ids)
    for (const h of history) {
      const id = h.record.id
      expect(h.record.status).toBe('interrupted') // it said 'running' when killed
      const epochs = await store.readEpochs(id)
      expect(epochs.length).toBeGreaterThanOrEqual(1)
      expect(epochs.map((e) => e.epoch)).toEqual(epochs.map((_, i) => i + 1))
      expect(h.epochCount).toBe(epochs.length)
      // Files are written in order metrics → best → model → run.json, so each is the epoch's or the one before.
      const n = epochs.length
      const best = loadModelFile((await store.readCheckpoint(id))!, `${id}/best.json`)
      const model = loadModelFile((await store.readModel(id))!, `${id}/model.json`)
      expect(best.summary.epochs).toBeGreaterThanOrEqual(n - 1)
      expect(best.summary.epochs).toBeLessThanOrEqual(n)
      expect(model.summary.epochs).toBeGreaterThanOrEqual(n - 1)
      expect(model.summary.epochs).toBeLessThanOrEqual(best.summary.epochs)
      expect(model.params.W[0][0]).toBe(model.summary.epochs)
      // Temp files of write-file-atomic stay behind after a kill (<file>.<n>): the scan removed them, never the real files.
      const files = await readdir(join(root, id))
      for (const f of ['run.json', 'metrics.jsonl', 'best.json', 'model.json']) expect(files).toContain(f)
      expect(files.filter((f) => /\.\d+$/.test(f))).toEqual([])
    }
    // Re-reading finds them interrupted already (rewritten), and nothing was a middle-of-file corruption.
    const again = await createRunStore(root, { warn: (m) => warnings.push(m) }).loadHistory()
    expect(again.every((h) => h.record.status === 'interrupted')).toBe(true)
    // The only thing said is which temporary files were removed.
    expect(warnings.filter((w) => !/removed \d+ temporary files? left by an interrupted write/.test(w))).toEqual([])
  })
})
