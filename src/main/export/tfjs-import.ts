import { z } from 'zod'
import type { ActivationName, ExperimentConfig } from '../../shared/config'
import { describeValue, ExperimentConfigSchema, formatPath } from '../../shared/config-schema'
import { MODEL_FILE_LIMITS, ModelFileError, PreprocessingSchema, TrainingSummarySchema, type ModelFile, type TrainingSummary } from '../../shared/model-file'
import type { Preprocessing } from '../../shared/preprocessing'
import { excessiveNesting, locateJsonError, toModelFile, type LoadedModel } from '../engine/model-file-io'
import type { NetworkParams } from '../engine/params'
import { ExportError } from './errors'
import { ManifestSchema, readTfjsWeights, type TfjsTensor } from './tfjs-weights'
import { TFJS_METADATA_KEY, TFJS_TO_OURS } from './tfjs-format'

/**
 * Import of a TF.js / Keras layers model (model.json + its weights) as one of our models. Accepted: a
 * Sequential of Dense layers with activations we have (linear, sigmoid, tanh, relu, softplus, elu, softmax on
 * the output), optionally an InputLayer, Dropout (inactive at inference), and Activation / LeakyReLU(α = 0.01) /
 * ReLU layers directly after a linear Dense. Anything else is refused with a message naming the layer.
 */

/** What an import gives: the model file (ready to serialize) and the model ready to predict. */
export interface TfjsImport {
  file: ModelFile
  model: LoadedModel
  /** Things people should know, e.g. "dropout_1 (Dropout) skipped: inactive at inference". */
  notes: string[]
}

export interface TfjsImportOptions {
  /** Name of model.json for messages, e.g. "model.json". */
  source?: string
  /** The summary's createdAt when the model carries none of ours (default: now). */
  createdAt?: string
  appVersion?: string
}

/** Layer entries a model.json may list before we refuse it as not an MLP. */
const MAX_TOPOLOGY_LAYERS = 4 * MODEL_FILE_LIMITS.maxLayers
const MAX_TEXT_CHARS = MODEL_FILE_LIMITS.maxTextChars
/** tfjs's model.json of a deep Keras model nests ~10 levels; far more is hostile. */
const MAX_DEPTH = 64

const LayerSchema = z.looseObject({ class_name: z.string().max(200), config: z.looseObject({}) })
const TopologySchema = z.looseObject({
  class_name: z.string().max(200),
  config: z.union([z.looseObject({ layers: z.array(z.unknown()).max(MAX_TOPOLOGY_LAYERS) }), z.array(z.unknown()).max(MAX_TOPOLOGY_LAYERS)]),
})

const ModelJsonSchema = z.looseObject({
  format: z.string().max(100).optional(),
  modelTopology: z.looseObject({}),
  weightsManifest: ManifestSchema,
  userDefinedMetadata: z.looseObject({}).optional(),
})

const OurMetadataSchema = z.looseObject({
  config: ExperimentConfigSchema.nullable(),
  preprocessing: PreprocessingSchema.nullable(),
  summary: TrainingSummarySchema,
})

/** One Dense layer as read, with the activation that ends up applied to its output. */
interface DenseLayer {
  name: string
  units: number
  useBias: boolean
  activation: ActivationName
  /** Where it was in the topology, for messages. */
  where: string
  /** An activation layer already merged into it (a second one would need a layer of its own). */
  merged: string | null
}

/** A value in a message: strings quoted, anything else described. */
function named(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describeValue(v)
}

function fail(problem: string, where: string, source?: string): never {
  const file = source ? `TF.js model ${JSON.stringify(source)}` : 'TF.js model'
  throw new ExportError(`${file}: ${where === '' ? '' : `${where}: `}${problem}`, where)
}

function check<T extends z.ZodType>(schema: T, value: unknown, where: string, source?: string): z.output<T> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const path = formatPath(issue.path)
  return fail(issue.message, [where, path].filter((p) => p !== '').join(path.startsWith('[') ? '' : '.'), source)
}

