import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { createRunStore, type RunRecord } from '../../../src/main/training/run-store'
import { parseEpochLines } from '../../../src/main/training/run-store-format'

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})
async function tempRoot(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'run-store-'))
  dirs.push(d)
  return join(d, 'runs')
}

function record(id: string, status: RunRecord['status'], queuedAt = Date.now()): RunRecord {
  return {
    version: 1, id, label: id, groupId: null, datasetId: 'ds-1', dataset: null, config: DEFAULT_EXPERIMENT, status, message: null,
    backend: 'ts-f32', threads: 1, parameterCount: 10, warnings: [], queuedAt, startedAt: queuedAt, endedAt: null,
    task: 'classification', inputs: 2, outputs: 2, featureNames: ['x1', 'x2'], classLabels: ['a', 'b'], testMetrics: null,
    confusion: null, seconds: null, hasModel: false,
  }
}
const epoch = (n: number, best = false) => ({ type: 'epoch' as const, epoch: n, metrics: { loss: 1 / n, val_loss: 2 / n }, samplesPerSecond: 100, elapsedSeconds: n, etaSeconds: NaN, best })

describe('run store', () => {
  it('round-trips a run: record, epochs (batched appends), model and checkpoint', async () => {
    const root = await tempRoot()
    const store = createRunStore(root, { appendDelayMs: 5 })
    await store.saveRecord(record('r1', 'completed', 1))
    for (let i = 1; i <= 5; i++) store.appendEpoch('r1', epoch(i, i === 3))
    await store.saveModel('r1', 'model text')
    await store.saveCheckpoint('r1', 'best text')
    await store.flush()
    const text = await readFile(join(root, 'r1', 'metrics.jsonl'), 'utf8')
    expect(text.trim().split('\n')).toHaveLength(5)

    const history = await createRunStore(root).loadHistory()
    expect(history).toHaveLength(1)
    expect(history[0].record.status).toBe('completed')
    expect(history[0].epochCount).toBe(5)
    expect(history[0].bestEpoch).toBe(3)
    expect(history[0].best!.metrics['loss']).toBeCloseTo(1 / 3)
    expect(history[0].last!.epoch).toBe(5)
    expect(history[0].hasCheckpoint).toBe(true)
    const epochs = await store.readEpochs('r1')
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5])
    expect(Number.isNaN(epochs[0].etaSeconds)).toBe(true) // NaN → null on disk → NaN again
    expect(await store.readModel('r1')).toBe('model text')
    expect(await store.readCheckpoint('r1')).toBe('best text')
    expect(await store.readModel('nope')).toBeNull()
  })

  it('marks unfinished runs interrupted (and rewrites them so); keeps a corrupt run.json out of the history with a warning', async () => {
    const root = await tempRoot()
    const store = createRunStore(root)
    await store.saveRecord(record('a-running', 'running', 1))
    await store.saveRecord(record('b-paused', 'paused', 2))
    await store.saveRecord(record('c-done', 'completed', 3))
    await mkdir(join(root, 'd-corrupt'))
    await writeFile(join(root, 'd-corrupt', 'run.json'), '{"version": 1, "id": "d-corr')
    await mkdir(join(root, 'e-wrong'))
    await writeFile(join(root, 'e-wrong', 'run.json'), JSON.stringify({ ...record('e-wrong', 'completed'), inputs: -1 }))
    await mkdir(join(root, 'f-empty'))
    // JSON writes a NaN metric as null: the run is kept, the metric dropped.
    await mkdir(join(root, 'g-nan'))
    await writeFile(join(root, 'g-nan', 'run.json'), JSON.stringify({ ...record('g-nan', 'completed', 4), testMetrics: { test_accuracy: 0.5, test_cross_entropy: NaN } }))
    const warnings: string[] = []
    const history = await createRunStore(root, { warn: (m) => warnings.push(m) }).loadHistory()
    expect(history.map((h) => [h.record.id, h.record.status])).toEqual([
      ['a-running', 'interrupted'],
      ['b-paused', 'interrupted'],
      ['c-done', 'completed'],
      ['g-nan', 'completed'],
    ])
    expect(history[3].record.testMetrics).toEqual({ test_accuracy: 0.5 })
    expect(history[0].record.message).toMatch(/closed or stopped/)
    expect(history[0].hasCheckpoint).toBe(false)
    expect(warnings).toHaveLength(3)
    expect(warnings[0]).toMatch(/d-corrupt is damaged: run.json is not valid JSON/)
    expect(warnings[1]).toMatch(/e-wrong is damaged: run.json inputs/)
    expect(warnings[2]).toMatch(/f-empty is damaged: run.json is missing/)
    const onDisk = JSON.parse(await readFile(join(root, 'a-running', 'run.json'), 'utf8')) as RunRecord
    expect(onDisk.status).toBe('interrupted')
  })

  it('lists runs with a truncated, garbage, empty or missing run.json as damaged, with their metrics and model files', async () => {
    const root = await tempRoot()
    const store = createRunStore(root, { appendDelayMs: 1 })
    for (const id of ['cut', 'garbage', 'empty', 'missing', 'other']) {
      await store.saveRecord(record(id, 'completed'))
      for (let i = 1; i <= 3; i++) store.appendEpoch(id, epoch(i, i === 2))
    }
    await store.saveCheckpoint('cut', 'best text')
    await store.saveModel('garbage', 'model text')
    await store.saveRecord(record('fine', 'completed'))
    await store.flush()
    const full = await readFile(join(root, 'cut', 'run.json'), 'utf8')
    await writeFile(join(root, 'cut', 'run.json'), full.slice(0, 200)) // a kill mid-write without atomic rename
    await writeFile(join(root, 'garbage', 'run.json'), Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x7b]))
    await writeFile(join(root, 'empty', 'run.json'), '')
    await rm(join(root, 'missing', 'run.json'))
    await writeFile(join(root, 'other', 'run.json'), JSON.stringify(record('someone-else', 'completed')))
    const warnings: string[] = []
    const { runs, damaged } = await createRunStore(root, { warn: (m) => warnings.push(m) }).scan()
    expect(runs.map((r) => r.record.id)).toEqual(['fine'])
    expect(damaged.map((d) => [d.id, d.epochCount, d.best?.epoch, d.last?.epoch, d.hasModel, d.hasCheckpoint])).toEqual([
      ['cut', 3, 2, 3, false, true],
      ['empty', 3, 2, 3, false, false],
      ['garbage', 3, 2, 3, true, false],
      ['missing', 3, 2, 3, false, false],
      ['other', 3, 2, 3, false, false],
    ])
    const problem = Object.fromEntries(damaged.map((d) => [d.id, d.problem]))
    expect(problem['cut']).toMatch(/^run.json is not valid JSON \(200 characters; it may be cut short\)$/)
    expect(problem['garbage']).toMatch(/^run.json is not valid JSON/)
    expect(problem['empty']).toBe('run.json is empty')
    expect(problem['missing']).toBe('run.json is missing')
    expect(problem['other']).toBe('run.json names run someone-else')
    expect(damaged[0].folder).toBe(join(root, 'cut'))
    expect(warnings.filter((w) => /is damaged/.test(w))).toHaveLength(5)
    // A damaged run can be deleted like any other.
    await store.remove('cut')
    expect((await store.scan()).damaged.map((d) => d.id)).not.toContain('cut')
  })

  it('removes the temporary files a kill mid-write leaves beside the targets (write-file-atomic: <file>.<n>) at the next scan', async () => {
    const root = await tempRoot()
    const store = createRunStore(root)
    await store.saveRecord(record('r1', 'completed', 1))
    await store.saveModel('r1', 'model text')
    await store.flush()
    const folder = join(root, 'r1')
    const leftovers = ['model.json.3141592653', 'best.json.27', 'run.json.4294967295']
    for (const name of leftovers) await writeFile(join(folder, name), 'x'.repeat(1000))
    // Files that only look alike stay: the user's or another tool's.
    const kept = ['model.json.bak', 'notes.txt', 'model.json.12.tmp']
    for (const name of kept) await writeFile(join(folder, name), 'keep')
    const warnings: string[] = []
    const { runs } = await createRunStore(root, { warn: (m) => warnings.push(m) }).scan()
    expect(runs.map((r) => r.record.id)).toEqual(['r1'])
    const after = (await readdir(folder)).sort()
    expect(after).toEqual(['model.json', 'run.json', ...kept].sort())
    expect(warnings).toEqual([expect.stringMatching(/run r1: removed 3 temporary files left by an interrupted write/)])
    expect(await store.readModel('r1')).toBe('model text')
  })

  it('reads metrics.jsonl with a torn last line, and warns about a bad line in the middle', () => {
    const good = (n: number) => JSON.stringify(epoch(n))
    const warnings: string[] = []
    expect(parseEpochLines(`${good(1)}\n${good(2)}\n{"type":"epoch","epo`, (m) => warnings.push(m)).map((e) => e.epoch)).toEqual([1, 2])
    expect(warnings).toEqual([])
    expect(parseEpochLines(`${good(1)}\n{"type":"ep\n${good(3)}\n`, (m) => warnings.push(m)).map((e) => e.epoch)).toEqual([1, 3])
    expect(warnings).toEqual(['line 2 is not valid JSON; skipped'])
    // A metric that was non-finite is written as null by JSON: it is dropped, never read as a number.
    const [e] = parseEpochLines('{"type":"epoch","epoch":1,"metrics":{"loss":null,"accuracy":0.5},"samplesPerSecond":1,"elapsedSeconds":1,"etaSeconds":null,"best":false}\n')
    expect(e.metrics).toEqual({ accuracy: 0.5 })
  })

  it('removes a run folder after its pending writes, and drops writes that come later', async () => {
    const root = await tempRoot()
    const store = createRunStore(root, { appendDelayMs: 1000 })
    void store.saveRecord(record('gone', 'running'))
    store.appendEpoch('gone', epoch(1))
    await store.remove('gone')
    await expect(stat(join(root, 'gone'))).rejects.toThrow(/ENOENT/)
    await store.saveRecord(record('gone', 'completed'))
    store.appendEpoch('gone', epoch(2))
    await store.flush()
    await expect(stat(join(root, 'gone'))).rejects.toThrow(/ENOENT/)
  })

  it('reports every write that does not reach the disk (root under a regular file: ENOTDIR) and says which file', async () => {
    const root = await tempRoot()
    await mkdir(join(root, '..'), { recursive: true })
    await writeFile(root, 'not a folder') // tests run as root: chmod would not stop the writes
    const failures: { runId: string; file: string; folder: string; reason: string }[] = []
    const store = createRunStore(root, { appendDelayMs: 1, warn: () => {}, onWriteError: (f) => failures.push(f) })
    expect(await store.saveRecord(record('r1', 'completed'))).toBe(false)
    expect(await store.saveModel('r1', 'model text')).toBe(false)
    expect(await store.saveCheckpoint('r1', 'best text')).toBe(false)
    store.appendEpoch('r1', epoch(1))
    await store.flush()
    expect(failures.map((f) => f.file)).toEqual(['run.json', 'model.json', 'best.json', 'metrics.jsonl'])
    expect(failures.every((f) => f.runId === 'r1' && f.folder === join(root, 'r1') && /ENOTDIR/.test(f.reason))).toBe(true)
    // A write that works still says so.
    const ok = createRunStore(await tempRoot())
    expect(await ok.saveModel('r2', 'model text')).toBe(true)
  })

  it('refuses run ids that could leave its folder', async () => {
    const store = createRunStore(await tempRoot())
    expect(() => store.appendEpoch('../x', epoch(1))).toThrow(/Invalid run id/)
    await expect(store.remove('a/b')).rejects.toThrow(/Invalid run id/)
  })
})
