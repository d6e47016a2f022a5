import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import * as tf from '@tensorflow/tfjs'
import { loadModelFile, serializeModelFile } from '../../../src/main/engine/model-file-io'
import { predict } from '../../../src/main/engine/predict'
import { ExportError } from '../../../src/main/export/errors'
import { toTfjs, type TfjsArtifacts } from '../../../src/main/export/tfjs-export'
import { fromTfjs } from '../../../src/main/export/tfjs-import'
import { HIDDEN_FOR_EXPORT, maxAbsDiff, OUTPUT_FOR_EXPORT, randomInputs, randomModel } from './helpers'

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'export', 'tfjs-dense')
const ROWS = 64

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Loads an export exactly as tfjs would from model.json + weights.bin (tf.loadLayersModel over a memory handler). */
async function loadInTfjs(art: TfjsArtifacts): Promise<tf.LayersModel> {
  // Through JSON text, as a file on disk would be: nothing non-JSON may hide in the object.
  const json = JSON.parse(JSON.stringify(art.modelJson)) as { modelTopology: object; weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> }
  const weightData = art.weights.buffer.slice(art.weights.byteOffset, art.weights.byteOffset + art.weights.byteLength) as ArrayBuffer
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }))
}

async function tfjsPredict(model: tf.LayersModel, X: Float32Array, rows: number, inputs: number): Promise<Float32Array> {
  const x = tf.tensor2d(X, [rows, inputs])
  const y = model.predict(x) as tf.Tensor
  const data = (await y.data()) as Float32Array
  x.dispose()
  y.dispose()
  return data
}

describe('TF.js export, loaded by tf.loadLayersModel', () => {
  const exportable = HIDDEN_FOR_EXPORT.filter((a) => a !== 'step')
  for (const hidden of exportable) {
    it(`hidden ${hidden} predicts what our engine predicts, to 1e-5`, async () => {
      const model = randomModel([5, 7, 6, 3], [hidden, hidden, 'softmax'], 11 + HIDDEN_FOR_EXPORT.indexOf(hidden))
      const X = randomInputs(ROWS, 5, 3)
      const loaded = await loadInTfjs(toTfjs(model))
      expect(maxAbsDiff(await tfjsPredict(loaded, X, ROWS, 5), predict(model.params, X, ROWS))).toBeLessThan(1e-5)
    })
  }
  for (const output of OUTPUT_FOR_EXPORT) {
    it(`output ${output} predicts what our engine predicts, to 1e-5`, async () => {
      const model = randomModel([4, 8, 3], ['tanh', output], 40 + OUTPUT_FOR_EXPORT.indexOf(output))
      const X = randomInputs(ROWS, 4, 5)
      const loaded = await loadInTfjs(toTfjs(model))
      expect(maxAbsDiff(await tfjsPredict(loaded, X, ROWS, 4), predict(model.params, X, ROWS))).toBeLessThan(1e-5)
    })
  }

  it('refuses step (no TF.js counterpart), naming the layer and pointing to ONNX', () => {
    const model = randomModel([3, 4, 1], ['step', 'sigmoid'], 1)
    expect(() => toTfjs(model)).toThrow(ExportError)
    expect(() => toTfjs(model)).toThrow(/layer 0 \(activations\[0\]\) uses "step".*ONNX/)
  })

  it('round-trips through fromTfjs: same weights bit for bit, same preprocessing, config and summary', () => {
    const pre = { kind: 'image' as const, width: 2, height: 2, target: { task: 'classification' as const, name: 'digit', classes: ['0', '1', '2'] } }
    const model = randomModel([4, 5, 3], ['leaky-relu', 'softmax'], 8, pre)
    const art = toTfjs(model, '1.2.3')
    const back = fromTfjs(JSON.stringify(art.modelJson), art.weights, { source: 'model.json' })
    expect(back.model.params.sizes).toEqual(model.params.sizes)
    expect(back.model.params.activations).toEqual(['leaky-relu', 'softmax'])
    back.model.params.W.forEach((w, l) => expect(Array.from(w)).toEqual(Array.from(model.params.W[l])))
    back.model.params.b.forEach((b, l) => expect(Array.from(b)).toEqual(Array.from(model.params.b[l])))
    expect(back.model.preprocessing).toEqual(pre)
    expect(back.model.summary).toEqual(model.summary)
    // and the result is a model file our app reads back
    const again = loadModelFile(serializeModelFile(back.file), 'imported.json')
    expect(again.params.sizes).toEqual([4, 5, 3])
  })
})

describe('TF.js import of a model saved by tfjs itself', () => {
  const modelJson = readFileSync(join(FIXTURE, 'model.json'), 'utf8')
  const weights = new Uint8Array(readFileSync(join(FIXTURE, 'weights.bin')))
  const reference = JSON.parse(readFileSync(join(FIXTURE, 'reference.json'), 'utf8')) as { inputs: number[]; outputs: number[]; rows: number }

  it('imports (Dense, LeakyReLU, Dropout, Activation layers) and predicts what tfjs predicted when it saved it, to 1e-5', () => {
    const { model, notes } = fromTfjs(modelJson, weights, { source: 'model.json', createdAt: '2026-01-01T00:00:00.000Z' })
    expect(model.params.sizes).toEqual([4, 6, 5, 5, 3])
    expect(model.params.activations).toEqual(['tanh', 'leaky-relu', 'elu', 'softmax'])
    expect(notes.join('\n')).toMatch(/Dropout/)
    const ours = predict(model.params, Float32Array.from(reference.inputs), reference.rows)
    expect(maxAbsDiff(ours, reference.outputs)).toBeLessThan(1e-5)
  })

  it('predicts what tfjs predicts now when it loads the same files', async () => {
    const json = JSON.parse(modelJson) as { modelTopology: object; weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> }
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: weights.slice().buffer }))
    const X = randomInputs(ROWS, 4, 21)
    const { model } = fromTfjs(JSON.parse(modelJson), weights)
    expect(maxAbsDiff(await tfjsPredict(tfModel, X, ROWS, 4), predict(model.params, X, ROWS))).toBeLessThan(1e-5)
  })

  it('a model built in the test by tfjs with every Dense activation we share imports and agrees', async () => {
    const m = tf.sequential()
    m.add(tf.layers.dense({ inputShape: [3], units: 4, activation: 'sigmoid' }))
    m.add(tf.layers.dense({ units: 4, activation: 'relu' }))
    m.add(tf.layers.dense({ units: 4, activation: 'softplus', useBias: false }))
    m.add(tf.layers.dense({ units: 4, activation: 'elu' }))
    m.add(tf.layers.dense({ units: 2, activation: 'linear' }))
    let saved: tf.io.ModelArtifacts | null = null
    await m.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })))
    const a = saved as unknown as tf.io.ModelArtifacts
    const modelJson = { modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] }
    const { model } = fromTfjs(modelJson, new Uint8Array(a.weightData as ArrayBuffer))
    expect(model.params.activations).toEqual(['sigmoid', 'relu', 'softplus', 'elu', 'identity'])
    const X = randomInputs(ROWS, 3, 4)
    expect(maxAbsDiff(await tfjsPredict(m, X, ROWS, 3), predict(model.params, X, ROWS))).toBeLessThan(1e-5)
  })
})
