import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DamagedRunView, RunEpochs, RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { example, harness, small, untilEnded, type Harness } from './fixtures'

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
  vi.restoreAllMocks()
})

describe('a run whose run.json is damaged', () => {
  it('is listed as damaged with its metrics and model file, which export; it can be deleted', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const a = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'cut short' })
    const b = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'bad model too' })
    await untilEnded(h, a.id)
    await untilEnded(h, b.id)
    await h.restart() // writes everything, then a new session reads the folder
    const runJson = join(h.dir, 'runs', a.id, 'run.json')
    await writeFile(runJson, (await readFile(runJson, 'utf8')).slice(0, 300))
    await writeFile(join(h.dir, 'runs', b.id, 'run.json'), 'garbage')
    await writeFile(join(h.dir, 'runs', b.id, 'model.json'), '{"format": "backprop-studio-model", "vers')
    await h.restart()

    const listed = await h.ok<RunView[]>('run:list')
    expect(listed.map((r) => r.id)).not.toContain(a.id)
    const damaged = await h.ok<DamagedRunView[]>('run:damaged')
    const da = damaged.find((x) => x.id === a.id)!
    const db = damaged.find((x) => x.id === b.id)!
    expect(da).toMatchObject({ problem: expect.stringMatching(/run\.json is not valid JSON \(300 characters; it may be cut short\)/), epochCount: 5, modelFile: 'model.json', modelProblem: null })
    expect(da.lastMetrics?.loss).toBeGreaterThan(0)
    expect(da.folder).toBe(join(h.dir, 'runs', a.id))
    // Its model.json is cut short too: its best checkpoint is offered instead, and the reason given.
    expect(db.modelFile).toBe('best.json')
    expect(db.modelProblem).toMatch(/model\.json.*not valid JSON/)

    const epochs = await h.ok<RunEpochs>('run:epochs', a.id)
    expect(epochs.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5])
    const out = join(h.dir, 'saved.model.json')
    h.saveAnswers.push(out)
    expect(await h.ok('export:model', a.id)).toBe(out)
    expect(loadModelFile(await readFile(out, 'utf8')).params.sizes[1]).toBe(6)

    expect(await h.ok('run:delete', a.id)).toBe(true)
    await expect(stat(join(h.dir, 'runs', a.id))).rejects.toThrow(/ENOENT/)
    expect(h.eventsOf('run:deleted')).toContainEqual({ runId: a.id })
    expect((await h.ok<DamagedRunView[]>('run:damaged')).map((x) => x.id)).toEqual([b.id])
  })
})
