import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src/main/api/commands'
import { createDatasetFeature } from '../../../src/main/api/datasets'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { DatasetView, GradientCheckResult, Result } from '../../../src/shared/ipc'
import { createTestEnvironment, type TestEnvironment } from '../../helpers/app-env'
import { checkedEntriesFor, DEFAULT_CHECKED_ENTRIES, GRADCHECK_WORK_BUDGET } from '../../../src/main/training/config-gradcheck'

let env: TestEnvironment
let feature: ReturnType<typeof createDatasetFeature>
const call = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => dispatch(feature.handlers, channel, args) as Promise<Result<T>>
const value = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
  const r = await call<T>(channel, ...args)
  if (!r.ok) throw new Error(`${channel} failed: ${r.error}`)
  return r.value
}

beforeAll(async () => {
  env = await createTestEnvironment()
  feature = createDatasetFeature(env)
})
afterAll(() => env.cleanup())

describe('dataset commands (real dataset worker threads)', () => {
  it('opens a built-in example: summary, prepared shape and fingerprint, never the rows', async () => {
    const v = await value<DatasetView>('dataset:open-example', 'iris')
    expect(v.name).toBe('iris')
    expect(v.summary.rows).toBe(150)
    expect(v.summary.classCounts?.map((c) => c.count)).toEqual([50, 50, 50])
    expect(v.prepared).toMatchObject({ task: 'classification', inputs: 4, outputs: 3 })
    expect(v.prepared.rows.train + v.prepared.rows.validation + v.prepared.rows.test).toBe(150)
    expect(v.fingerprint.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(v.fingerprint.bytes).toBeGreaterThan(1000)
    expect(v.fingerprint.target).toBe(v.summary.target)
    // Plain JSON: it crosses IPC as it is.
    expect(JSON.parse(JSON.stringify(v))).toEqual(v)
    expect(JSON.stringify(v).length).toBeLessThan(50_000)
    const progress = env.eventsOf('dataset:progress').filter((p) => p.loadId === v.id)
    expect(progress.at(-1)).toMatchObject({ fraction: 1, rows: 150 })
  })

  it('opens a dropped CSV, re-prepares it with new roles, scaling and split, and re-summarises', async () => {
    const file = join(env.userDataDir, 'houses.csv')
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${50 + (i % 7) * 10},${i % 3 === 0 ? 'old' : 'new'},${100 + i * 3}`)
    await writeFile(file, `id,area,kind,price\n${rows.join('\n')}\n`)
    const v = await value<DatasetView>('dataset:open-dropped', file)
    expect(v.origin).toEqual({ kind: 'file', paths: [file] })
    expect(v.summary.columnInfo.map((c) => c.name)).toEqual(['id', 'area', 'kind', 'price'])
    expect(v.prepared.task).toBe('regression')
    const again = await value<DatasetView>('dataset:prepare', v.id, { target: 'kind', roles: { id: 'ignored' }, scaling: 'min-max', split: { train: 0.5, validation: 0.25, test: 0.25 }, seed: 3 })
    expect(again.id).toBe(v.id)
    expect(again.prepared.task).toBe('classification')
    expect(again.prepared.classLabels).toEqual(['new', 'old'])
    expect(again.summary.target).toBe('kind')
    expect(again.summary.columnInfo.find((c) => c.name === 'id')?.role).toBe('ignored')
    expect(again.prepared.rows).toEqual({ train: 30, validation: 15, test: 15 })
    expect(again.fingerprint).toMatchObject({ target: 'kind', splitSeed: 3, sha256: v.fingerprint.sha256 })
    // The run manager's id changes with each preparation, so old shared splits are never reused.
    expect(feature.store.get(v.id).runData.id).not.toBe('')
    const ids = new Set([feature.store.get(v.id).runData.id])
    await value('dataset:prepare', v.id, { target: 'price' })
    expect(ids.has(feature.store.get(v.id).runData.id)).toBe(false)
  })

  it('changes a column type: numbers become categories in the summary and the prepared inputs; a label that is not a number is refused and the preparation stays', async () => {
    const file = join(env.userDataDir, 'shops.csv')
    const rows = Array.from({ length: 40 }, (_, i) => `${[94103, 10001, 60601][i % 3]},${i % 4 === 0 ? 'small' : i % 4 === 1 ? '2' : 'large'},${10 + i}`)
    await writeFile(file, `zip,size,sales\n${rows.join('\n')}\n`)
    const v = await value<DatasetView>('dataset:open-dropped', file)
    expect(v.summary.columnInfo.find((c) => c.name === 'zip')).toMatchObject({ type: 'numeric', storage: 'numeric' })
    const inputsBefore = v.prepared.inputs
    const typed = await value<DatasetView>('dataset:prepare', v.id, { types: { zip: 'categorical' } })
    expect(typed.summary.columnInfo.find((c) => c.name === 'zip')).toMatchObject({ type: 'categorical', storage: 'categorical', distinct: 3 })
    expect(typed.prepared.featureNames.filter((n) => n.startsWith('zip='))).toEqual(['zip=10001', 'zip=60601', 'zip=94103'])
    expect(typed.prepared.inputs).toBe(inputsBefore + 2)
    expect(typed.options.types).toEqual({ zip: 'categorical' })
    const bad = await call('dataset:prepare', v.id, { types: { zip: 'categorical', size: 'numeric' } })
    expect(bad.ok ? '' : bad.error).toMatch(/shops\.csv, line 2, column "size": "small" is not a number/)
    const after = (await value<DatasetView[]>('dataset:list')).find((d) => d.id === v.id)!
    expect(after.prepared).toEqual(typed.prepared)
    expect((await call('dataset:prepare', v.id, { types: { nope: 'numeric' } })).ok).toBe(false)
    expect((await call('dataset:prepare', v.id, { types: { zip: 'text' } })).ok).toBe(false)
  })

  it('columns named like Object.prototype members ("constructor", "__proto__", …) load, take roles and types by name, and prepare', async () => {
    const names = Object.getOwnPropertyNames(Object.prototype).sort()
    const file = join(env.userDataDir, 'proto-names.csv')
    const rows = Array.from({ length: 40 }, (_, i) => [...names.map((n, j) => (n === 'valueOf' ? (i % 3) + 0.5 : ((i * 0.37 + j * 1.1) % 7.3).toFixed(3))), i % 2 ? 'yes' : 'no'].join(','))
    await writeFile(file, `${[...names, 'label'].join(',')}\n${rows.join('\n')}\n`)
    const v = await value<DatasetView>('dataset:open-dropped', file)
    expect(v.summary.columnInfo.map((c) => [c.name, c.role])).toEqual([...names.map((n) => [n, 'input']), ['label', 'target']])
    expect(v.prepared.inputs).toBe(names.length)
    // As the window sends them: JSON-shaped records whose own keys include "__proto__".
    const choices = JSON.parse('{"roles": {"__proto__": "ignored", "constructor": "ignored"}, "types": {"valueOf": "categorical"}}')
    const again = await value<DatasetView>('dataset:prepare', v.id, choices)
    const role = (n: string) => again.summary.columnInfo.find((c) => c.name === n)?.role
    expect(role('__proto__')).toBe('ignored')
    expect(role('constructor')).toBe('ignored')
    expect(role('toString')).toBe('input')
    expect(again.prepared.featureNames).not.toContain('__proto__')
    expect(again.prepared.featureNames.filter((f) => f.startsWith('valueOf='))).toHaveLength(3)
    expect(Object.keys(again.options.roles ?? {}).sort()).toEqual(['__proto__', 'constructor'])
    expect(again.fingerprint.roles['__proto__' as string]).toBe('ignored')
    expect(Object.hasOwn(again.fingerprint.roles, '__proto__')).toBe(true)
  })

  it('reading choices: a file opens with them, a loaded file is read again with others under the same id, an example has none', async () => {
    const file = join(env.userDataDir, 'export.csv')
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 5},5;${i % 4};${i % 2 ? 'caf\u00e9' : 'th\u00e9'}`)
    await writeFile(file, Buffer.from(`Exported 2026-12-01\nprice;qty;drink\n${rows.join('\n')}\n`, 'latin1'))
    const auto = await value<DatasetView>('dataset:open-dropped', file)
    expect(auto.summary.format).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',', skippedRows: 1 })
    expect(auto.summary.columnInfo.map((c) => c.name)).toEqual(['price', 'qty', 'drink'])
    expect(auto.origin).toEqual({ kind: 'file', paths: [file] })
    const again = await value<DatasetView>('dataset:reopen', auto.id, { skipRows: 2, header: false, decimal: ',' })
    expect(again.id).toBe(auto.id)
    expect(again.origin).toEqual({ kind: 'file', paths: [file], read: { skipRows: 2, header: false, decimal: ',' } })
    expect(again.summary.columnInfo.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3'])
    expect(again.summary.rows).toBe(30)
    expect((await value<DatasetView[]>('dataset:list')).filter((d) => d.id === auto.id)).toHaveLength(1)
    // UTF-8 forced on Windows-1252 bytes: refused, and the message points at the control that fixes it.
    const forced = await call('dataset:open-dropped', file, { encoding: 'utf-8' })
    expect(forced.ok ? '' : forced.error).toMatch(/export\.csv, line 3: invalid UTF-8 at byte 44 .*the Encoding control in the Data section/)
    const points = await call('dataset:reopen', auto.id, { skipRows: 1, decimal: '.' })
    expect(points.ok ? '' : points.error).toMatch(/export\.csv, line 3, column "price": "0,5" is not a number/)
    const example = await value<DatasetView>('dataset:open-example', 'xor')
    const noChoices = await call('dataset:reopen', example.id, { skipRows: 1 })
    expect(noChoices.ok ? '' : noChoices.error).toMatch(/built-in example; it has no reading choices/)
    const bad = await call('dataset:reopen', auto.id, { encoding: 'ebcdic' })
    expect(bad.ok).toBe(false)
  })

  it('a malformed CSV is refused with the file, line and column; the datasets already loaded stay', async () => {
    const before = (await value<DatasetView[]>('dataset:list')).map((d) => d.id)
    const file = join(env.userDataDir, 'bad.csv')
    await writeFile(file, 'a,b,c\n1,2,3\n4,"5\n')
    const r = await call('dataset:open-dropped', file)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/bad\.csv.*line 3/)
    expect((await value<DatasetView[]>('dataset:list')).map((d) => d.id)).toEqual(before)
  })

  it('a missing file and an unknown column are refused with messages that name them', async () => {
    const r = await call('dataset:open-dropped', join(env.userDataDir, 'nope.csv'))
    expect(r.ok ? '' : r.error).toMatch(/nope\.csv/)
    const [first] = await value<DatasetView[]>('dataset:list')
    const p = await call('dataset:prepare', first.id, { target: 'no-such-column' })
    expect(p.ok ? '' : p.error).toMatch(/no-such-column/)
  })

  it('the open dialog: cancel gives null, two IDX files are paired as images + labels', async () => {
    env.dialogAnswers.open = null
    expect(await value('dataset:open-dialog', 'csv')).toBeNull()
    const dir = new URL('../../../resources/examples/mnist-sample/', import.meta.url).pathname
    const { readdir } = await import('node:fs/promises')
    const files = (await readdir(dir)).filter((f) => f.startsWith('t10k')).map((f) => join(dir, f))
    expect(files).toHaveLength(2)
    env.dialogAnswers.open = [...files].sort().reverse() // labels file first: the order must not matter
    const v = await value<DatasetView>('dataset:open-dialog', 'mnist')
    expect(v.summary.kind).toBe('image')
    expect(v.summary.image?.samples.length).toBeGreaterThan(0)
    expect(v.prepared).toMatchObject({ inputs: 784, outputs: 10 })
  })

  it('MNIST from the buttons: the four standard files picked together, a training file alone, a folder — each gives training and test sets', async () => {
    const { copyFile, mkdir, readdir } = await import('node:fs/promises')
    const sample = new URL('../../../resources/examples/mnist-sample/', import.meta.url).pathname
    const dir = join(env.userDataDir, 'mnist-four')
    await mkdir(dir, { recursive: true })
    // The sample's four standard files (6,000 training and 1,000 test digits).
    for (const f of await readdir(sample)) await copyFile(join(sample, f), join(dir, f))
    const four = (await readdir(dir)).map((f) => join(dir, f))
    expect(four).toHaveLength(4)
    env.dialogAnswers.open = four
    const v = await value<DatasetView>('dataset:open-dialog', 'mnist')
    expect(v.summary.kind).toBe('image')
    expect(v.summary.rows).toBe(6000)
    expect(v.summary.image?.testRows).toBe(1000)
    expect(v.prepared.rows.test).toBe(1000)
    env.dialogAnswers.open = [join(dir, four.map((f) => f.slice(dir.length + 1)).find((f) => f.startsWith('train-images'))!)]
    const alone = await value<DatasetView>('dataset:open-dialog', 'mnist')
    expect(alone.summary.image?.testRows).toBe(1000)
    expect(alone.summary.warnings.join(' ')).toMatch(/The test set is t10k-images-idx3-ubyte\.gz with t10k-labels-idx1-ubyte\.gz, found beside train-images/)
    env.dialogAnswers.open = [dir]
    const folder = await value<DatasetView>('dataset:open-dialog', 'folder')
    expect(folder.summary.image?.testRows).toBe(1000)
    env.dialogAnswers.open = [join(dir, 'train-images-idx3-ubyte.gz'), join(sample, 't10k-labels-idx1-ubyte.gz')]
    const apart = await call('dataset:open-dialog', 'mnist')
    expect(apart.ok ? '' : apart.error).toMatch(/in 2 different folders; pick files of one folder, or the folder itself/)
  })

  it('wrong shapes are refused before any handler runs, naming the argument', async () => {
    const cases: Array<[string, unknown[], RegExp]> = [
      ['dataset:open-example', ['not-an-example'], /argument 1/],
      ['dataset:open-dropped', ['relative/path.csv'], /absolute path/],
      ['dataset:open-dropped', [42], /argument 1/],
      ['dataset:prepare', ['ds-1', { scaling: 'cubic' }], /scaling/],
      ['dataset:prepare', ['ds-1', { split: { train: 0, validation: 1, test: 0 } }], /training share/],
      ['dataset:close', [], /at least 1 item, got 0/],
      ['gradcheck:run', [{ datasetId: 'ds-1', config: { model: {} } }], /config/],
    ]
    for (const [channel, args, pattern] of cases) {
      const r = await call(channel, ...args)
      expect(r.ok, channel).toBe(false)
      if (!r.ok) expect(r.error, channel).toMatch(pattern)
    }
    expect((await call('dataset:prepare', 'ds-999', {})).ok).toBe(false)
  })

  it('the gradient check runs on the dataset per layer and passes for a valid config', async () => {
    const iris = (await value<DatasetView[]>('dataset:list')).find((d) => d.name === 'iris')!
    const config = { ...DEFAULT_EXPERIMENT, model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 5, activation: 'tanh' as const }], output: 'softmax' as const, loss: 'cross-entropy' as const, lambda: 0.1 } }
    const r = await value<GradientCheckResult>('gradcheck:run', { datasetId: iris.id, config, rows: 6 })
    expect(r.layers).toHaveLength(2)
    expect(r.pass).toBe(true)
    expect(r.maxRelError).toBeLessThan(1e-6)
    const bad = await call('gradcheck:run', { datasetId: iris.id, config: { ...config, model: { ...config.model, output: 'sigmoid', loss: 'cross-entropy' } } })
    expect(bad.ok ? '' : bad.error).toMatch(/cross-entropy/)
  })

  it('the gradient check refuses a network too large to allocate, and bounds its work on big ones', async () => {
    const iris = (await value<DatasetView[]>('dataset:list')).find((d) => d.name === 'iris')!
    const huge = { ...DEFAULT_EXPERIMENT, model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 100_000, activation: 'relu' as const }, { units: 100_000, activation: 'relu' as const }] } }
    const r = await call('gradcheck:run', { datasetId: iris.id, config: huge })
    expect(r.ok ? '' : r.error).toMatch(/4-100000-100000-3 has \d+ parameters; at most 20000000/)
    // MNIST-sized: the full default; a 5M-parameter network: few entries per tensor, never none.
    expect(checkedEntriesFor([784, 128, 10], 8)).toBe(DEFAULT_CHECKED_ENTRIES)
    const big = checkedEntriesFor([784, 4096, 1024, 10], 8)
    expect(big).toBeGreaterThanOrEqual(1)
    expect(big).toBeLessThan(20)
    expect(2 * 8 * 7_420_938 * 6 * big).toBeLessThanOrEqual(GRADCHECK_WORK_BUDGET)
    expect(checkedEntriesFor([784, 100_000, 100_000, 10], 64)).toBe(1)
  })

  it('opening the same unchanged file (or example) again gives the dataset already loaded; a changed file loads anew; close releases it', async () => {
    const file = join(env.userDataDir, 'twice.csv')
    await writeFile(file, `a,b\n${Array.from({ length: 20 }, (_, i) => `${i + 0.5},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`)
    const first = await value<DatasetView>('dataset:open-dropped', file)
    const count = (await value<DatasetView[]>('dataset:list')).length
    const again = await value<DatasetView>('dataset:open-dropped', file)
    expect(again.id).toBe(first.id)
    expect((await value<DatasetView[]>('dataset:list')).length).toBe(count)
    const ex1 = await value<DatasetView>('dataset:open-example', 'circles')
    expect((await value<DatasetView>('dataset:open-example', 'circles')).id).toBe(ex1.id)
    // Read another way, or changed on disk: a new load.
    expect((await value<DatasetView>('dataset:open-dropped', file, { delimiter: ',' })).id).not.toBe(first.id)
    await writeFile(file, `a,b\n${Array.from({ length: 21 }, (_, i) => `${i + 0.5},${i % 2 ? 'x' : 'y'}`).join('\n')}\n`)
    const changed = await value<DatasetView>('dataset:open-dropped', file)
    expect(changed.id).not.toBe(first.id)
    expect(changed.summary.rows).toBe(21)
    const retired: string[] = []
    feature.store.onRetire((runDataId) => retired.push(runDataId))
    const runDataId = feature.store.get(changed.id).runData.id
    expect(await value('dataset:close', changed.id)).toBe(true)
    expect(retired).toContain(runDataId)
    expect((await value<DatasetView[]>('dataset:list')).some((d) => d.id === changed.id)).toBe(false)
    // Closed: opening it again loads it again.
    expect((await value<DatasetView>('dataset:open-dropped', file)).id).not.toBe(changed.id)
  })

  it('close forgets a dataset', async () => {
    const [first] = await value<DatasetView[]>('dataset:list')
    expect(await value('dataset:close', first.id)).toBe(true)
    expect(await value('dataset:close', first.id)).toBe(false)
    expect((await call('dataset:prepare', first.id, {})).ok).toBe(false)
  })
})