/** model.json given as text: size cap, nesting guard and JSON syntax with line and column. */
function parseText(text: string, source?: string): unknown {
  if (text.length > MAX_TEXT_CHARS) fail(`is ${text.length} characters long; at most ${MAX_TEXT_CHARS} are read`, '', source)
  const deep = excessiveNesting(text, MAX_DEPTH)
  if (deep >= 0) fail(`lists/objects are nested more than ${MAX_DEPTH} levels deep (at character ${deep + 1})`, '', source)
  try {
    return JSON.parse(text)
  } catch {
    const { offset, problem } = locateJsonError(text)
    const line = text.slice(0, offset).split('\n').length
    const column = offset - text.lastIndexOf('\n', offset - 1)
    return fail(`is not valid JSON: ${problem} at line ${line}, column ${column}`, '', source)
  }
}

/** The activation of a standalone activation layer (Activation, LeakyReLU, ReLU, Softmax), or a refusal. */
function standaloneActivation(cls: string, config: Record<string, unknown>, where: string, source?: string): ActivationName {
  if (cls === 'Activation') {
    const name = config['activation']
    const ours = typeof name === 'string' && Object.hasOwn(TFJS_TO_OURS, name) ? TFJS_TO_OURS[name] : undefined
    if (!ours) fail(`activation ${named(name)} is not supported; supported: ${Object.keys(TFJS_TO_OURS).join(', ')}`, where, source)
    return ours
  }
  if (cls === 'LeakyReLU') {
    const alpha = config['alpha'] ?? config['negative_slope']
    if (typeof alpha !== 'number' || Math.abs(alpha - 0.01) > 1e-7) {
      fail(`LeakyReLU with alpha ${describeValue(alpha)} is not supported: our leaky-relu has slope 0.01 (TF.js's default alpha is 0.3)`, where, source)
    }
    return 'leaky-relu'
  }
  if (cls === 'ReLU') {
    for (const key of ['max_value', 'threshold', 'negative_slope']) {
      const v = config[key]
      if (v !== undefined && v !== null && v !== 0) fail(`ReLU with ${key} ${describeValue(v)} is not supported (only the plain relu)`, where, source)
    }
    return 'relu'
  }
  // Softmax layer
  const axis = config['axis']
  if (axis !== undefined && axis !== -1 && !(Array.isArray(axis) && axis.length === 1 && axis[0] === -1)) fail(`Softmax over axis ${describeValue(axis)} is not supported (only the last axis)`, where, source)
  return 'softmax'
}

/** Input width a layer declares (batch_input_shape / batch_shape [null, n]); null if none; refuses non-flat inputs. */
function declaredInput(config: Record<string, unknown>, where: string, source?: string): number | null {
  const shape = config['batch_input_shape'] ?? config['batch_shape']
  if (shape === undefined || shape === null) return null
  if (!Array.isArray(shape) || shape.length !== 2 || typeof shape[1] !== 'number' || !Number.isInteger(shape[1]) || shape[1] < 1) {
    return fail(`takes inputs shaped ${JSON.stringify(shape)}; only flat vectors [null, n] are supported (an MLP has no image or sequence axes)`, where, source)
  }
  return shape[1]
}

