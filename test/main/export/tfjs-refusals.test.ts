import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ExportError } from '../../../src/main/export/errors'
import { fromTfjs } from '../../../src/main/export/tfjs-import'

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'export', 'tfjs-dense')
const text = readFileSync(join(FIXTURE, 'model.json'), 'utf8')
const weights = new Uint8Array(readFileSync(join(FIXTURE, 'weights.bin')))

type Json = Record<string, any>
/** A fresh copy of the tfjs-made model.json to break. */
const fresh = (): Json => JSON.parse(text) as Json
const layers = (j: Json): Json[] => j.modelTopology.config.layers

function refusal(modelJson: unknown, bytes: Uint8Array = weights): string {
  try {
    fromTfjs(modelJson, bytes, { source: 'model.json' })
  } catch (err) {
    expect(err).toBeInstanceOf(ExportError)
    return (err as Error).message
  }
  throw new Error('expected a refusal')
}

describe('TF.js import refusals name the problem', () => {
  it('the untouched fixture imports (so every refusal below is caused by its one change)', () => {
    expect(fromTfjs(text, weights).model.params.sizes).toEqual([4, 6, 5, 5, 3])
  })

  it('a Conv2D layer, by name and class', () => {
    const j = fresh()
    layers(j).splice(1, 0, { class_name: 'Conv2D', config: { name: 'conv2d_1', filters: 8, kernel_size: [3, 3] } })
    const m = refusal(j)
    expect(m).toMatch(/^TF\.js model "model\.json": layer "conv2d_1" \(Conv2D, modelTopology\.config\.layers\[1\]\): is not supported: only Dense layers/)
  })

  it('an unsupported Dense activation, naming the layer and the activation', () => {
    const j = fresh()
    layers(j)[0].config.activation = 'selu'
    expect(refusal(j)).toMatch(/layer "dense_Dense1" \(Dense, .*\): activation "selu" is not supported; supported: linear, sigmoid/)
  })

  it('an unsupported Activation layer and a LeakyReLU with another slope', () => {
    const j = fresh()
    layers(j).at(-1)!.config.activation = 'swish'
    expect(refusal(j)).toMatch(/\(Activation, .*activation "swish" is not supported/)
    const k = fresh()
    layers(k)[2].config.alpha = 0.3
    expect(refusal(k)).toMatch(/leaky_re_lu_LeakyReLU1.*alpha 0\.3 is not supported: our leaky-relu has slope 0\.01/)
  })

  it('an activation layer stacked on a Dense that already has one', () => {
    const j = fresh()
    layers(j)[1].config.activation = 'relu'
    expect(refusal(j)).toMatch(/LeakyReLU.*follows layer "dense_Dense2".*already applies "relu"/)
  })

  it('softmax on a hidden layer', () => {
    const j = fresh()
    layers(j)[0].config.activation = 'softmax'
    expect(refusal(j)).toMatch(/dense_Dense1.*softmax is only supported on the output layer/)
  })

  it('a functional (non-Sequential) model and a graph model', () => {
    const j = fresh()
    j.modelTopology.class_name = 'Functional'
    expect(refusal(j)).toMatch(/modelTopology\.class_name: is a "Functional" model; only Sequential/)
    expect(refusal({ format: 'graph-model', modelTopology: {}, weightsManifest: [] })).toMatch(/graph model/)
  })

  it('inputs that are not flat vectors', () => {
    const j = fresh()
    layers(j)[0].config.batch_input_shape = [null, 2, 2]
    expect(refusal(j)).toMatch(/dense_Dense1.*inputs shaped \[null,2,2\]; only flat vectors/)
  })

  it('a truncated weights file, saying which weight no longer fits', () => {
    const m = refusal(text, weights.subarray(0, weights.length - 10))
    expect(m).toMatch(/weights file: is truncated: it holds 442 bytes, but the manifest's weights need 452 \(.*"dense_Dense4\/bias" does not fit\)/)
    expect(refusal(text, new Uint8Array(0))).toMatch(/holds 0 bytes.*"dense_Dense1\/kernel" does not fit/)
  })

  it('a weights file with bytes to spare', () => {
    const longer = new Uint8Array(weights.length + 4)
    longer.set(weights)
    expect(refusal(text, longer)).toMatch(/holds 456 bytes, but the manifest's weights need exactly 452/)
  })

  it('a NaN weight, with its byte offset', () => {
    const bad = weights.slice()
    new DataView(bad.buffer).setFloat32(8, Number.NaN, true)
    expect(refusal(text, bad)).toMatch(/"dense_Dense1\/kernel": value 2 \(byte 8 of the weights file\) is NaN/)
  })

  it('quantized or non-float32 weights, a wrong kernel shape, a missing bias, a stray weight', () => {
    const q = fresh()
    q.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 }
    expect(refusal(q)).toMatch(/"dense_Dense1\/kernel": is quantized/)
    const d = fresh()
    d.weightsManifest[0].weights[1].dtype = 'int32'
    expect(refusal(d)).toMatch(/"dense_Dense1\/bias": dtype "int32" is not supported \(only float32\)/)
    const s = fresh()
    s.weightsManifest[0].weights[2].shape = [5, 6]
    expect(refusal(s)).toMatch(/dense_Dense2.*weight "dense_Dense2\/kernel" has shape \[5,6\], expected \[6,5\]/)
    const n = fresh()
    n.weightsManifest[0].weights[1].name = 'other/bias'
    expect(refusal(n)).toMatch(/dense_Dense1.*the weights manifest has no "dense_Dense1\/bias"/)
    const u = fresh()
    layers(u)[0].config.use_bias = false
    expect(refusal(u)).toMatch(/weight "dense_Dense1\/bias" belongs to no Dense layer/)
  })

  it('hostile JSON: syntax errors with line and column, a nesting bomb, a lying shape, wrong types, prototype keys', () => {
    expect(refusal('{\n  "modelTopology": {,\n}')).toMatch(/is not valid JSON: expected a quoted field name, found "," at line 2, column 21/)
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expect(refusal(bomb)).toMatch(/nested more than 64 levels deep/)
    const big = fresh()
    big.weightsManifest[0].weights[0].shape = [1_000_000, 1_000_000]
    expect(refusal(big)).toMatch(/more than 10,000,000 numbers/)
    const huge = fresh()
    layers(huge)[0].config.units = 1e12
    expect(refusal(huge)).toMatch(/units 1000000000000 is not a whole number from 1 to 1000000/)
    expect(refusal(null)).toMatch(/^TF\.js model "model\.json": /)
    expect(refusal('[]')).toMatch(/TF\.js model "model\.json"/)
    expect(refusal({ modelTopology: {}, weightsManifest: 'x' })).toMatch(/weightsManifest/)
    const proto = JSON.parse(text.replace('"class_name": "Dense"', '"__proto__": {"polluted": true}, "class_name": "Dense"')) as Json
    expect(() => fromTfjs(proto, weights)).not.toThrow(/polluted/)
    expect(({} as Json).polluted).toBeUndefined()
    expect(refusal(text, 'not bytes' as unknown as Uint8Array)).toMatch(/weights: expected the weights as bytes/)
  })

  it('a weight listed twice in the manifest', () => {
    const j = fresh()
    j.weightsManifest[0].weights[3].name = 'dense_Dense1/kernel'
    expect(refusal(j)).toMatch(/"dense_Dense1\/kernel": appears twice in the manifest/)
  })

  it('accepts the Keras-converter wrapper (modelTopology.model_config) and still refuses what is inside it', () => {
    const j = fresh()
    j.modelTopology = { model_config: j.modelTopology, training_config: { loss: 'categorical_crossentropy' } }
    expect(fromTfjs(j, weights).model.params.sizes).toEqual([4, 6, 5, 5, 3])
    j.modelTopology.model_config.config.layers[0].class_name = 'BatchNormalization'
    expect(refusal(j)).toMatch(/\(BatchNormalization, modelTopology\.model_config\.config\.layers\[0\]\): is not supported/)
  })

  it('metadata claiming our preprocessing that does not fit the network', () => {
    const j = fresh()
    j.userDefinedMetadata = {
      backpropStudio: {
        config: null,
        preprocessing: { kind: 'image', width: 3, height: 3, target: { task: 'classification', name: 'd', classes: ['a', 'b', 'c'] } },
        summary: { epochs: 1, metrics: {}, backend: 'x', durationMs: 0, createdAt: '2026-01-01T00:00:00.000Z', appVersion: '1' },
      },
    }
    expect(refusal(j)).toMatch(/preprocessing: .*yields 9 network inputs, but sizes\[0\] is 4/)
  })
})
