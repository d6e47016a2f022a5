import type { ActivationName } from '../../shared/config'
import type { LoadedModel } from '../engine/model-file-io'
import { ELU_ALPHA, LEAKY_RELU_SLOPE } from '../engine/activations'
import { ExportError } from './errors'
import { onnxModelProto, ONNX_ATTR, ONNX_FLOAT } from './onnx-schema'

/**
 * ONNX export of a trained MLP (docs/export.md). One Gemm per layer (Z = A·Wᵀ + b, transB = 1, so W keeps our
 * [out][in] layout) followed by the layer's activation as the standard ONNX op; float32 throughout.
 * The graph takes the network's input vector, i.e. AFTER preprocessing: scaling and one-hot are not ops in the
 * graph; they travel as JSON in the model's metadata_props for the caller to apply (docs/export.md).
 */

/** ONNX operator set the graph is written against (Softmax over the last axis needs ≥ 13). */
export const ONNX_OPSET = 13
/** IR version 7 is the one that goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7
/** Graph input: float32 [batch, sizes[0]], the preprocessed input rows. */
export const ONNX_INPUT_NAME = 'input'
/** Graph output: float32 [batch, sizes[at end]], what our predict returns (probabilities after softmax/sigmoid). */
export const ONNX_OUTPUT_NAME = 'output'
/** metadata_props keys: JSON of the preprocessing (or "null"), the activations, and the training summary. */
export const ONNX_METADATA_KEYS = {
  preprocessing: 'backprop_studio.preprocessing',
  activations: 'backprop_studio.activations',
  summary: 'backprop_studio.summary',
} as const

interface Attribute {
  name: string
  type: number
  f?: number
  i?: number
}
interface Node {
  op_type: string
  name: string
  input: string[]
  output: string[]
  attribute?: Attribute[]
}

/**
 * The nodes computing `out = f(z)` for one activation. Every activation of the engine has an exact ONNX
 * counterpart; `step` (1 for z ≥ 0, else 0) is GreaterOrEqual(z, 0) cast to float.
 */
function activationNodes(name: ActivationName, z: string, out: string, l: number): { nodes: Node[]; constants: Array<{ name: string; value: number }> } {
  const one = (op_type: string, attribute?: Attribute[]): { nodes: Node[]; constants: [] } => ({
    nodes: [{ op_type, name: `act${l}`, input: [z], output: [out], ...(attribute ? { attribute } : {}) }],
    constants: [],
  })
  switch (name) {
    case 'identity':
      return one('Identity')
    case 'sigmoid':
      return one('Sigmoid')
    case 'tanh':
      return one('Tanh')
    case 'relu':
      return one('Relu')
    case 'leaky-relu':
      return one('LeakyRelu', [{ name: 'alpha', type: ONNX_ATTR.FLOAT, f: LEAKY_RELU_SLOPE }])
    case 'softplus':
      return one('Softplus')
    case 'elu':
      return one('Elu', [{ name: 'alpha', type: ONNX_ATTR.FLOAT, f: ELU_ALPHA }])
    case 'softmax':
      return one('Softmax', [{ name: 'axis', type: ONNX_ATTR.INT, i: -1 }])
    case 'step': {
      const zero = `zero${l}`
      const mask = `mask${l}`
      return {
        nodes: [
          { op_type: 'GreaterOrEqual', name: `act${l}_ge`, input: [z, zero], output: [mask] },
          { op_type: 'Cast', name: `act${l}_cast`, input: [mask], output: [out], attribute: [{ name: 'to', type: ONNX_ATTR.INT, i: ONNX_FLOAT }] },
        ],
        constants: [{ name: zero, value: 0 }],
      }
    }
    default: {
      const never: never = name
      throw new ExportError(`Cannot export to ONNX: layer ${l} has the unknown activation ${JSON.stringify(never)}`, `activations[${l}]`)
    }
  }
}

/** Float32 little-endian bytes of `values` (TensorProto.raw_data must be little-endian whatever the host). */
function rawFloat32(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length * 4)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true)
  return bytes
}

function tensor(name: string, dims: number[], values: ArrayLike<number>): object {
  return { name, dims, data_type: ONNX_FLOAT, raw_data: rawFloat32(values) }
}

