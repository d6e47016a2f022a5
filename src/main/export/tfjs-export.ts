import { MODEL_FORMAT, MODEL_FORMAT_VERSION } from '../../shared/model-file'
import type { LoadedModel } from '../engine/model-file-io'
import { ExportError } from './errors'
import { OURS_TO_TFJS, TFJS_METADATA_KEY, TFJS_WEIGHTS_FILE, type TfjsModelJson, type TfjsWeightSpec } from './tfjs-format'

/** What a TF.js layers model is on disk: model.json (this object, as JSON) and the weights file it names. */
export interface TfjsArtifacts {
  modelJson: TfjsModelJson
  /** Every weight as float32 little-endian, in weightsManifest order; written as `weights.bin`. */
  weights: Uint8Array
}

/** Layers whose activation TF.js cannot express; empty when the model exports. */
export function tfjsUnsupported(loaded: LoadedModel): string[] {
  return loaded.params.activations.flatMap((a, l) => (OURS_TO_TFJS[a] === null ? [`layer ${l} (activations[${l}]) uses "${a}"`] : []))
}

/**
 * The model as a TF.js layers model: a Sequential of Dense layers (kernel [in, out], bias [out]) with their
 * activations; a leaky-relu layer becomes a linear Dense plus a LeakyReLU layer (α = 0.01). Loadable with
 * `tf.loadLayersModel` (docs/export.md). The preprocessing, config and summary ride along in
 * userDefinedMetadata.backpropStudio, so `fromTfjs` gets the whole model back.
 * Throws ExportError for `step` (no TF.js counterpart; ONNX can carry it) and for non-finite weights.
 */
export function toTfjs(loaded: LoadedModel, appVersion = 'unknown'): TfjsArtifacts {
  const { sizes, activations, W, b } = loaded.params
  const unsupported = tfjsUnsupported(loaded)
  if (unsupported.length > 0) {
    throw new ExportError(
      `Cannot export to TensorFlow.js: ${unsupported.join('; ')}, the threshold unit, which has no TF.js activation or layer. Export to ONNX instead (it has an exact equivalent).`,
      'activations',
    )
  }
  const layers: TfjsModelJson['modelTopology']['config']['layers'] = []
  const specs: TfjsWeightSpec[] = []
  const total = sizes.slice(1).reduce((n, out, l) => n + out * (sizes[l] + 1), 0)
  const bytes = new Uint8Array(total * 4)
  const view = new DataView(bytes.buffer)
  let offset = 0
  const put = (v: number, where: string): void => {
    if (!Number.isFinite(v)) throw new ExportError(`Cannot export to TensorFlow.js: ${where} is ${v}`, where)
    view.setFloat32(offset, v, true)
    offset += 4
  }
  for (let l = 0; l < sizes.length - 1; l++) {
    const inp = sizes[l]
    const out = sizes[l + 1]
    const name = `dense_${l + 1}`
    const mapped = OURS_TO_TFJS[activations[l]]
    layers.push({
      class_name: 'Dense',
      config: {
        name,
        units: out,
        activation: typeof mapped === 'string' ? mapped : 'linear',
        use_bias: true,
        trainable: true,
        dtype: 'float32',
        ...(l === 0 ? { batch_input_shape: [null, inp] } : {}),
      },
    })
    if (mapped !== null && typeof mapped === 'object') layers.push({ class_name: mapped.layer, config: { name: `leaky_re_lu_${l + 1}`, alpha: mapped.alpha, trainable: true } })
    specs.push({ name: `${name}/kernel`, shape: [inp, out], dtype: 'float32' }, { name: `${name}/bias`, shape: [out], dtype: 'float32' })
    // Keras kernels are [in][out]; ours are [out][in]: written transposed.
    for (let i = 0; i < inp; i++) for (let o = 0; o < out; o++) put(W[l][o * inp + i], `W[${l}][${o}][${i}]`)
    for (let o = 0; o < out; o++) put(b[l][o], `b[${l}][${o}]`)
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: `Backprop Studio ${appVersion}`,
      convertedBy: null,
      modelTopology: { class_name: 'Sequential', config: { name: 'backprop_studio_mlp', layers }, keras_version: 'tfjs-layers 4.22.0', backend: 'tensor_flow.js' },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: specs }],
      userDefinedMetadata: {
        [TFJS_METADATA_KEY]: { format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, config: loaded.config, preprocessing: loaded.preprocessing, summary: loaded.summary },
      },
    },
    weights: bytes,
  }
}
