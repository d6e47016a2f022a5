import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppApi, type AppApi } from '../../../src/main/api'
import { dispatch } from '../../../src/main/api/commands'
import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../../../src/shared/config'
import type { DatasetView, Evaluation, ModelView, Result, RunView } from '../../../src/shared/ipc'
import { createTestEnvironment, type TestEnvironment } from '../../helpers/app-env'

/** The whole app API on a test environment: a dataset opened, a run trained, then exported to other formats. */

let env: TestEnvironment
let api: AppApi
const call = <T>(channel: string, ...args: unknown[]): Promise<Result<T>> => dispatch(api.handlers, channel, args) as Promise<Result<T>>
const value = async <T>(channel: string, ...args: unknown[]): Promise<T> => {
  const r = await call<T>(channel, ...args)
  if (!r.ok) throw new Error(`${channel} failed: ${r.error}`)
  return r.value
}

let iris: DatasetView
let run: RunView

beforeAll(async () => {
  env = await createTestEnvironment()
  api = await createAppApi(env, () => ({ name: 'Backprop Studio', version: 'test', electron: '', chrome: '', node: '', platform: '', cores: 2 }))
  iris = await value<DatasetView>('dataset:open-example', 'iris')
  const config: ExperimentConfig = {
    ...DEFAULT_EXPERIMENT,
    model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 8, activation: 'tanh' }], output: 'softmax', loss: 'cross-entropy', lambda: 0.001 },
    optimizer: { kind: 'sgd', learningRate: 0.1 },
    training: { ...DEFAULT_EXPERIMENT.training, epochs: 30, batchSize: 16, earlyStopping: null },
  }
  run = await value<RunView>('run:start', { datasetId: iris.id, config })
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const v = (await value<RunView[]>('run:list')).find((r) => r.id === run.id)
    if (v && ['completed', 'early-stopped', 'stopped', 'failed', 'diverged'].includes(v.status)) {
      run = v
      break
    }
    await new Promise((r) => setTimeout(r, 100))
  }
})
afterAll(async () => {
  await api?.dispose()
  await env?.cleanup()
})