function valueInfo(name: string, width: number, doc: string): object {
  return {
    name,
    doc_string: doc,
    type: { tensor_type: { elem_type: ONNX_FLOAT, shape: { dim: [{ dim_param: 'batch' }, { dim_value: width }] } } },
  }
}

/** Non-finite weights would make a file that runs but answers NaN; refused with the weight's place. */
function assertFinite(model: LoadedModel): void {
  const { params } = model
  params.W.forEach((w, l) => {
    const i = w.findIndex((v) => !Number.isFinite(v))
    if (i >= 0) throw new ExportError(`Cannot export: W[${l}][${Math.floor(i / params.sizes[l])}][${i % params.sizes[l]}] is ${w[i]}`, `W[${l}]`)
  })
  params.b.forEach((b, l) => {
    const i = b.findIndex((v) => !Number.isFinite(v))
    if (i >= 0) throw new ExportError(`Cannot export: b[${l}][${i}] is ${b[i]}`, `b[${l}]`)
  })
}

/**
 * The model as an ONNX file (the bytes of a serialized onnx.ModelProto, IR 7, opset 13).
 * Input `input`: float32 [batch, sizes[0]] (preprocessed rows); output `output`: float32 [batch, sizes[at end]].
 * Preprocessing, activations and the training summary are stored as JSON in metadata_props
 * (ONNX_METADATA_KEYS). Throws ExportError for a non-finite weight.
 */
export function toOnnx(loaded: LoadedModel, producerVersion = 'unknown'): Uint8Array {
  assertFinite(loaded)
  const { sizes, activations, W, b } = loaded.params
  const layers = sizes.length - 1
  const nodes: Node[] = []
  const initializer: object[] = []
  let previous = ONNX_INPUT_NAME
  for (let l = 0; l < layers; l++) {
    const z = `z${l}`
    const out = l === layers - 1 ? ONNX_OUTPUT_NAME : `a${l}`
    initializer.push(tensor(`W${l}`, [sizes[l + 1], sizes[l]], W[l]), tensor(`b${l}`, [sizes[l + 1]], b[l]))
    nodes.push({
      op_type: 'Gemm',
      name: `dense${l}`,
      input: [previous, `W${l}`, `b${l}`],
      output: [z],
      attribute: [{ name: 'transB', type: ONNX_ATTR.INT, i: 1 }],
    })
    const act = activationNodes(activations[l], z, out, l)
    nodes.push(...act.nodes)
    for (const c of act.constants) initializer.push(tensor(c.name, [], [c.value]))
    previous = out
  }
  const target = loaded.preprocessing?.target
  const outputDoc =
    target?.task === 'classification'
      ? `one column per class, in this order: ${JSON.stringify(target.classes)}`
      : target?.task === 'regression'
        ? `scaled prediction of ${JSON.stringify(target.name)}: multiply by ${target.scale} and add ${target.offset}`
        : 'the network outputs'
  const model = {
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'Backprop Studio',
    producer_version: producerVersion,
    model_version: 1,
    doc_string: `Multilayer perceptron ${JSON.stringify(sizes)} with activations ${JSON.stringify(activations)}. The input is the preprocessed vector; see metadata ${ONNX_METADATA_KEYS.preprocessing}.`,
    graph: {
      name: 'backprop_studio_mlp',
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_INPUT_NAME, sizes[0], 'preprocessed input rows (scaled numbers, one-hot categories, pixels / 255)')],
      output: [valueInfo(ONNX_OUTPUT_NAME, sizes[layers], outputDoc)],
    },
    metadata_props: [
      { key: ONNX_METADATA_KEYS.preprocessing, value: JSON.stringify(loaded.preprocessing) },
      { key: ONNX_METADATA_KEYS.activations, value: JSON.stringify(activations) },
      { key: ONNX_METADATA_KEYS.summary, value: JSON.stringify(loaded.summary) },
    ],
  }
  const type = onnxModelProto()
  const problem = type.verify(model)
  if (problem) throw new ExportError(`Cannot export to ONNX: internal error building the model: ${problem}`)
  return type.encode(type.fromObject(model)).finish()
}
