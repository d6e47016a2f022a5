import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli, ROOT } from '../../helpers/run-cli'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadModelFile } from '../../../src/main/engine/model-file-io'
import { predict } from '../../../src/main/engine/predict'

describe('the command line', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bps-cli-'))
  })

  it('trains an example end to end in a worker, writes a model file that reloads and predicts, and a metrics CSV', async () => {
    const out = join(dir, 'model.json')
    const metrics = join(dir, 'metrics.csv')
    const r = await cli('train', '--data', 'example:iris', '--layers', '8', '--activation', 'tanh', '--epochs', '40', '--batch', '16', '--seed', '3', '--out', out, '--metrics', metrics)
    expect(r.stderr).toMatch(/wrote .*model\.json \(completed, 40 epochs\)/)
    expect(r.code).toBe(0)
    const model = loadModelFile(await readFile(out, 'utf8'), 'model.json')
    expect(model.params.sizes).toEqual([4, 8, 3])
    expect(model.config?.training.seed).toBe(3)
    expect(model.preprocessing?.target).toMatchObject({ task: 'classification', classes: ['setosa', 'versicolor', 'virginica'] })
    // The model's own reference pairs are reproduced by predict (loadModelFile verified them too).
    const ref = model.reference[0]
    const y = predict(model.params, Float64Array.from(ref.input), 1)
    y.forEach((v, k) => expect(v).toBeCloseTo(ref.output[k], 12))
    expect(model.summary.metrics['test_accuracy']).toBeGreaterThan(0.8)
    const csv = (await readFile(metrics, 'utf8')).trim().split('\n')
    expect(csv).toHaveLength(41)
    expect(csv[0].split(',')).toEqual(expect.arrayContaining(['epoch', 'loss', 'val_loss', 'accuracy', 'val_accuracy']))
  })

  it('continues from a model file with --init: epoch 1 starts where the model left off', async () => {
    const first = join(dir, 'first.json')
    await cli('train', '--data', 'example:xor-noisy', '--layers', '6', '--epochs', '30', '--out', first)
    const cont = await cli('train', '--data', 'example:xor-noisy', '--init', first, '--epochs', '1', '--lr', '0.000000001', '--out', join(dir, 'second.json'))
    expect(cont.code).toBe(0)
    const a = loadModelFile(await readFile(first, 'utf8'))
    const b = loadModelFile(await readFile(join(dir, 'second.json'), 'utf8'))
    expect(b.params.sizes).toEqual(a.params.sizes)
    // A negligible learning rate leaves the loaded weights (nearly) as they were: --init really started from them.
    for (let l = 0; l < a.params.W.length; l++) {
      for (let i = 0; i < a.params.W[l].length; i++) expect(b.params.W[l][i]).toBeCloseTo(a.params.W[l][i], 5)
    }
  })

  it('refuses bad flags and bad files with one clear line and a non-zero exit', async () => {
    const badFlag = await cli('train', '--data', 'example:iris', '--out', join(dir, 'x.json'), '--lr', '0x1A')
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr.trim()).toBe('error: --lr must be a number, got "0x1A"')
    const unknown = await cli('train', '--dtaa', 'x')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/Unknown option '--dtaa'/)
    const badPairing = await cli('train', '--data', 'example:iris', '--out', join(dir, 'y.json'), '--output', 'sigmoid', '--loss', 'cross-entropy')
    expect(badPairing.code).toBe(2)
    expect(badPairing.stderr).toMatch(/cross-entropy/)
    const ragged = join(dir, 'ragged.csv')
    await writeFile(ragged, 'a,b,c\n1,2,3\n4,5\n')
    const badFile = await cli('inspect', ragged)
    expect(badFile.code).toBe(1)
    expect(badFile.stderr).toMatch(/ragged\.csv.*line 3/)
  })

  it('inspect --json gives the summary object with the documented keys', async () => {
    const r = await cli('inspect', 'example:iris', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ rows: 150, columns: 5, inputs: 4, target: 'species', task: 'classification', classes: 3 })
    expect(Array.isArray(j.warnings)).toBe(true)
  })

  it('gradcheck reports per-layer relative errors and passes for a correct network', async () => {
    const r = await cli('gradcheck', '--data', 'example:iris', '--layers', '5,4', '--activation', 'softplus', '--lambda', '0.1', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.pass).toBe(true)
    expect(j.layers).toHaveLength(3)
    for (const l of j.layers) expect(l.maxRelErrorW).toBeLessThan(1e-5)
  })

  it('gradcheck --init checks a trained model file at its own weights, loss and λ, on rows encoded by its preprocessing', async () => {
    const model = join(dir, 'iris-gc.json')
    expect((await cli('train', '--data', 'example:iris', '--layers', '6', '--activation', 'tanh', '--lambda', '0.5', '--epochs', '40', '--batch', '16', '--out', model)).code).toBe(0)
    const irisCsv = join(ROOT, 'resources/examples/iris.csv')
    const r = await cli('gradcheck', '--init', model, '--data', irisCsv, '--rows', '8', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.pass).toBe(true)
    expect(j.layers).toHaveLength(2)
    // J at the checked point, recomputed by hand from the file: cross-entropy of the first 8 raw rows + λ/(2m)·ΣW².
    const m = loadModelFile(await readFile(model, 'utf8'))
    const pre = m.preprocessing!
    if (pre.kind !== 'tabular' || pre.target.task !== 'classification') throw new Error('expected a tabular classifier')
    const lines = (await readFile(irisCsv, 'utf8')).trim().split('\n').slice(1, 9).map((l) => l.split(','))
    const X = new Float64Array(8 * 4)
    lines.forEach((cells, r) => pre.columns.forEach((c, k) => { if (c.kind === 'numeric') X[r * 4 + k] = (Number(cells[k]) - c.offset) / c.scale }))
    const Y = predict(m.params, X, 8)
    let ce = 0
    const classes = pre.target.classes
    lines.forEach((cells, r) => { ce -= Math.log(Y[r * 3 + classes.indexOf(cells[4])]) })
    ce /= 8
    const sumW2 = m.params.W.reduce((s, w) => s + w.reduce((t, v) => t + v * v, 0), 0)
    expect(j.cost).toBeCloseTo(ce + (0.5 / (2 * 8)) * sumW2, 6)
    const text = await cli('gradcheck', '--init', model, '--data', irisCsv)
    expect(text.stdout).toMatch(/gradient check of the weights of iris-gc\.json on 8 rows/)
  })

  it('predict applies the model file to raw data and evaluate measures it, for classification and regression', async () => {
    const model = join(dir, 'iris.json')
    await cli('train', '--data', 'example:iris', '--layers', '8', '--epochs', '30', '--batch', '16', '--out', model)
    const preds = join(dir, 'pred.csv')
    const p = await cli('predict', '--model', model, '--data', join(ROOT, 'resources/examples/iris.csv'), '--out', preds)
    expect(p.code).toBe(0)
    const lines = (await readFile(preds, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('row,predicted_species,p_setosa,p_versicolor,p_virginica')
    expect(lines).toHaveLength(151)
    const predicted = lines.slice(1).map((l) => l.split(',')[1])
    const truth = (await readFile(join(ROOT, 'resources/examples/iris.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(',').at(-1)!.trim())
    const agree = predicted.filter((c, i) => c === truth[i]).length / truth.length
    const e = await cli('evaluate', '--model', model, '--data', join(ROOT, 'resources/examples/iris.csv'), '--json')
    expect(e.code).toBe(0)
    // evaluate's accuracy is exactly the share of predict's labels that match the file.
    expect(JSON.parse(e.stdout).accuracy).toBeCloseTo(agree, 12)
    expect(agree).toBeGreaterThan(0.8)

    // Regression: y = 3x + 2 (plus a categorical column), errors reported in the target's units.
    const rows = ['x,colour,y']
    for (let i = 0; i < 200; i++) {
      const x = (i % 50) / 10
      rows.push(`${x},${['red', 'green'][i % 2]},${3 * x + 2}`)
    }
    const csv = join(dir, 'line.csv')
    await writeFile(csv, rows.join('\n') + '\n')
    const reg = join(dir, 'line.json')
    const t = await cli('train', '--data', csv, '--task', 'regression', '--layers', '', '--epochs', '200', '--lr', '0.05', '--out', reg)
    expect(t.code).toBe(0)
    const ev = JSON.parse((await cli('evaluate', '--model', reg, '--data', csv, '--json')).stdout)
    expect(ev.rmse).toBeLessThan(0.05)
    expect(ev.r2).toBeGreaterThan(0.999)
    const rp = join(dir, 'line-pred.csv')
    await cli('predict', '--model', reg, '--data', csv, '--out', rp)
    const first = (await readFile(rp, 'utf8')).split('\n')[1].split(',')
    expect(Number(first[1])).toBeCloseTo(2, 1) // x = 0 → y = 2, in the target's own units
  })

  it('train reports regression RMSE and MAE in the target\'s own units, as evaluate does (printed, metrics CSV, model summary)', async () => {
    // y = 100x + noise of amplitude 40: a linear model's error is the noise (~28 RMS), about 0.2 in standardised units.
    const rows = ['x,y']
    for (let i = 0; i < 400; i++) {
      const x = (i % 40) / 4
      rows.push(`${x},${100 * x + 40 * Math.sin(i * 7.3)}`)
    }
    const csv = join(dir, 'noisy-line.csv')
    await writeFile(csv, rows.join('\n') + '\n')
    const model = join(dir, 'noisy-line.json')
    const metricsCsv = join(dir, 'noisy-line-metrics.csv')
    const t = await cli('train', '--data', csv, '--task', 'regression', '--layers', '', '--epochs', '60', '--lr', '0.05', '--out', model, '--metrics', metricsCsv)
    expect(t.code).toBe(0)
    const ev = JSON.parse((await cli('evaluate', '--model', model, '--data', csv, '--json')).stdout)
    expect(ev.rmse).toBeGreaterThan(20)
    const summary = loadModelFile(await readFile(model, 'utf8')).summary.metrics
    for (const k of ['test_rmse', 'val_rmse', 'rmse']) {
      expect(summary[k] / ev.rmse, k).toBeGreaterThan(0.7)
      expect(summary[k] / ev.rmse, k).toBeLessThan(1.4)
    }
    expect(summary['val_mae']).toBeGreaterThan(15)
    expect(t.stdout).toMatch(new RegExp(`test: .*rmse ${summary['test_rmse'].toPrecision(5)}`))
    const [head, ...lines] = (await readFile(metricsCsv, 'utf8')).trim().split('\n')
    const col = head.split(',').indexOf('val_rmse')
    expect(col).toBeGreaterThan(0)
    expect(Number(lines.at(-1)!.split(',')[col]) / ev.rmse).toBeGreaterThan(0.7)
  })

  it('predict refuses data that lacks the model\'s columns, naming them', async () => {
    const model = join(dir, 'iris2.json')
    await cli('train', '--data', 'example:iris', '--epochs', '2', '--out', model)
    const csv = join(dir, 'partial.csv')
    await writeFile(csv, 'sepal_length,sepal_width\n5.1,3.5\n4.9,3.0\n')
    const r = await cli('predict', '--model', model, '--data', csv, '--out', join(dir, 'never.csv'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/petal_length/)
  })

  it('every command that reads a file takes the reading flags: --encoding, --skip-rows, --delimiter, --header, --decimal', async () => {
    const file = join(dir, 'report.csv')
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 5},${i % 4}5;${(i * 3) % 7},25;${i % 2 ? 'caf\u00e9' : 'cr\u00e8me'}`)
    await writeFile(file, Buffer.from(`Quarterly report\nx;y;drink\n${rows.join('\n')}\n`, 'latin1'))
    const read = async (...flags: string[]) => {
      const r = await cli('inspect', file, '--json', ...flags)
      expect(r.stderr).toBe('')
      return JSON.parse(r.stdout).summary as { rows: number; columnInfo: { name: string; storage: string; mean: number | null; top: { label: string }[] }[]; format: { encoding: string; delimiter: string; decimal: string } }
    }
    const chosen = await read('--encoding', 'latin1', '--skip-rows', '1', '--delimiter', 'semicolon', '--header', 'yes', '--decimal', ',')
    expect(chosen.rows).toBe(30)
    expect(chosen.columnInfo.map((c) => [c.name, c.storage])).toEqual([['x', 'numeric'], ['y', 'numeric'], ['drink', 'categorical']])
    expect(chosen.columnInfo[0].mean).toBeCloseTo(rows.reduce((s, r) => s + Number(r.split(';')[0].replace(',', '.')), 0) / 30, 10)
    expect(chosen.columnInfo[2].top.map((t) => t.label).sort()).toEqual(['caf\u00e9', 'cr\u00e8me'])
    expect(chosen.format).toMatchObject({ encoding: 'windows-1252', delimiter: ';', decimal: ',' })
    // No header and both first lines skipped: the columns are numbered and every data line is a row.
    const headless = await read('--skip-rows', '2', '--header', 'no', '--delimiter', ';', '--decimal', ',')
    expect(headless.rows).toBe(30)
    expect(headless.columnInfo.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3'])
    // A point as decimal mark, forced: "0,05" is then no number, and the refusal says where.
    const points = await cli('inspect', file, '--skip-rows', '1', '--decimal', '.')
    expect(points.code).toBe(1)
    expect(points.stderr).toMatch(/report\.csv, line 3, column "x": "0,05" is not a number/)
    const bad = await cli('inspect', file, '--decimal', ':')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--decimal ":" is not one of/)
    const example = await cli('train', '--data', 'example:iris', '--encoding', 'utf-8', '--out', join(dir, 'never.json'))
    expect(example.code).toBe(2)
    expect(example.stderr).toMatch(/go with a file, not with a built-in example/)
    const onnx = await cli('export', '--model', join(dir, 'none.json'), '--format', 'onnx', '--out', join(dir, 'x.onnx'), '--skip-rows', '1')
    expect(onnx.stderr).toMatch(/--skip-rows only apply to --format predictions-csv/)
  })

  it('train --validation sets the held-out share: 0 trains on every training image of MNIST (early stopping then says it cannot run)', async () => {
    const all = await cli('train', '--data', 'example:mnist-sample', '--layers', '4', '--epochs', '1', '--validation', '0', '--patience', '2', '--out', join(dir, 'v0.json'))
    expect(all.code, all.stderr).toBe(0)
    expect(all.stderr).toMatch(/on 6000 rows, validating on 0/)
    expect(all.stderr).toMatch(/warning: early stopping needs validation data/)
    const tenth = await cli('train', '--data', 'example:mnist-sample', '--layers', '4', '--epochs', '1', '--validation', '0.1', '--out', join(dir, 'v1.json'))
    expect(tenth.stderr).toMatch(/on 5400 rows, validating on 600/)
    const tabular = await cli('train', '--data', 'example:iris', '--epochs', '1', '--validation', '0.2', '--out', join(dir, 'v2.json'))
    expect(tabular.stderr).toMatch(/on 97 rows, validating on 30/) // 65 / 20 / 15 % of 150, stratified
    const bad = await cli('train', '--data', 'example:iris', '--validation', '0.95', '--out', join(dir, 'v3.json'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--validation must be between 0 and 0.8/)
  }, 120_000)

  it('reads an IDX images file with its labels given explicitly by --labels, and says how when they are missing', async () => {
    const { copyFile, mkdir } = await import('node:fs/promises')
    await mkdir(join(dir, 'elsewhere'), { recursive: true })
    const images = join(dir, 'digits.gz')
    const labels = join(dir, 'elsewhere', 'answers.gz')
    await copyFile(join(ROOT, 'resources/examples/mnist-sample/t10k-images-idx3-ubyte.gz'), images)
    await copyFile(join(ROOT, 'resources/examples/mnist-sample/t10k-labels-idx1-ubyte.gz'), labels)
    const ok = await cli('inspect', images, '--labels', labels, '--json')
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ rows: 1000, inputs: 784, task: 'classification', classes: 10 })
    const missing = await cli('inspect', images)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/--labels/)
  })

  it('prints --help for each command', async () => {
    const r = await cli('train', '--help')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Usage: backprop-studio train/)
    expect(r.stdout).toMatch(/--lambda <x>/)
  })
})
