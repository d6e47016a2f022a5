import { z } from 'zod'
import { ACTIVATIONS, HIDDEN_ACTIVATIONS, INITS, LOSSES, OUTPUT_ACTIVATIONS } from './config'
import type { ExperimentConfig } from './config'
import type { Result } from './ipc'
import { pairingProblem, STEP_NOT_TRAINABLE } from './pairings'

/**
 * The zod schema of ExperimentConfig (src/shared/config.ts), for configs that arrive from IPC, the CLI, JSON
 * files and model files; plus the helpers that turn zod issues into messages for people ("model.hidden[0].units:
 * must be ≥ 1, got -3"). Strict: an unknown key anywhere is refused, so a typo never silently becomes a default.
 */

/** Bounds a config must respect; beyond them a run would be absurd or could not fit in memory. */
export const CONFIG_LIMITS = {
  /** Hidden layers; with the output layer a network has at most 64 weight layers (the model file's limit). */
  maxHiddenLayers: 63,
  /** Units in one hidden layer. */
  maxUnits: 100_000,
  maxEpochs: 100_000,
  maxBatchSize: 1_000_000,
  maxPatience: 100_000,
  /** Seeds are unsigned 32-bit integers: the generator reduces larger ones, so they would silently alias. */
  maxSeed: 4_294_967_295,
} as const

const finite = z.number()
const positive = z.number().positive()
const nonNegative = z.number().nonnegative()
/** A fraction in [0, 1): momentum and Adam's betas (1 would never forget; more would diverge). */
const fraction = z.number().nonnegative().lt(1)
const wholeNumber = (min: number, max: number): z.ZodNumber => z.number().int().min(min).max(max)

const hiddenActivation = z.enum(HIDDEN_ACTIVATIONS, {
  error: (issue) => {
    if (issue.input === 'step') return STEP_NOT_TRAINABLE
    if (issue.input === 'softmax') return `softmax is only available on the output layer; valid hidden activations: ${HIDDEN_ACTIVATIONS.join(', ')}`
    return undefined
  },
})
const outputActivation = z.enum(OUTPUT_ACTIVATIONS, {
  error: (issue) => (issue.input === 'step' ? STEP_NOT_TRAINABLE : undefined),
})

export const HiddenLayerSchema = z.strictObject({
  units: wholeNumber(1, CONFIG_LIMITS.maxUnits),
  activation: hiddenActivation,
})

/** ModelConfig, with the (output, loss) pairing checked by shared/pairings.ts (the issue sits on `loss`). */
export const ModelConfigSchema = z
  .strictObject({
    hidden: z.array(HiddenLayerSchema).max(CONFIG_LIMITS.maxHiddenLayers),
    output: outputActivation,
    loss: z.enum(LOSSES),
    huberDelta: positive,
    lambda: nonNegative,
    init: z.enum(INITS),
    initEpsilon: positive,
  })
  .superRefine((model, ctx) => {
    const problem = pairingProblem(model.output, model.loss)
    if (problem) ctx.addIssue({ code: 'custom', path: ['loss'], message: problem, input: model.loss })
  })

export const OptimizerConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sgd'), learningRate: positive }),
  z.strictObject({ kind: z.literal('momentum'), learningRate: positive, momentum: fraction, nesterov: z.boolean() }),
  z.strictObject({ kind: z.literal('adam'), learningRate: positive, beta1: fraction, beta2: fraction, epsilon: positive }),
])

export const TrainingConfigSchema = z.strictObject({
  batchSize: wholeNumber(1, CONFIG_LIMITS.maxBatchSize),
  epochs: wholeNumber(1, CONFIG_LIMITS.maxEpochs),
  shuffle: z.boolean(),
  earlyStopping: z.strictObject({ patience: wholeNumber(1, CONFIG_LIMITS.maxPatience), restoreBest: z.boolean() }).nullable(),
  seed: wholeNumber(0, CONFIG_LIMITS.maxSeed),
})

/** The whole ExperimentConfig. Parse with `{ error: peopleErrors, reportInput: true }` for readable messages. */
export const ExperimentConfigSchema: z.ZodType<ExperimentConfig> = z.strictObject({
  model: ModelConfigSchema,
  optimizer: OptimizerConfigSchema,
  training: TrainingConfigSchema,
})

/**
 * Checks an untrusted value (IPC payload, parsed JSON, CLI input) against ExperimentConfigSchema.
 * The error lists up to 5 problems, one a line, each "field.path: what is wrong, got what".
 */
