import { REFERENCE_TOLERANCE, type ReferencePair } from '../../shared/model-file'
import type { ActivationName } from '../../shared/config'
import type { LoadedModel } from '../engine/model-file-io'
import type { NetworkParams } from '../engine/params'
import { predict } from '../engine/predict'
import { ExportError } from './errors'
import { ONNX_METADATA_KEYS } from './onnx'
import { onnxModelProto, ONNX_FLOAT } from './onnx-schema'
import { fromTfjs } from './tfjs-import'

/**
 * Checks of what an export is about to write, run before anything is reported as saved: the artifact is read back
 * with the same readers an importer would use, and the model's reference rows (inputs with the outputs the
 * trained weights gave, docs/model-format.md) must come out of it again. Every failure is an ExportError saying
 * which format and what disagrees.
 */

/** Every reference row through `params`; refuses the first output off by more than the model file's tolerance. */
export function checkReferenceRows(params: NetworkParams, reference: readonly ReferencePair[], what: string): void {
  if (reference.length === 0) throw new ExportError(`${what}: the model has no reference rows to check the export against`, 'reference')
  const inputs = params.sizes[0]
  const outputs = params.sizes[params.sizes.length - 1]
  const X = new Float64Array(reference.length * inputs)
  reference.forEach((pair, r) => {
    if (pair.input.length !== inputs) throw new ExportError(`${what}: reference row ${r} has ${pair.input.length} inputs, the network takes ${inputs}`, `reference[${r}]`)
    X.set(pair.input, r * inputs)
  })
  const Y = predict(params, X, reference.length)
  reference.forEach((pair, r) => {
    for (let j = 0; j < outputs; j++) {
      const expected = pair.output[j]
      const actual = Y[r * outputs + j]
      if (!(Math.abs(actual - expected) <= REFERENCE_TOLERANCE.absolute + REFERENCE_TOLERANCE.relative * Math.abs(expected))) {
        throw new ExportError(`${what}: reference row ${r}, output ${j} should be ${expected}, the exported weights give ${actual}`, `reference[${r}].output[${j}]`)
      }
    }
  })
}

/** TF.js files read back with our TF.js importer; its weights must reproduce the model's reference rows. */
export function verifyTfjs(modelJsonText: string, weights: Uint8Array, model: LoadedModel): void {
  const what = 'The TensorFlow.js export does not check out'
  let back: LoadedModel
  try {
    back = fromTfjs(modelJsonText, weights, { source: 'model.json' }).model
  } catch (err) {
    throw new ExportError(`${what}: it does not read back (${err instanceof Error ? err.message : String(err)})`)
  }
  if (back.params.sizes.join('-') !== model.params.sizes.join('-')) throw new ExportError(`${what}: it reads back as a ${back.params.sizes.join('-')} network, not ${model.params.sizes.join('-')}`)
  checkReferenceRows(back.params, model.reference, what)
}

/**
 * The ONNX bytes decoded again: every layer's W and b initializers (float32, raw_data) with the right shape, the
 * activations in the metadata, one Gemm per layer; the decoded weights must reproduce the reference rows.
 */
export function verifyOnnx(bytes: Uint8Array, model: LoadedModel): void {
  const what = 'The ONNX export does not check out'
  const type = onnxModelProto()
  let decoded: Record<string, any>
  try {
    decoded = type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as Record<string, any>
  } catch (err) {
    throw new ExportError(`${what}: it does not decode as an ONNX model (${err instanceof Error ? err.message : String(err)})`)
  }
  const { sizes } = model.params
  const layers = sizes.length - 1
  const inits = new Map<string, Record<string, any>>(((decoded.graph?.initializer ?? []) as Record<string, any>[]).map((t) => [String(t.name), t]))
  const floats = (name: string, dims: number[]): Float32Array => {
    const t = inits.get(name)
    if (!t) throw new ExportError(`${what}: initializer ${name} is missing`, name)
    const got = ((t.dims ?? []) as number[]).map(Number)
    if (got.join(',') !== dims.join(',') || t.data_type !== ONNX_FLOAT) throw new ExportError(`${what}: initializer ${name} is [${got.join(', ')}] of type ${t.data_type}, expected float [${dims.join(', ')}]`, name)
    const raw = t.raw_data as Uint8Array | undefined
    const n = dims.reduce((a, b) => a * b, 1)
    if (!raw || raw.length !== n * 4) throw new ExportError(`${what}: initializer ${name} holds ${raw?.length ?? 0} bytes, expected ${n * 4}`, name)
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true)
    return out
  }
  const W: Float32Array[] = []
  const b: Float32Array[] = []
  for (let l = 0; l < layers; l++) {
    W.push(floats(`W${l}`, [sizes[l + 1], sizes[l]]))
    b.push(floats(`b${l}`, [sizes[l + 1]]))
  }
  const gemms = ((decoded.graph?.node ?? []) as Record<string, any>[]).filter((n) => n.op_type === 'Gemm').length
  if (gemms !== layers) throw new ExportError(`${what}: it has ${gemms} Gemm nodes for ${layers} layers`)
  const meta = ((decoded.metadata_props ?? []) as { key: string; value: string }[]).find((p) => p.key === ONNX_METADATA_KEYS.activations)
  const activations = meta ? (JSON.parse(meta.value) as ActivationName[]) : null
  if (!activations || activations.join(',') !== model.params.activations.join(',')) throw new ExportError(`${what}: its activations ${JSON.stringify(activations)} are not the model's ${JSON.stringify(model.params.activations)}`)
  checkReferenceRows({ sizes: [...sizes], activations, W, b }, model.reference, what)
}

/**
 * Predictions CSV text read back: a header and exactly `rows` lines of as many cells, the row numbers as given,
 * and every cell after the row number a finite number except the predicted class (`labelColumn`, classification).
 */
export function verifyPredictionsCsv(text: string, rows: number, labelColumn: boolean, rowNumbers?: ArrayLike<number>): void {
  const what = 'The predictions CSV does not check out'
  const lines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')
  if (lines.length !== rows + 1) throw new ExportError(`${what}: it has ${lines.length - 1} data lines for ${rows} rows`)
  // A quoted cell (a class name) may hold commas; numbers never do.
  const cells = (line: string): string[] => {
    const out: string[] = []
    const re = /"(?:[^"]|"")*"|[^,]*/y
    let i = 0
    for (;;) {
      re.lastIndex = i
      const m = re.exec(line)!
      out.push(m[0])
      i = re.lastIndex
      if (line[i] !== ',') return out
      i++
    }
  }
  const width = cells(lines[0]).length
  for (let r = 1; r <= rows; r++) {
    const c = cells(lines[r])
    if (c.length !== width) throw new ExportError(`${what}: line ${r + 1} has ${c.length} cells, the header ${width}`)
    const expectedRow = rowNumbers ? rowNumbers[r - 1] : r
    if (Number(c[0]) !== expectedRow) throw new ExportError(`${what}: line ${r + 1} is row ${c[0]}, expected ${expectedRow}`)
    for (let k = labelColumn ? 2 : 1; k < c.length; k++) {
      if (c[k].trim() === '' || !Number.isFinite(Number(c[k]))) throw new ExportError(`${what}: line ${r + 1}, cell ${k + 1} is ${JSON.stringify(c[k])}, not a number`)
    }
  }
}