/** Walks the topology into Dense layers with their activations; refuses everything else by name. */
function readLayers(topology: Record<string, unknown>, source?: string): { dense: DenseLayer[]; inputWidth: number | null; notes: string[] } {
  const inner = topology['model_config'] && typeof topology['model_config'] === 'object' ? (topology['model_config'] as Record<string, unknown>) : topology
  const where = inner === topology ? 'modelTopology' : 'modelTopology.model_config'
  const topo = check(TopologySchema, inner, where, source)
  if (topo.class_name !== 'Sequential') {
    fail(`is a ${JSON.stringify(topo.class_name)} model; only Sequential models (a chain of Dense layers) can be imported`, `${where}.class_name`, source)
  }
  const list = Array.isArray(topo.config) ? topo.config : topo.config.layers
  const dense: DenseLayer[] = []
  const notes: string[] = []
  let inputWidth: number | null = null
  list.forEach((raw, i) => {
    const at = `${where}.config.layers[${i}]`
    const layer = check(LayerSchema, raw, at, source)
    const name = typeof layer.config['name'] === 'string' ? layer.config['name'] : `#${i}`
    const here = `layer ${JSON.stringify(name)} (${layer.class_name}, ${at})`
    const declared = declaredInput(layer.config, here, source)
    if (declared !== null && (dense.length > 0 || (inputWidth !== null && inputWidth !== declared))) {
      fail(`declares an input shape of width ${declared} in the middle of the model`, here, source)
    }
    if (declared !== null) inputWidth = declared
    switch (layer.class_name) {
      case 'InputLayer':
        if (dense.length > 0) fail('an InputLayer after other layers is not supported', here, source)
        return
      case 'Dropout':
        notes.push(`${name} (Dropout) skipped: inactive at inference`)
        return
      case 'Dense': {
        const units = layer.config['units']
        if (typeof units !== 'number' || !Number.isInteger(units) || units < 1 || units > MODEL_FILE_LIMITS.maxUnits) fail(`units ${describeValue(units)} is not a whole number from 1 to ${MODEL_FILE_LIMITS.maxUnits}`, here, source)
        const act = layer.config['activation'] ?? 'linear'
        const ours = typeof act === 'string' && Object.hasOwn(TFJS_TO_OURS, act) ? TFJS_TO_OURS[act] : undefined
        if (!ours) fail(`activation ${named(act)} is not supported; supported: ${Object.keys(TFJS_TO_OURS).join(', ')} (and LeakyReLU with alpha 0.01 as a layer)`, here, source)
        const useBias = layer.config['use_bias'] ?? true
        if (typeof useBias !== 'boolean') fail(`use_bias ${describeValue(useBias)} is not true or false`, here, source)
        if (dense.length >= MODEL_FILE_LIMITS.maxLayers) fail(`the model has more than ${MODEL_FILE_LIMITS.maxLayers} Dense layers`, here, source)
        dense.push({ name, units, useBias, activation: ours, where: here, merged: null })
        return
      }
      case 'Activation':
      case 'LeakyReLU':
      case 'ReLU':
      case 'Softmax': {
        const act = standaloneActivation(layer.class_name, layer.config, here, source)
        const prev = dense.at(-1)
        if (!prev) fail('an activation layer before any Dense layer is not supported (it would act on the raw inputs)', here, source)
        if (prev.activation !== 'identity' || prev.merged) {
          fail(`follows ${prev.merged ?? prev.where}, which already applies "${prev.activation}"; one activation per Dense layer is supported`, here, source)
        }
        prev.activation = act
        prev.merged = here
        return
      }
      default:
        fail(`is not supported: only Dense layers (with InputLayer, Dropout, Activation, ReLU, Softmax and LeakyReLU(alpha 0.01)) can be imported into an MLP`, here, source)
    }
  })
  if (dense.length === 0) fail('has no Dense layer', where, source)
  return { dense, inputWidth, notes }
}

/** Our metadata from a model we exported, checked; null when the model carries none. */
function ourMetadata(meta: Record<string, unknown> | undefined, source?: string): { config: ExperimentConfig | null; preprocessing: Preprocessing | null; summary: TrainingSummary } | null {
  const ours = meta?.[TFJS_METADATA_KEY]
  if (ours === undefined) return null
  return check(OurMetadataSchema, ours, `userDefinedMetadata.${TFJS_METADATA_KEY}`, source)
}

/**
 * A TF.js layers model as one of ours. `modelJson`: model.json parsed or as text; `weights`: the bytes of
 * every file in its weightsManifest paths, concatenated in manifest order (one weights.bin for ours and for
 * tfjs's own saves). Throws ExportError naming the layer, weight or field for anything unsupported or wrong:
 * non-Dense layers, unknown activations, weights of the wrong dtype/shape, truncated or oversized weights,
 * hostile JSON. The result's weights reproduce TF.js's predictions (float32, to ~1e-6).
 */