describe('export to other formats through the app API', () => {
  it('the run trained and has a model', () => {
    expect(run.status).toBe('completed')
    expect(run.hasModel).toBe(true)
  })

  it('export:onnx writes an ONNX file where the dialog says (null when cancelled)', async () => {
    env.dialogAnswers.save = null
    expect(await value('export:onnx', run.id)).toBeNull()
    const path = join(env.userDataDir, 'iris.onnx')
    env.dialogAnswers.save = path
    expect(await value('export:onnx', run.id)).toBe(path)
    const bytes = await readFile(path)
    expect(bytes.length).toBeGreaterThan(100)
    // An ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    expect(bytes[0]).toBe(0x08)
    expect(bytes.includes(Buffer.from('Gemm'))).toBe(true)
  })

  it('export:tfjs writes model.json + weights.bin; model:import-tfjs reads them back and evaluates like the run', async () => {
    const folder = join(env.userDataDir, 'iris-tfjs')
    env.dialogAnswers.save = folder
    expect(await value('export:tfjs', run.id)).toBe(folder)
    const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8'))
    expect(json.format).toBe('layers-model')
    expect((await stat(join(folder, 'weights.bin'))).size).toBe((4 * 8 + 8 + 8 * 3 + 3) * 4)
    env.dialogAnswers.open = [join(folder, 'model.json')]
    const m = await value<ModelView>('model:import-tfjs')
    expect(m).toMatchObject({ inputs: 4, outputs: 3, task: 'classification' })
    const fromRun = await value<Evaluation>('run:evaluate', run.id, iris.id)
    const fromImport = await value<Evaluation>('model:evaluate', m.id, iris.id)
    expect(fromImport.metrics['accuracy']).toBeCloseTo(fromRun.metrics['accuracy'], 10)
    expect(fromImport.classification?.confusion).toEqual(fromRun.classification?.confusion)
  })

  it('export:tfjs refuses a folder that already holds files (the user’s model.json stays as it was), and a file', async () => {
    const folder = join(env.userDataDir, 'users-own-model')
    await mkdir(folder, { recursive: true })
    await writeFile(join(folder, 'model.json'), 'the user\'s model.json')
    await writeFile(join(folder, 'weights.bin'), 'the user\'s weights')
    env.dialogAnswers.save = folder
    const r = await call('export:tfjs', run.id)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toBe(`The folder ${folder} already holds 2 items (model.json, weights.bin); nothing was written. A TensorFlow.js export writes model.json and weights.bin, so it goes into a new or empty folder: choose another name.`)
    expect(await readFile(join(folder, 'model.json'), 'utf8')).toBe('the user\'s model.json')
    expect(await readFile(join(folder, 'weights.bin'), 'utf8')).toBe('the user\'s weights')
    const file = join(env.userDataDir, 'a-file')
    await writeFile(file, 'x')
    env.dialogAnswers.save = file
    const f = await call('export:tfjs', run.id)
    expect(!f.ok && f.error).toMatch(/a-file is a file, not a folder/)
    // An empty folder is fine.
    const empty = join(env.userDataDir, 'empty-tfjs')
    await mkdir(empty)
    env.dialogAnswers.save = empty
    expect(await value('export:tfjs', run.id)).toBe(empty)
  })

  it('model:import-tfjs refuses a manifest that points outside its folder, and a non-Dense layer by name', async () => {
    const folder = join(env.userDataDir, 'evil')
    await mkdir(folder, { recursive: true })
    const good = JSON.parse(await readFile(join(env.userDataDir, 'iris-tfjs', 'model.json'), 'utf8'))
    await writeFile(join(folder, 'model.json'), JSON.stringify({ ...good, weightsManifest: [{ ...good.weightsManifest[0], paths: ['../../etc/passwd'] }] }))
    env.dialogAnswers.open = [join(folder, 'model.json')]
    const r = await call('model:import-tfjs')
    expect(r.ok ? '' : r.error).toMatch(/only files in the same folder/)
    // paths as a string instead of a list: refused naming the field, not read letter by letter.
    await writeFile(join(folder, 'model.json'), JSON.stringify({ ...good, weightsManifest: [{ ...good.weightsManifest[0], paths: 'weights.bin' }] }))
    const p = await call('model:import-tfjs')
    expect(p.ok ? '' : p.error).toMatch(/weightsManifest\[0\]\.paths/)
    const conv = structuredClone(good)
    const topology = conv.modelTopology.model_config ?? conv.modelTopology
    topology.config.layers[0].class_name = 'Conv2D'
    await writeFile(join(folder, 'weights.bin'), await readFile(join(env.userDataDir, 'iris-tfjs', 'weights.bin')))
    await writeFile(join(folder, 'model.json'), JSON.stringify(conv))
    const c = await call('model:import-tfjs')
    expect(c.ok ? '' : c.error).toMatch(/Conv2D/)
  })

  it('export:predictions writes one line per row of the dataset with the predicted class', async () => {
    const path = join(env.userDataDir, 'pred.csv')
    env.dialogAnswers.save = path
    expect(await value('export:predictions', run.id, iris.id)).toBe(path)
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(151)
    expect(lines[0]).toMatch(/^row,predicted_/)
    expect(lines.slice(1).every((l) => /^\d+,(setosa|versicolor|virginica|Iris-\w+),/.test(l))).toBe(true)
  })

  it('export:metrics in the TensorBoard form', async () => {
    const path = join(env.userDataDir, 'scalars.csv')
    env.dialogAnswers.save = path
    expect(await value('export:metrics', [run.id], 'tensorboard')).toBe(path)
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('run,step,tag,value')
    expect(lines.some((l) => l.startsWith(`${run.id}/validation,30,epoch_accuracy,`) || l.includes('/validation,30,epoch_accuracy,'))).toBe(true)
  })

  it('a model saved by TF.js itself (no config, no preprocessing) imports, fits data of its widths, evaluates and seeds a run', async () => {
    env.dialogAnswers.open = [new URL('../../fixtures/export/tfjs-dense/model.json', import.meta.url).pathname]
    const m = await value<ModelView>('model:import-tfjs')
    expect(m).toMatchObject({ inputs: 4, outputs: 3, task: 'classification' })
    expect(m.config.model.hidden.map((h) => `${h.units} ${h.activation}`)).toEqual(['6 tanh', '5 leaky-relu', '5 elu'])
    expect(m.config.model).toMatchObject({ output: 'softmax', loss: 'cross-entropy' })
    expect(await value('model:compatibility', m.id, iris.id)).toEqual({ ok: true, message: null })
    const ev = await value<Evaluation>('model:evaluate', m.id, iris.id)
    expect(ev.rows).toBe(iris.prepared.rows.test)
    expect(ev.classification?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(ev.rows)
    const seeded = await value<RunView>('run:start', { datasetId: iris.id, config: { ...m.config, training: { ...m.config.training, epochs: 2 } }, initialModelId: m.id })
    expect(seeded.status === 'queued' || seeded.status === 'running').toBe(true)
    const wrongShape = await call('run:start', { datasetId: iris.id, config: DEFAULT_EXPERIMENT, initialModelId: m.id })
    expect(wrongShape.ok ? '' : wrongShape.error).toMatch(/4-6-5-5-3/)
  })
})

