import { z } from 'zod'
import { parameterCount, type ActivationName, type ExperimentConfig } from './config'
import type { Preprocessing } from './preprocessing'
import { inputWidth, outputWidth } from './preprocessing'

export { parameterCount }
import { ActivationNameSchema, ExperimentConfigSchema, describeValue, FiniteNumberSchema, formatPath, peopleErrors } from './config-schema'

/**
 * The model file: the JSON that carries a trained network out of the app and back in (docs/model-format.md).
 * This module holds the format's types, its limits, its zod schemas and `validateModelFile`, which checks an
 * already-parsed value strictly and in an order that never allocates from a lying header. Reading text
 * (size cap, nesting guard, JSON syntax errors with line and column) and checking the reference outputs with
 * the engine live in src/main/engine/model-file-io.ts.
 */

export const MODEL_FORMAT = 'backprop-studio.model'
/** The only version this app writes and reads. See docs/model-format.md, "Versioning". */
export const MODEL_FORMAT_VERSION = 1

/** What a model file may declare. Checked before anything is allocated from the declared sizes. */
export const MODEL_FILE_LIMITS = {
  /** Characters of JSON text (256 Mi): about 10 M float32 weights at full precision. */
  maxTextChars: 256 * 1024 * 1024,
  /** Nesting depth of arrays/objects; a valid file needs 5. Deeper text is refused before JSON.parse. */
  maxDepth: 32,
  /** Weight layers (sizes has one more entry). */
  maxLayers: 64,
  /** Units in one layer, inputs included. */
  maxUnits: 1_000_000,
  /** Weights plus biases over all layers. */
  maxParams: 10_000_000,
  maxReferences: 5,
  maxMetrics: 64,
} as const

/**
 * Reference pairs are recomputed on import and must agree within |a − e| ≤ absolute + relative·|e|
 * (e: the file's output, a: ours). predict runs in float64, so an honest file agrees to ~1e-15.
 */
export const REFERENCE_TOLERANCE = { relative: 1e-6, absolute: 1e-9 } as const

/** How a training run ended, for people reading the file. */
export interface TrainingSummary {
  /** Epochs actually run (early stopping may end before config.training.epochs); 0 for an untrained network. */
  epochs: number
  /** Final metrics by name, e.g. { "train.loss": 0.12, "validation.accuracy": 0.97 }; finite numbers only. */
  metrics: Record<string, number>
  /** Kernel backend that trained it, e.g. 'ts-f32', 'wasm-simd'. */
  backend: string
  /** Wall-clock training time in milliseconds. */
  durationMs: number
  /** When the file was written: ISO 8601 UTC, e.g. "2026-01-31T12:00:00.000Z". */
  createdAt: string
  /** Version of Backprop Studio that wrote the file. */
  appVersion: string
}

/** One input row in the network's input space (after preprocessing) and the float64 outputs it gave. */
export interface ReferencePair {
  /** sizes[0] numbers. */
  input: number[]
  /** sizes[sizes.length − 1] numbers. */
  output: number[]
}

/**
 * A parsed, validated model file. Layer l maps sizes[l] → sizes[l+1] with activations[l]:
 * z = W[l]·a + b[l], W[l] is [out][in] (sizes[l+1] rows of sizes[l] numbers), b[l] has sizes[l+1] numbers.
 * Weights are float32 values written as JSON numbers.
 */
export interface ModelFile {
  format: typeof MODEL_FORMAT
  version: typeof MODEL_FORMAT_VERSION
  /** [inputs, hidden..., outputs]. */
  sizes: number[]
  /** One per weight layer; the last is the output activation. */
  activations: ActivationName[]
  /** How it was trained; null for a network not trained by the app (e.g. a hand-set perceptron with 'step'). */
  config: ExperimentConfig | null
  /** How to turn a raw record into the input vector and the outputs into labels; null for raw-matrix models. */
  preprocessing: Preprocessing | null
  summary: TrainingSummary
  /** 1..5 inputs with the outputs the exporting app computed, so any reader can verify its own forward pass. */
  reference: ReferencePair[]
  W: number[][][]
  b: number[][]
}

/**
 * A model file that cannot be read (or a network that cannot be written). `path` names the field in the
 * file's own notation ("W[1][3][7]", "config.model.loss"; '' for the file as a whole); the message says
 * which file, where, and what is wrong.
 */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError'
  constructor(
    message: string,
    /** The offending field, e.g. "W[1][3][7]"; '' when the problem is the file as a whole. */
    readonly path: string = '',
    /** The problem alone, without file name and path. */
    readonly problem: string = message,
  ) {
    super(message)
  }
}