export function checkExperimentConfig(value: unknown): Result<ExperimentConfig> {
  const parsed = ExperimentConfigSchema.safeParse(value, { error: peopleErrors, reportInput: true })
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, error: `Invalid experiment config:\n${describeIssues(parsed.error.issues)}` }
}

// ---------------------------------------------------------------------------------------------------------------
// Messages for people

/** ['model', 'hidden', 0, 'units'] → "model.hidden[0].units" (the way a reader would write it in code). */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

/** A short description of a value for an error message: never dumps a big array or object. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    return `the string ${JSON.stringify(shown)}`
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (!Number.isFinite(value)) return `${value} (a number too large to represent, e.g. 1e999)`
    return String(value)
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

const EXPECTED_NAMES: Record<string, string> = {
  number: 'a finite number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
}

/** A name as written in the file ("rmsprop"), or a description when it is not a string. */
function quoteName(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : describeValue(value)
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ')
}

/** "must be ≥ 1, got -3", "must have at most 5 items, got 7", "must have at least 1 character, got 0". */
function bound(words: 'at least' | 'at most', op: string, limit: unknown, origin: string | undefined, input: unknown): string {
  if (origin === 'array' || origin === 'string') {
    const unit = origin === 'array' ? 'item' : 'character'
    const length = Array.isArray(input) || typeof input === 'string' ? `, got ${input.length}` : ''
    return `must have ${words} ${String(limit)} ${unit}${limit === 1 ? '' : 's'}${length}`
  }
  return `must be ${op} ${String(limit)}, got ${typeof input === 'number' ? String(input) : describeValue(input)}`
}

/**
 * A zod error map (pass as `{ error: peopleErrors, reportInput: true }` to parse/safeParse) that replaces zod's
 * default wording with messages that say what was expected and what was found. The field path is not part of
 * the message: `describeIssues` puts it in front. Messages set on a schema itself (e.g. why 'step' cannot be
 * trained) take precedence over this map.
 */
export function peopleErrors(issue: z.core.$ZodRawIssue): string | undefined {
  const input = issue.input
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected
      if (issue.expected === 'number' && typeof input === 'string') return `expected ${expected}, got ${describeValue(input)} (numbers must not be quoted)`
      return `expected ${expected}, got ${describeValue(input)}`
    }
    case 'too_small':
      return bound('at least', issue.inclusive ? '≥' : '>', issue.minimum, issue.origin, input)
    case 'too_big':
      return bound('at most', issue.inclusive ? '≤' : '<', issue.maximum, issue.origin, input)
    case 'invalid_value':
      return `unknown value ${quoteName(input)}; valid: ${quoteList(issue.values)}`
    case 'unrecognized_keys':
      return issue.keys.length === 1 ? 'unknown field' : `unknown fields ${quoteList(issue.keys)}`
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[issue.discriminator] : input
        const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : []
        return `unknown ${issue.discriminator} ${quoteName(value)}; valid: ${quoteList(options)}`
      }
      return `does not match any allowed form (got ${describeValue(input)})`
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return `expected an ISO 8601 UTC date-time such as "2026-01-31T12:00:00.000Z", got ${describeValue(input)}`
      return `expected the ${issue.format} format, got ${describeValue(input)}`
    default:
      return undefined
  }
}

/** One issue as "path: message" (unknown keys name the key itself: "model.colour: unknown field"). */
export function describeIssue(issue: z.core.$ZodIssue, prefix: ReadonlyArray<PropertyKey> = []): string {
  const path = [...prefix, ...issue.path]
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) path.push(issue.keys[0])
  const where = formatPath(path)
  return where === '' ? issue.message : `${where}: ${issue.message}`
}

/** Up to `max` issues, one a line, each "path: message"; says how many more there were. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey> = [], max = 5): string {
  const lines = issues.slice(0, max).map((issue) => describeIssue(issue, prefix))
  if (issues.length > max) lines.push(`(and ${issues.length - max} more problem${issues.length - max === 1 ? '' : 's'})`)
  return lines.join('\n')
}

/** Every activation name a model file may carry (the engine's set, including the inference-only 'step'). */
export const ActivationNameSchema = z.enum(ACTIVATIONS)

/** A finite number (zod 4 refuses NaN and ±Infinity for z.number()); exported for the model-file schema. */
export const FiniteNumberSchema = finite