export function fromTfjs(modelJson: unknown, weights: Uint8Array, options: TfjsImportOptions = {}): TfjsImport {
  const { source } = options
  const value = typeof modelJson === 'string' ? parseText(modelJson.charCodeAt(0) === 0xfeff ? modelJson.slice(1) : modelJson, source) : modelJson
  if (value && typeof value === 'object' && (value as Record<string, unknown>)['format'] === 'graph-model') {
    fail('is a TF.js graph model (converted from a TensorFlow SavedModel); only layers models (format "layers-model") can be imported', 'format', source)
  }
  const json = check(ModelJsonSchema, value, '', source)
  if (json.format !== undefined && json.format !== 'layers-model') fail(`format ${JSON.stringify(json.format)} is not "layers-model"`, 'format', source)
  if (!(weights instanceof Uint8Array)) fail(`expected the weights as bytes, got ${describeValue(weights)}`, 'weights', source)
  const { dense, inputWidth, notes } = readLayers(json.modelTopology, source)
  const meta = ourMetadata(json.userDefinedMetadata, source)

  const tensors = readTfjsWeights(json.weightsManifest, weights, source)
  const used = new Set<string>()
  // Keras converters may prefix weight names with the model's name ("sequential/dense/kernel").
  const lookup = (exact: string): [string, TfjsTensor] | undefined => {
    const direct = tensors.get(exact)
    return direct ? [exact, direct] : [...tensors.entries()].find(([k]) => k.endsWith(`/${exact}`))
  }
  const take = (layer: DenseLayer, kind: 'kernel' | 'bias', shape: number[]): Float32Array => {
    const exact = `${layer.name}/${kind}`
    const hit = lookup(exact)
    if (!hit) fail(`the weights manifest has no "${exact}"`, layer.where, source)
    const [key, found] = hit
    if (found.shape.length !== shape.length || found.shape.some((d, i) => d !== shape[i])) {
      fail(`weight "${key}" has shape ${JSON.stringify(found.shape)}, expected ${JSON.stringify(shape)}`, layer.where, source)
    }
    used.add(key)
    return found.values
  }

  const sizes: number[] = []
  const W: Float32Array[] = []
  const b: Float32Array[] = []
  dense.forEach((layer, l) => {
    const kernelIn = lookup(`${layer.name}/kernel`)?.[1].shape[0]
    const inp = l === 0 ? (inputWidth ?? kernelIn ?? 0) : sizes[l]
    if (l === 0) sizes.push(inp)
    const kernel = take(layer, 'kernel', [inp, layer.units])
    const w = new Float32Array(layer.units * inp)
    // Keras kernels are [in][out]; ours are [out][in].
    for (let i = 0; i < inp; i++) for (let o = 0; o < layer.units; o++) w[o * inp + i] = kernel[i * layer.units + o]
    W.push(w)
    b.push(layer.useBias ? Float32Array.from(take(layer, 'bias', [layer.units])) : new Float32Array(layer.units))
    sizes.push(layer.units)
  })
  const unused = [...tensors.keys()].filter((k) => !used.has(k))
  if (unused.length > 0) fail(`weight "${unused[0]}" belongs to no Dense layer of the model`, 'weightsManifest', source)
  const activations = dense.map((d) => d.activation)
  const softmaxAt = activations.indexOf('softmax')
  if (softmaxAt >= 0 && softmaxAt < activations.length - 1) fail('softmax is only supported on the output layer', dense[softmaxAt].merged ?? dense[softmaxAt].where, source)

  const params: NetworkParams<Float32Array> = { sizes, activations, W, b }
  const summary: TrainingSummary = meta?.summary ?? {
    epochs: 0,
    metrics: {},
    backend: 'tfjs-import',
    durationMs: 0,
    createdAt: options.createdAt ?? new Date().toISOString(),
    appVersion: options.appVersion ?? 'unknown',
  }
  let file: ModelFile
  try {
    file = toModelFile({ params, config: meta?.config ?? null, preprocessing: meta?.preprocessing ?? null, summary })
  } catch (err) {
    if (err instanceof ModelFileError) fail(`does not make a valid model: ${err.problem}`, err.path, source)
    throw err
  }
  return { file, model: { params, config: file.config, preprocessing: file.preprocessing, summary: file.summary, reference: file.reference }, notes }
}