/** The error for a file being read: "<source>: <path>: <problem>". */
export function importError(problem: string, path: ReadonlyArray<PropertyKey> | string, source?: string): ModelFileError {
  const where = typeof path === 'string' ? path : formatPath(path)
  const file = source ? `Model file ${JSON.stringify(source)}` : 'Model file'
  return new ModelFileError(`${file}: ${where === '' ? '' : `${where}: `}${problem}`, where, problem)
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/**
 * A list of at most `max` items that reports only its first bad item. zod reports every bad element, and a
 * hostile file of a million wrong-typed entries would otherwise build a million issue objects.
 */
function firstIssueList<T extends z.ZodType>(item: T, min: number, max: number): z.ZodType<z.output<T>[]> {
  return z
    .array(z.unknown())
    .min(min)
    .max(max)
    .transform((items, ctx) => {
      const out: z.output<T>[] = []
      for (let i = 0; i < items.length; i++) {
        const parsed = item.safeParse(items[i], { error: peopleErrors, reportInput: true })
        if (!parsed.success) {
          const issue = parsed.error.issues[0]
          const path: PropertyKey[] = [i, ...issue.path]
          if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0])
          ctx.addIssue({ code: 'custom', path: path as (string | number)[], message: issue.message, input: items[i] })
          return z.NEVER
        }
        out.push(parsed.data)
      }
      return out
    })
}

/** The largest finite float32; a larger weight would become Infinity in a Float32Array. */
const FLOAT32_MAX = 3.4028234663852886e38

function numberProblem(v: unknown, float32: boolean): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `expected a finite number, got ${describeValue(v)}`
    if (float32 && Math.abs(v) > FLOAT32_MAX) return `${v} is outside the float32 range (±3.4e38)`
    return null
  }
  if (typeof v === 'string') return `expected a number, got ${describeValue(v)} (numbers must not be quoted)`
  return `expected a number, got ${describeValue(v)}`
}

/** `value` must be a list of exactly `length` finite numbers; throws naming the first bad entry. */
function checkVector(value: unknown, length: number, path: string, meaning: string, float32: boolean, source?: string): void {
  if (!Array.isArray(value)) throw importError(`expected a list of ${length} numbers (${meaning}), got ${describeValue(value)}`, path, source)
  if (value.length !== length) throw importError(`has ${value.length} numbers, but ${meaning} needs ${length}`, path, source)
  for (let i = 0; i < length; i++) {
    const problem = numberProblem(value[i], float32)
    if (problem) throw importError(problem, `${path}[${i}]`, source)
  }
}

/**
 * W, b and the reference pairs: shapes against sizes (W[l] is sizes[l+1] rows of sizes[l] numbers, b[l] has
 * sizes[l+1]), every entry a finite number (weights within float32 range). Stops at the first problem.
 */
function checkNumbers(file: { sizes: number[]; W: unknown[]; b: unknown[]; reference: Array<{ input: unknown[]; output: unknown[] }> }, source?: string): void {
  const { sizes, W, b, reference } = file
  const layers = sizes.length - 1
  if (W.length !== layers) throw importError(`has ${W.length} matrices, but sizes ${JSON.stringify(sizes)} describe ${layers} layer(s)`, 'W', source)
  if (b.length !== layers) throw importError(`has ${b.length} vectors, but sizes ${JSON.stringify(sizes)} describe ${layers} layer(s)`, 'b', source)
  for (let l = 0; l < layers; l++) {
    const rows = W[l]
    const out = sizes[l + 1]
    const inp = sizes[l]
    if (!Array.isArray(rows)) throw importError(`expected ${out} rows (a list of lists), got ${describeValue(rows)}`, `W[${l}]`, source)
    if (rows.length !== out) throw importError(`has ${rows.length} rows, but layer ${l} has ${out} outputs (sizes[${l + 1}] = ${out}); W[l] is [out][in]`, `W[${l}]`, source)
    for (let r = 0; r < out; r++) checkVector(rows[r], inp, `W[${l}][${r}]`, `layer ${l} has ${inp} inputs (sizes[${l}] = ${inp}) and each row of W[${l}]`, true, source)
    checkVector(b[l], out, `b[${l}]`, `layer ${l} has ${out} outputs (sizes[${l + 1}] = ${out}), so b[${l}]`, true, source)
  }
  reference.forEach((pair, i) => {
    checkVector(pair.input, sizes[0], `reference[${i}].input`, `the network has ${sizes[0]} inputs and the input`, false, source)
    checkVector(pair.output, sizes[layers], `reference[${i}].output`, `the network has ${sizes[layers]} outputs and the output`, false, source)
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas

const limits = MODEL_FILE_LIMITS
const nonZero = FiniteNumberSchema.refine((v) => v !== 0, { message: 'must not be 0 (it divides)' })

function unique(what: string) {
  return (items: readonly string[], ctx: z.RefinementCtx): void => {
    const seen = new Set<string>()
    for (let i = 0; i < items.length; i++) {
      if (seen.has(items[i])) {
        ctx.addIssue({ code: 'custom', path: [i], message: `${what} ${JSON.stringify(items[i])} appears twice`, input: items[i] })
        return
      }
      seen.add(items[i])
    }
  }
}

export const TargetEncodingSchema = z.discriminatedUnion('task', [
  z.strictObject({
    task: z.literal('classification'),
    name: z.string(),
    classes: firstIssueList(z.string(), 1, limits.maxUnits).superRefine(unique('class label')),
  }),
  z.strictObject({ task: z.literal('regression'), name: z.string(), offset: FiniteNumberSchema, scale: nonZero }),
])

const ColumnEncodingSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('numeric'), name: z.string(), offset: FiniteNumberSchema, scale: nonZero, impute: FiniteNumberSchema.nullable() }),
  z.strictObject({
    kind: z.literal('categorical'),
    name: z.string(),
    categories: firstIssueList(z.string(), 1, limits.maxUnits).superRefine(unique('category')),
    impute: z.string().nullable(),
  }),
])

