import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli, ROOT } from '../../helpers/run-cli'
import { beforeAll, describe, expect, it } from 'vitest'
import * as ort from 'onnxruntime-web'
import { loadModelFile, serializeModelFile, toModelFile } from '../../../src/main/engine/model-file-io'
import { predict } from '../../../src/main/engine/predict'
import { fromTfjs } from '../../../src/main/export/tfjs-import'
import { loadDataArg } from '../../../src/main/cli/dataset-arg'
import { encodeForModel } from '../../../src/main/data/encode-for-model'
import { maxAbsDiff, randomInputs, randomParams, summary } from './helpers'

describe('backprop-studio export', () => {
  let dir: string
  let modelPath: string
  let stepPath: string
  const iris = {
    kind: 'tabular' as const,
    scaling: 'standardize' as const,
    missing: 'drop' as const,
    columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name, i) => ({ kind: 'numeric' as const, name, offset: 3 + i * 0.5, scale: 1.5, impute: null })),
    target: { task: 'classification' as const, name: 'species', classes: ['setosa', 'versicolor', 'virginica'] },
  }
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bps-export-'))
    modelPath = join(dir, 'model.json')
    await writeFile(modelPath, serializeModelFile(toModelFile({ params: randomParams([4, 6, 3], ['elu', 'softmax'], 2), config: null, preprocessing: iris, summary })))
    stepPath = join(dir, 'step.json')
    await writeFile(stepPath, serializeModelFile(toModelFile({ params: randomParams([4, 3, 1], ['step', 'sigmoid'], 2), config: null, preprocessing: null, summary })))
  })

  it('--format onnx writes a file ONNX Runtime runs with our predictions', async () => {
    const out = join(dir, 'model.onnx')
    const r = await cli('export', '--model', modelPath, '--format', 'onnx', '--out', out)
    expect(r.stderr).toMatch(/wrote .*model\.onnx/)
    expect(r.code).toBe(0)
    ort.env.wasm.numThreads = 1
    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(out)))
    const X = randomInputs(10, 4, 1)
    const y = (await session.run({ input: new ort.Tensor('float32', X, [10, 4]) })).output.data as Float32Array
    const model = loadModelFile(await readFile(modelPath, 'utf8'))
    expect(maxAbsDiff(y, predict(model.params, X, 10))).toBeLessThan(1e-5)
  })

  it('--format tfjs writes model.json + weights.bin that import back to the same network', async () => {
    const out = join(dir, 'tfjs')
    const r = await cli('export', '--model', modelPath, '--format', 'tfjs', '--out', out)
    expect(r.code).toBe(0)
    const back = fromTfjs(await readFile(join(out, 'model.json'), 'utf8'), new Uint8Array(await readFile(join(out, 'weights.bin'))))
    const model = loadModelFile(await readFile(modelPath, 'utf8'))
    expect(Array.from(back.model.params.W[1])).toEqual(Array.from(model.params.W[1]))
    expect(back.model.preprocessing).toEqual(iris)
  })

  it('--format predictions-csv applies the preprocessing to raw data, like predict', async () => {
    const out = join(dir, 'preds.csv')
    const r = await cli('export', '--model', modelPath, '--format', 'predictions-csv', '--data', join(ROOT, 'resources/examples/iris.csv'), '--out', out)
    expect(r.code).toBe(0)
    const lines = (await readFile(out, 'utf8')).trim().split('\n')
    expect(lines[0]).toBe('row,predicted_species,p_setosa,p_versicolor,p_virginica')
    expect(lines).toHaveLength(151)
    const probs = lines[1].split(',').slice(2).map(Number)
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('a model trained by the app (iris, leaky-relu) exports to ONNX and TF.js that agree with the app on the real rows', async () => {
    const trained = join(dir, 'trained.json')
    const t = await cli('train', '--data', 'example:iris', '--layers', '8,6', '--activation', 'leaky-relu', '--epochs', '15', '--seed', '4', '--out', trained)
    expect(t.code).toBe(0)
    const onnxPath = join(dir, 'trained.onnx')
    const tfDir = join(dir, 'trained-tfjs')
    expect((await cli('export', '--model', trained, '--format', 'onnx', '--out', onnxPath)).code).toBe(0)
    expect((await cli('export', '--model', trained, '--format', 'tfjs', '--out', tfDir)).code).toBe(0)
    const model = loadModelFile(await readFile(trained, 'utf8'))
    const inputs = encodeForModel(model.preprocessing!, await loadDataArg(join(ROOT, 'resources/examples/iris.csv'), 1))
    const ours = predict(model.params, inputs.X, inputs.rows)
    ort.env.wasm.numThreads = 1
    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(onnxPath)))
    const y = (await session.run({ input: new ort.Tensor('float32', inputs.X, [inputs.rows, 4]) })).output.data as Float32Array
    expect(maxAbsDiff(y, ours)).toBeLessThan(1e-5)
    const back = fromTfjs(await readFile(join(tfDir, 'model.json'), 'utf8'), new Uint8Array(await readFile(join(tfDir, 'weights.bin'))))
    expect(back.model.config).toEqual(model.config)
    expect(maxAbsDiff(predict(back.model.params, inputs.X, inputs.rows), ours)).toBe(0)
  })

  it('refuses with one clear line: step to TF.js, unknown format, missing --data', async () => {
    const step = await cli('export', '--model', stepPath, '--format', 'tfjs', '--out', join(dir, 'step-tfjs'))
    expect(step.code).toBe(1)
    expect(step.stderr).toMatch(/^error: Cannot export to TensorFlow\.js: layer 0 \(activations\[0\]\) uses "step"/)
    const bad = await cli('export', '--model', modelPath, '--format', 'keras', '--out', join(dir, 'x'))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--format "keras" is not one of: onnx, tfjs, python, predictions-csv/)
    const noData = await cli('export', '--model', modelPath, '--format', 'predictions-csv', '--out', join(dir, 'y.csv'))
    expect(noData.code).toBe(2)
    expect(noData.stderr).toMatch(/--data is required/)
  })
})
