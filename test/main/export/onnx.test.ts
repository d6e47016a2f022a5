import { beforeAll, describe, expect, it } from 'vitest'
import * as ort from 'onnxruntime-web'
import { predict } from '../../../src/main/engine/predict'
import { onnxModelProto } from '../../../src/main/export/onnx-schema'
import { ONNX_INPUT_NAME, ONNX_METADATA_KEYS, ONNX_OPSET, ONNX_OUTPUT_NAME, toOnnx } from '../../../src/main/export/onnx'
import { ExportError } from '../../../src/main/export/errors'
import type { LoadedModel } from '../../../src/main/engine/model-file-io'
import { HIDDEN_FOR_EXPORT, maxAbsDiff, OUTPUT_FOR_EXPORT, randomInputs, randomModel } from './helpers'

/** Runs an exported model in ONNX Runtime (the wasm build, the real runtime's C++ compiled for the web). */
async function runOnnx(bytes: Uint8Array, X: Float32Array, rows: number, inputs: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes)
  try {
    const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', X, [rows, inputs]) })
    return result[ONNX_OUTPUT_NAME].data as Float32Array
  } finally {
    await session.release()
  }
}

const ROWS = 64

beforeAll(() => {
  ort.env.wasm.numThreads = 1 // the machine's 2 cores are shared
})

describe('ONNX export, run by ONNX Runtime', () => {
  for (const hidden of HIDDEN_FOR_EXPORT) {
    it(`hidden ${hidden} (two hidden layers, softmax output) predicts what our engine predicts, to 1e-5`, async () => {
      const model = randomModel([5, 7, 6, 3], [hidden, hidden, 'softmax'], 11 + HIDDEN_FOR_EXPORT.indexOf(hidden))
      const X = randomInputs(ROWS, 5, 3)
      const theirs = await runOnnx(toOnnx(model), X, ROWS, 5)
      const ours = predict(model.params, X, ROWS)
      expect(theirs.length).toBe(ours.length)
      expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-5)
    })
  }
  for (const output of OUTPUT_FOR_EXPORT) {
    it(`output ${output} predicts what our engine predicts, to 1e-5`, async () => {
      const model = randomModel([4, 8, 3], ['tanh', output], 40 + OUTPUT_FOR_EXPORT.indexOf(output))
      const X = randomInputs(ROWS, 4, 5)
      const theirs = await runOnnx(toOnnx(model), X, ROWS, 4)
      const ours = predict(model.params, X, ROWS)
      expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-5)
    })
  }

  it('step hidden units switch where ours do (outputs are not all equal, so the comparison means something)', async () => {
    const model = randomModel([3, 6, 1], ['step', 'identity'], 77)
    const X = randomInputs(ROWS, 3, 9)
    const theirs = await runOnnx(toOnnx(model), X, ROWS, 3)
    const ours = predict(model.params, X, ROWS)
    expect(new Set(Array.from(ours, (v) => v.toFixed(6))).size).toBeGreaterThan(3)
    expect(maxAbsDiff(theirs, ours)).toBeLessThan(1e-5)
  })

  it('a network without hidden layers (logistic regression) and a wide one export too', async () => {
    for (const [sizes, acts] of [
      [[6, 1], ['sigmoid']],
      [[30, 64, 10], ['relu', 'softmax']],
    ] as const) {
      const model = randomModel([...sizes], [...acts], 5)
      const X = randomInputs(ROWS, sizes[0], 1)
      expect(maxAbsDiff(await runOnnx(toOnnx(model), X, ROWS, sizes[0]), predict(model.params, X, ROWS))).toBeLessThan(1e-5)
    }
  })

  it('declares opset 13, input/output names and shapes, and carries the preprocessing as metadata', async () => {
    const pre = {
      kind: 'tabular' as const,
      scaling: 'standardize' as const,
      missing: 'drop' as const,
      columns: [
        { kind: 'numeric' as const, name: 'x', offset: 1, scale: 2, impute: null },
        { kind: 'categorical' as const, name: 'c', categories: ['a', 'b'], impute: null },
      ],
      target: { task: 'classification' as const, name: 'y', classes: ['no', 'yes'] },
    }
    const model = randomModel([3, 4, 2], ['relu', 'softmax'], 3, pre)
    const bytes = toOnnx(model, '9.9.9')
    const decoded = onnxModelProto().toObject(onnxModelProto().decode(bytes), { longs: Number, defaults: false }) as Record<string, any>
    expect(decoded.opset_import).toEqual([{ domain: '', version: ONNX_OPSET }])
    expect(decoded.producer_version).toBe('9.9.9')
    const meta = Object.fromEntries(decoded.metadata_props.map((p: { key: string; value: string }) => [p.key, p.value]))
    expect(JSON.parse(meta[ONNX_METADATA_KEYS.preprocessing])).toEqual(pre)
    expect(JSON.parse(meta[ONNX_METADATA_KEYS.activations])).toEqual(['relu', 'softmax'])
    const session = await ort.InferenceSession.create(bytes)
    expect(session.inputNames).toEqual([ONNX_INPUT_NAME])
    expect(session.outputNames).toEqual([ONNX_OUTPUT_NAME])
    const dims = decoded.graph.input[0].type.tensor_type.shape.dim
    expect(dims).toEqual([{ dim_param: 'batch' }, { dim_value: 3 }])
    expect(decoded.graph.output[0].doc_string).toContain('["no","yes"]')
    await session.release()
  })

  it('refuses a non-finite weight, naming it', () => {
    const model = randomModel([2, 3, 1], ['relu', 'identity'], 1)
    const broken: LoadedModel = { ...model, params: { ...model.params, W: [model.params.W[0], Float32Array.from([1, Number.NaN, 2])] } }
    expect(() => toOnnx(broken)).toThrow(ExportError)
    expect(() => toOnnx(broken)).toThrow(/W\[1\]\[0\]\[1\] is NaN/)
  })
})