/** Preprocessing (src/shared/preprocessing.ts): column names, class labels and categories must be unique. */
export const PreprocessingSchema: z.ZodType<Preprocessing> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('tabular'),
    scaling: z.enum(['standardize', 'min-max', 'none']),
    missing: z.enum(['drop', 'impute']),
    columns: firstIssueList(ColumnEncodingSchema, 1, limits.maxUnits).superRefine((columns, ctx) =>
      unique('column name')(columns.map((c) => c.name), ctx),
    ),
    target: TargetEncodingSchema,
  }),
  z.strictObject({
    kind: z.literal('image'),
    width: z.number().int().min(1).max(limits.maxUnits),
    height: z.number().int().min(1).max(limits.maxUnits),
    target: TargetEncodingSchema,
  }),
])

/** Metric names → finite numbers; at most maxMetrics, and no `__proto__` (zod would silently drop it). */
const MetricsSchema = z
  .custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), { message: 'expected an object of metric name → number' })
  .superRefine((obj, ctx) => {
    const keys = Object.keys(obj)
    if (keys.length > limits.maxMetrics) ctx.addIssue({ code: 'custom', message: `at most ${limits.maxMetrics} metrics, got ${keys.length}`, input: obj })
    if (Object.hasOwn(obj, '__proto__')) ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'not an allowed metric name', input: obj })
  })
  .pipe(z.record(z.string().min(1).max(100), FiniteNumberSchema))

export const TrainingSummarySchema: z.ZodType<TrainingSummary> = z.strictObject({
  epochs: z.number().int().min(0).max(1_000_000),
  metrics: MetricsSchema,
  backend: z.string().min(1).max(100),
  durationMs: z.number().nonnegative(),
  createdAt: z.iso.datetime(),
  appVersion: z.string().min(1).max(100),
})

/** sizes and activations: checked (with the parameter count) before anything else is read. */
const ArchitectureSchema = z.object({
  sizes: z.array(z.number().int().min(1).max(limits.maxUnits)).min(2).max(limits.maxLayers + 1),
  activations: z.array(ActivationNameSchema).max(limits.maxLayers),
})

/** The whole file, with W, b and the reference numbers left to `checkNumbers` (fast, first problem only). */
const ModelFileShapeSchema = z.strictObject({
  format: z.literal(MODEL_FORMAT),
  version: z.literal(MODEL_FORMAT_VERSION),
  sizes: z.array(z.number()),
  activations: z.array(z.string()),
  config: ExperimentConfigSchema.nullable(),
  preprocessing: PreprocessingSchema.nullable(),
  summary: TrainingSummarySchema,
  reference: z
    .array(z.strictObject({ input: z.array(z.unknown()), output: z.array(z.unknown()) }))
    .min(1)
    .max(limits.maxReferences),
  W: z.array(z.unknown()).max(limits.maxLayers),
  b: z.array(z.unknown()).max(limits.maxLayers),
})

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** Weights plus biases that `sizes` declares (a plain number: no allocation). */
function firstZodProblem(error: z.ZodError, source?: string): ModelFileError {
  const issue = error.issues[0]
  const path: PropertyKey[] = [...issue.path]
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0])
  return importError(issue.message, path, source)
}

