import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_EXPERIMENT } from '../../../../src/shared/config'
import { historyView } from '../../../../src/main/api/runs/run-record'
import { createRunStore, type RunRecord } from '../../../../src/main/training/run-store'

const dirs: string[] = []
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

const record = (id: string): RunRecord => ({
  version: 1, id, label: id, groupId: null, datasetId: null, dataset: null, config: DEFAULT_EXPERIMENT,
  status: 'completed', message: null, backend: 'ts-f32', threads: 1, parameterCount: 9, warnings: [],
  queuedAt: 1, startedAt: 2, endedAt: 3, task: 'classification', inputs: 2, outputs: 2,
  featureNames: ['x1', 'x2'], classLabels: ['0', '1'], testMetrics: null, confusion: null, seconds: 1, hasModel: false,
})

describe('run.json: trainRows for the samples-seen axis of past runs', () => {
  it('is read back from run.json into the past run’s view; a run.json written before it existed reads as null', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bps-run-record-'))
    dirs.push(root)
    const store = createRunStore(root, { appendDelayMs: 0 })
    await store.saveRecord({ ...record('new-run'), trainRows: 280 })
    // An old run.json, exactly as the previous version wrote it: no trainRows key at all.
    await mkdir(join(root, 'old-run'))
    await writeFile(join(root, 'old-run', 'run.json'), JSON.stringify(record('old-run')))
    const warnings: string[] = []
    const history = await createRunStore(root, { warn: (m) => warnings.push(m) }).loadHistory()
    expect(warnings).toEqual([])
    const views = new Map(history.map((h) => [h.record.id, historyView(h, null)]))
    expect(views.get('new-run')?.trainRows).toBe(280)
    expect(views.get('old-run')?.trainRows).toBeNull()
  })

  it('refuses a run.json whose trainRows is not a row count, naming the run folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'bps-run-record-'))
    dirs.push(root)
    await mkdir(join(root, 'bad-run'))
    await writeFile(join(root, 'bad-run', 'run.json'), JSON.stringify({ ...record('bad-run'), trainRows: -3 }))
    const warnings: string[] = []
    const history = await createRunStore(root, { warn: (m) => warnings.push(m) }).loadHistory()
    expect(history).toEqual([])
    expect(warnings.join('\n')).toContain('bad-run')
  })
})

describe('sameData: which loaded dataset a past run trained on', () => {
  const base = { name: 'a.csv', bytes: 10, sha256: 'f'.repeat(64), target: 'y', roles: { x: 'input' as const, y: 'target' as const }, splitSeed: 1 }
  it('matches the same data, split and types; an older record without split still matches on the rest', async () => {
    const { sameData } = await import('../../../../src/main/api/runs/run-record')
    const now = { ...base, split: { train: 0.7, validation: 0.15, test: 0.15 }, types: {} }
    expect(sameData(now, { ...now, roles: { y: 'target', x: 'input' } })).toBe(true)
    expect(sameData(base, now)).toBe(true)
    // Other shares pick other test rows; another type reads the column otherwise.
    expect(sameData(now, { ...now, split: { train: 0.5, validation: 0.25, test: 0.25 } })).toBe(false)
    expect(sameData(now, { ...now, types: { x: 'categorical' } })).toBe(false)
    expect(sameData(now, { ...now, splitSeed: 2 })).toBe(false)
    expect(sameData(now, null)).toBe(false)
  })
})
