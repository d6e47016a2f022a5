import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Compatibility, Evaluation, ModelView, RunEpochs, RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { predict } from '../../../../src/main/engine/predict'
import { csv, example, harness, linearCsv, regression, small, untilEnded, type Harness } from './fixtures'

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
})

const PNG_1x1 =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

describe('export and import', () => {
  it('export → import → identical predictions; the imported model evaluates like the run, and seeds a new run', async () => {
    h = await harness()
    const d = h.datasets.add('circles', example('circles'))
    const run = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'circles / adam' })
    await untilEnded(h, run.id)

    const path = join(h.dir, 'exported.model.json')
    h.saveAnswers.push(path)
    expect(await h.ok('export:model', run.id)).toBe(path)
    h.saveAnswers.push(null)
    expect(await h.ok('export:model', run.id)).toBeNull() // cancelled

    h.openAnswers.push([path])
    const imported = await h.ok<ModelView>('model:import')
    expect(imported).toMatchObject({ name: 'exported.model.json', inputs: 2, outputs: 2, task: 'classification', featureNames: ['x1', 'x2'], classLabels: d.prepared.classLabels })
    expect(await h.ok<ModelView[]>('model:list')).toEqual([imported])

    // The same weights: predictions on the test rows are bit-identical.
    const onDisk = loadModelFile(await readFile(join(h.dir, 'runs', run.id, 'model.json'), 'utf8'))
    const exported = loadModelFile(await readFile(path, 'utf8'))
    const { X, rows } = d.prepared.test
    expect(Array.from(predict(exported.params, X, rows))).toEqual(Array.from(predict(onDisk.params, X, rows)))

    const fromRun = await h.ok<Evaluation>('run:evaluate', run.id)
    const fromModel = await h.ok<Evaluation>('model:evaluate', imported.id, d.view.id)
    expect(fromModel).toEqual(fromRun)
    expect(fromRun.split).toBe('test')
    expect(fromRun.rows).toBe(rows)
    expect(fromRun.metrics['accuracy']).toBeCloseTo(run.testMetrics?.['test_accuracy'] ?? (await h.ok<RunView[]>('run:list'))[0].testMetrics!['test_accuracy'], 10)
    const C = fromRun.classification!.confusion
    expect(C.flat().reduce((a, b) => a + b, 0)).toBe(rows)
    expect(fromRun.classification!.perClass.map((p) => p.support)).toEqual(C.map((r) => r.reduce((a, b) => a + b, 0)))

    expect(await h.ok<Compatibility>('model:compatibility', imported.id, d.view.id)).toEqual({ ok: true, message: null })
    const other = h.datasets.add('other.csv', csv('x1,y,cls\n1,2,a\n2,1,b\n3,3,a\n4,1,b\n5,2,a\n6,6,b\n7,1,a\n8,2,b\n'))
    const c = await h.ok<Compatibility>('model:compatibility', imported.id, other.view.id)
    expect(c.ok).toBe(false)
    expect(c.message).toMatch(/lacks the columns the model needs: "x2", "label" \(the target\)/)
    const e = await h.call('model:evaluate', imported.id, other.view.id)
    expect(!e.ok && e.error).toMatch(/lacks the columns/)

    // As initial weights: the shapes must agree ...
    const wrong = await h.call('run:start', { datasetId: d.view.id, config: { ...small, model: { ...small.model, hidden: [{ units: 7, activation: 'tanh' }] } }, initialModelId: imported.id })
    expect(!wrong.ok && wrong.error).toMatch(/it is a 2-6-2 network, but the config and data make 2-7-2/)
    const acts = await h.call('run:start', { datasetId: d.view.id, config: { ...small, model: { ...small.model, hidden: [{ units: 6, activation: 'relu' }] } }, initialModelId: imported.id })
    expect(!acts.ok && acts.error).toMatch(/its activations are tanh, softmax, but the config says relu, softmax/)
    // ... and then training starts from them: a tiny step leaves the weights where the model had them.
    const still = { ...small, optimizer: { kind: 'sgd' as const, learningRate: 1e-12 }, training: { ...small.training, epochs: 1 } }
    const seeded = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: still, initialModelId: imported.id })
    await untilEnded(h, seeded.id)
    const after = loadModelFile(await readFile(join(h.dir, 'runs', seeded.id, 'model.json'), 'utf8'))
    for (let l = 0; l < after.params.W.length; l++) {
      const a = after.params.W[l]
      const b = exported.params.W[l]
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-6)
    }
  })

  it('refuses a broken model file on import with the reason, and an unknown model id', async () => {
    h = await harness()
    const path = join(h.dir, 'broken.json')
    await writeFile(path, '{"format": "backprop-studio.model", "version": 1, "sizes": [2, 2],')
    h.openAnswers.push([path])
    const r = await h.call('model:import')
    expect(!r.ok && r.error).toMatch(/broken\.json.*not valid JSON.*line 1/)
    h.openAnswers.push(null)
    expect(await h.ok('model:import')).toBeNull()
    const d = h.datasets.add('circles', example('circles'))
    const unknown = await h.call('model:compatibility', 'model-9', d.view.id)
    expect(!unknown.ok && unknown.error).toMatch(/No imported model "model-9"/)
  })

  it('exports the selected runs\' metrics in long form (CSV and JSON), live and from history', async () => {
    h = await harness()
    const d = h.datasets.add('circles', example('circles'))
    const a = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small })
    await untilEnded(h, a.id)
    await h.restart()
    const g = await h.ok<{ groupId: string; runs: RunView[] }>('run:compare', { datasetId: d.view.id, base: small, vary: { setting: 'lambda', values: [0, 0.001] } })
    for (const r of g.runs) await untilEnded(h, r.id)
    const ids = [a.id, ...g.runs.map((r) => r.id)]

    const csvPath = join(h.dir, 'metrics.csv')
    h.saveAnswers.push(csvPath)
    expect(await h.ok('export:metrics', ids, 'csv')).toBe(csvPath)
    const lines = (await readFile(csvPath, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('run,group,epoch,metric,value')
    const epochsA = (await h.ok<RunEpochs>('run:epochs', a.id)).epochs
    const perEpoch = Object.keys(epochsA[0].metrics).length
    expect(lines).toHaveLength(1 + 3 * 5 * perEpoch)
    expect(lines[1]).toBe(`${a.id},,1,${Object.keys(epochsA[0].metrics)[0]},${Object.values(epochsA[0].metrics)[0]}`)
    expect(lines.filter((l) => l.startsWith(`${g.runs[1].id},${g.groupId},5,val_loss,`))).toHaveLength(1)

    const jsonPath = join(h.dir, 'metrics.json')
    h.saveAnswers.push(jsonPath)
    await h.ok('export:metrics', ids, 'json')
    const json = JSON.parse(await readFile(jsonPath, 'utf8'))
    expect(json.runs.map((r: { id: string }) => r.id)).toEqual(ids)
    expect(json.metrics).toHaveLength(3 * 5 * perEpoch)
    expect(json.metrics[0]).toEqual({ run: a.id, group: null, epoch: 1, metric: Object.keys(epochsA[0].metrics)[0], value: Object.values(epochsA[0].metrics)[0] })
    // TensorBoard's long form: runs by label (made unique), train/validation as two runs sharing tags.
    const tbPath = join(h.dir, 'scalars.csv')
    h.saveAnswers.push(tbPath)
    await h.ok('export:metrics', ids, 'tensorboard')
    const tb = (await readFile(tbPath, 'utf8')).trim().split('\n')
    expect(tb[0]).toBe('run,step,tag,value')
    expect(tb).toHaveLength(1 + 3 * 5 * perEpoch)
    const valLoss = (await h.ok<RunEpochs>('run:epochs', g.runs[1].id)).epochs[4].metrics['val_loss']
    expect(tb).toContain(`λ = 0.001/validation,5,epoch_loss,${valLoss}`)
    const missing = await h.call('export:metrics', [a.id, 'gone'], 'csv')
    expect(!missing.ok && missing.error).toMatch(/No run "gone"/)
  })

  it('writes a chart PNG from its data URL', async () => {
    h = await harness()
    const path = join(h.dir, 'chart.png')
    h.saveAnswers.push(path)
    expect(await h.ok('export:png', PNG_1x1, 'loss curves')).toBe(path)
    const bytes = await readFile(path)
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(bytes.toString('base64')).toBe(PNG_1x1.split(',')[1])
  })

  it('evaluates a regression run in the target\'s units', async () => {
    h = await harness()
    const d = h.datasets.add('linear.csv', linearCsv())
    const run = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: { ...regression, training: { ...regression.training, epochs: 30 } } })
    await untilEnded(h, run.id)
    const ev = await h.ok<Evaluation>('run:evaluate', run.id)
    expect(ev.task).toBe('regression')
    expect(ev.classification).toBeNull()
    expect(ev.regression!.target).toBe('y')
    expect(ev.regression!.actual).toHaveLength(d.prepared.test.rows)
    // Actual values are the file's own numbers (original units), not the scaled targets.
    const pre = d.prepared.preprocessing
    if (pre.target.task !== 'regression') throw new Error('expected regression')
    const firstRow = d.prepared.test.T[0] * pre.target.scale + pre.target.offset
    expect(ev.regression!.actual[0]).toBeCloseTo(firstRow, 3)
    const rmse = Math.sqrt(ev.regression!.actual.reduce((s, a, i) => s + (a - ev.regression!.predicted[i]) ** 2, 0) / ev.rows)
    expect(ev.metrics['rmse']).toBeCloseTo(rmse, 8)
    expect(ev.metrics['r2']).toBeGreaterThan(0.5)
    // The run's own test metrics (from the worker) are in the same units as Evaluate's, on the same split.
    const listed = (await h.ok<RunView[]>('run:list')).find((r) => r.id === run.id)!
    expect(listed.testMetrics!['test_rmse'] / ev.metrics['rmse']).toBeCloseTo(1, 4)
    expect(listed.testMetrics!['test_mae'] / ev.metrics['mae']).toBeCloseTo(1, 4)
    expect(await h.ok('run:boundary', run.id)).toBeNull()
  })
})