function check<T>(schema: z.ZodType<T>, value: unknown, source?: string): T {
  const parsed = schema.safeParse(value, { error: peopleErrors, reportInput: true })
  if (!parsed.success) throw firstZodProblem(parsed.error, source)
  return parsed.data
}

/**
 * Checks a parsed JSON value strictly and returns it typed, or throws a ModelFileError naming the first
 * problem's field. Order: root type → format and version → sizes and activations against the limits (so a
 * declared 10⁹-unit layer is refused before anything is built) → every field's shape and names (unknown keys
 * refused) → W, b and reference numbers (shapes chain, finite, float32 range) → agreement between
 * sizes/activations, config and preprocessing, and the (output, loss) pairing. Does not recompute the
 * reference outputs: that needs the engine (model-file-io.ts).
 */
export function validateModelFile(value: unknown, source?: string): ModelFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw importError(`expected a JSON object at the top level, got ${Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`}`, '', source)
  }
  const root = value as Record<string, unknown>
  if (!Object.hasOwn(root, 'format')) throw importError(`"format" is missing: this is not a Backprop Studio model file (expected "format": "${MODEL_FORMAT}")`, '', source)
  if (root.format !== MODEL_FORMAT) throw importError(`expected "${MODEL_FORMAT}", got ${JSON.stringify(root.format) ?? 'nothing'}: this is not a Backprop Studio model file`, 'format', source)
  if (!Object.hasOwn(root, 'version')) throw importError(`"version" is missing (this app reads version ${MODEL_FORMAT_VERSION})`, '', source)
  if (root.version !== MODEL_FORMAT_VERSION) {
    const got = typeof root.version === 'number' ? String(root.version) : JSON.stringify(root.version)
    throw importError(`${got} is not supported: this app reads model files of version ${MODEL_FORMAT_VERSION}${typeof root.version === 'number' && root.version > MODEL_FORMAT_VERSION ? ' (the file was written by a newer Backprop Studio)' : ''}`, 'version', source)
  }

  const { sizes, activations } = check(ArchitectureSchema, { sizes: root.sizes, activations: root.activations }, source)
  const layers = sizes.length - 1
  const params = parameterCount(sizes)
  if (params > limits.maxParams) {
    throw importError(`declares ${params.toLocaleString('en-US')} parameters (weights and biases); at most ${limits.maxParams.toLocaleString('en-US')} are allowed`, 'sizes', source)
  }
  if (activations.length !== layers) throw importError(`must have ${layers} entries (one per layer of sizes ${JSON.stringify(sizes)}), got ${activations.length}`, 'activations', source)
  const softmaxAt = activations.indexOf('softmax')
  if (softmaxAt >= 0 && softmaxAt < layers - 1) throw importError('softmax is only allowed on the output layer', ['activations', softmaxAt], source)

  const file = check(ModelFileShapeSchema, root, source)
  checkNumbers(file, source)
  checkAgreement(file as unknown as ModelFile, source)
  return file as unknown as ModelFile
}

/** config and preprocessing must describe the same network as sizes and activations. */
function checkAgreement(file: ModelFile, source?: string): void {
  const { sizes, activations, config, preprocessing } = file
  const layers = sizes.length - 1
  if (config) {
    const hidden = config.model.hidden
    if (hidden.length !== layers - 1) {
      throw importError(`has ${hidden.length} hidden layer(s), but sizes ${JSON.stringify(sizes)} has ${layers - 1}`, 'config.model.hidden', source)
    }
    hidden.forEach((layer, i) => {
      if (layer.units !== sizes[i + 1]) throw importError(`is ${layer.units}, but sizes[${i + 1}] is ${sizes[i + 1]}`, ['config', 'model', 'hidden', i, 'units'], source)
      if (layer.activation !== activations[i]) throw importError(`is "${layer.activation}", but activations[${i}] is "${activations[i]}"`, ['config', 'model', 'hidden', i, 'activation'], source)
    })
    if (config.model.output !== activations[layers - 1]) {
      throw importError(`is "${config.model.output}", but activations[${layers - 1}] (the output layer) is "${activations[layers - 1]}"`, 'config.model.output', source)
    }
  }
  if (preprocessing) {
    const inputs = inputWidth(preprocessing)
    if (inputs !== sizes[0]) {
      throw importError(`yields ${inputs} network inputs, but sizes[0] is ${sizes[0]}`, 'preprocessing', source)
    }
    const outputs = outputWidth(preprocessing.target)
    if (outputs !== sizes[layers]) {
      throw importError(`needs ${outputs} network output(s), but sizes[${layers}] is ${sizes[layers]}`, 'preprocessing.target', source)
    }
  }
}
