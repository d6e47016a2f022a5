import type { ExperimentConfig } from '../../shared/config'
import type { Preprocessing } from '../../shared/preprocessing'
import { formatPath } from '../../shared/config-schema'
import {
  importError,
  MODEL_FILE_LIMITS,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  ModelFileError,
  REFERENCE_TOLERANCE,
  validateModelFile,
} from '../../shared/model-file'
import type { ModelFile, ReferencePair, TrainingSummary } from '../../shared/model-file'
import type { NetworkParams } from './params'
import { assertValidParams, InvalidParamsError } from './params-check'
import { predict } from './predict'
import { createRng } from './rng'

/**
 * Writing and reading model files (format: src/shared/model-file.ts, docs/model-format.md). Pure: text in,
 * text out; the caller reads and writes the file. Every failure is a ModelFileError whose message names the
 * file, the field and the problem; nothing else escapes (no SyntaxError, RangeError or stack overflow).
 */

/** What a trained network needs to become a model file. */
export interface ModelFileInput {
  params: NetworkParams
  /** null only for a network not trained by the app (e.g. a hand-set perceptron). */
  config: ExperimentConfig | null
  preprocessing: Preprocessing | null
  summary: TrainingSummary
  /**
   * Rows in the network's input space (after preprocessing) to keep as reference pairs, e.g. the first
   * validation rows: X is rows x sizes[0]; at most MODEL_FILE_LIMITS.maxReferences rows are used. Without it,
   * seeded pseudo-random inputs are used (uniform in [0, 1] for images, [-1, 1] otherwise).
   */
  referenceInputs?: { X: Float32Array | Float64Array; rows: number }
}

/** A model ready to use: float32 parameters (what training uses) and what else the file carried. */
export interface LoadedModel {
  params: NetworkParams<Float32Array>
  config: ExperimentConfig | null
  preprocessing: Preprocessing | null
  summary: TrainingSummary
  reference: ReferencePair[]
}

/** "Cannot export the model: <path>: <problem>". */
function exportError(problem: string, path = ''): ModelFileError {
  return new ModelFileError(`Cannot export the model: ${path === '' ? '' : `${path}: `}${problem}`, path)
}

/** "Cannot export the model: W[1][3][7] is NaN". */
function nonFiniteError(v: number, path: string, hint = ''): ModelFileError {
  return new ModelFileError(`Cannot export the model: ${path} is ${Number.isNaN(v) ? 'NaN' : String(v)}${hint}`, path)
}

/**
 * Builds the model file object for a network. Weights are rounded to float32 (the precision the app trains
 * and reads in) and the reference outputs are computed from exactly those weights with the engine's predict.
 * Throws a ModelFileError ("Cannot export the model: W[1][3][7] is NaN") for a non-finite weight, or when the
 * pieces do not agree (the same checks as on import, so a file we write is a file we read).
 */
export function toModelFile(input: ModelFileInput): ModelFile {
  const { params, config, preprocessing, summary } = input
  // Named first, in the file's [l][out][in] notation, because a diverged run is the likeliest reason to fail.
  const diverged = ' (training diverged? try a lower learning rate)'
  for (let l = 0; l < (params.W?.length ?? 0); l++) {
    const inp = params.sizes?.[l] || 1
    const w = params.W[l] ?? []
    for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i])) throw nonFiniteError(w[i], `W[${l}][${Math.floor(i / inp)}][${i % inp}]`, diverged)
    const b = params.b?.[l] ?? []
    for (let i = 0; i < b.length; i++) if (!Number.isFinite(b[i])) throw nonFiniteError(b[i], `b[${l}][${i}]`, diverged)
  }
  try {
    assertValidParams(params)
  } catch (err) {
    if (err instanceof InvalidParamsError) throw exportError(`the network is inconsistent: ${err.message}`)
    throw err
  }
  const f32: NetworkParams<Float32Array> = {
    sizes: [...params.sizes],
    activations: [...params.activations],
    W: params.W.map((w) => Float32Array.from(w)),
    b: params.b.map((b) => Float32Array.from(b)),
  }
  for (let l = 0; l < f32.W.length; l++) {
    const bad = f32.W[l].findIndex((v) => !Number.isFinite(v))
    const inp = f32.sizes[l]
    if (bad >= 0) throw exportError(`is ${params.W[l][bad]}, outside the float32 range`, `W[${l}][${Math.floor(bad / inp)}][${bad % inp}]`)
    const badB = f32.b[l].findIndex((v) => !Number.isFinite(v))
    if (badB >= 0) throw exportError(`is ${params.b[l][badB]}, outside the float32 range`, `b[${l}][${badB}]`)
  }

  const inputs = f32.sizes[0]
  const { X, rows } = input.referenceInputs ?? syntheticInputs(inputs, preprocessing, config?.training.seed ?? 0)
  const n = Math.min(rows, MODEL_FILE_LIMITS.maxReferences)
  if (n < 1) throw exportError('needs at least one reference input row', 'referenceInputs')
  if (X.length < n * inputs) throw exportError(`holds ${X.length} numbers, but ${n} rows x ${inputs} inputs need ${n * inputs}`, 'referenceInputs')
  const Xref = Float64Array.from(X.subarray(0, n * inputs))
  const bad = Xref.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) throw nonFiniteError(Xref[bad], `referenceInputs row ${Math.floor(bad / inputs)} column ${bad % inputs}`)
  const Y = predict(f32, Xref, n)
  const outputs = f32.sizes[f32.sizes.length - 1]
  const reference: ReferencePair[] = []
  for (let r = 0; r < n; r++) {
    reference.push({ input: Array.from(Xref.subarray(r * inputs, (r + 1) * inputs)), output: Array.from(Y.subarray(r * outputs, (r + 1) * outputs)) })
  }

  const file: ModelFile = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    sizes: f32.sizes,
    activations: f32.activations,
    // Copies: the file must not alias the caller's objects (editing one would silently change the other).
    config: structuredClone(config),
    preprocessing: structuredClone(preprocessing),
    summary: structuredClone(summary),
    reference,
    W: f32.W.map((w, l) => toRows(w, f32.sizes[l + 1], f32.sizes[l])),
    b: f32.b.map((b) => Array.from(b)),
  }
  assertExportable(file)
  return file
}

/** W (out x in, row-major) as [out][in] plain numbers; Number(float32) is exact. */
function toRows(w: Float32Array, out: number, inp: number): number[][] {
  const rows: number[][] = new Array(out)
  for (let r = 0; r < out; r++) rows[r] = Array.from(w.subarray(r * inp, (r + 1) * inp))
  return rows
}

/** Deterministic inputs for reference pairs when the caller has no data rows at hand. */
function syntheticInputs(inputs: number, preprocessing: Preprocessing | null, seed: number): { X: Float64Array; rows: number } {
  const rng = createRng(seed, 0x5eed)
  const rows = MODEL_FILE_LIMITS.maxReferences
  const X = new Float64Array(rows * inputs)
  const image = preprocessing?.kind === 'image'
  for (let i = 0; i < X.length; i++) X[i] = image ? rng.nextFloat() : 2 * rng.nextFloat() - 1
  return { X, rows }
}

/** Runs the import checks on a file about to be written, so a file we write is a file we can read. */
function assertExportable(file: ModelFile): void {
  try {
    validateModelFile(file)
  } catch (err) {
    if (err instanceof ModelFileError) throw exportError(err.problem, err.path)
    throw err
  }
}

/**
 * The model file as JSON text: two-space indentation, each list of numbers on one line (a weight row, a
 * bias vector) and short lists of names too, numbers written exactly (float32 weights round-trip bit for bit; -0 stays -0).
 * Refuses, with the field's path, any non-finite number ("Cannot export the model: W[1][3][7] is NaN") and
 * anything JSON cannot hold (undefined, functions, typed arrays); nothing with NaN is ever written. Then runs
 * the import checks (except the reference recomputation), so the text is always one parseModelFile reads.
 */
export function serializeModelFile(file: ModelFile): string {
  const parts: string[] = []
  write(file, [], '', parts)
  parts.push('\n')
  assertExportable(file)
  return parts.join('')
}

/** A JSON number; `index` is appended to `path` only to name a non-finite value. */
function writeNumber(v: number, path: ReadonlyArray<string | number>, index?: number): string {
  if (!Number.isFinite(v)) throw nonFiniteError(v, formatPath(index === undefined ? path : [...path, index]))
  return Object.is(v, -0) ? '-0' : String(v)
}

function write(value: unknown, path: Array<string | number>, indent: string, out: string[]): void {
  if (path.length > MODEL_FILE_LIMITS.maxDepth) throw exportError(`is nested deeper than ${MODEL_FILE_LIMITS.maxDepth} levels`, formatPath(path))
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value))
    return
  }
  if (typeof value === 'number') {
    out.push(writeNumber(value, path))
    return
  }
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'number')) {
      out.push(`[${value.map((v: number, i) => writeNumber(v, path, i)).join(', ')}]`)
      return
    }
    const strings = value.every((v) => typeof v === 'string') ? value.map((v) => JSON.stringify(v)) : null
    if (strings && strings.join(', ').length <= 100) {
      out.push(`[${strings.join(', ')}]`)
      return
    }
    if (value.length === 0) {
      out.push('[]')
      return
    }
    const inner = `${indent}  `
    out.push('[\n')
    value.forEach((v, i) => {
      out.push(inner)
      write(v, [...path, i], inner, out)
      out.push(i < value.length - 1 ? ',\n' : '\n')
    })
    out.push(`${indent}]`)
    return
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0) {
      out.push('{}')
      return
    }
    const inner = `${indent}  `
    out.push('{\n')
    entries.forEach(([k, v], i) => {
      out.push(`${inner}${JSON.stringify(k)}: `)
      write(v, [...path, k], inner, out)
      out.push(i < entries.length - 1 ? ',\n' : '\n')
    })
    out.push(`${indent}}`)
    return
  }
  throw exportError(`cannot be written as JSON (${value === undefined ? 'undefined' : ArrayBuffer.isView(value) ? 'a typed array' : typeof value})`, formatPath(path))
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Line and column (1-based) of a character offset, for messages. */
function lineColumn(text: string, offset: number): string {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`
}

/**
 * The offset where arrays/objects nest deeper than `maxDepth`, or −1. A linear scan that skips strings, run
 * before JSON.parse so that a nesting bomb ("[[[[…") is refused without recursion anywhere.
 */
export function excessiveNesting(text: string, maxDepth: number): number {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return i
    } else if (c === 93 || c === 125) depth--
  }
  return -1
}

/**
 * Where JSON.parse failed and why, in words. V8 only sometimes reports a position ("Unexpected token '}', …
 * is not valid JSON" has none), so this walks the grammar itself; it runs only after a failure, on text whose
 * nesting is already bounded, so its recursion is shallow.
 */
export function locateJsonError(text: string): { offset: number; problem: string } {
  let i = 0
  const fail = (problem: string): never => {
    throw { offset: i, problem }
  }
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  }
  const token = (): string => (i >= text.length ? 'the end of the text' : JSON.stringify(text.slice(i, i + 12).split(/[\s,\]}]/)[0] || text[i]))
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail(`expected a quoted field name, found ${token()}`)
        string()
        ws()
        if (text[i] !== ':') fail(`expected ':' after the field name, found ${token()}`)
        i++
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') return void i++
        else fail(`expected ',' or '}' in an object, found ${token()}`)
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') return void i++
        else fail(`expected ',' or ']' in a list, found ${token()}`)
      }
    }
    if (c === '"') return string()
    const rest = text.slice(i, i + 9)
    for (const literal of ['true', 'false', 'null']) if (rest.startsWith(literal)) return void (i += literal.length)
    if (/^-?(NaN|Infinity)/.test(rest)) fail(`${token()} is not a JSON number (JSON has no NaN or Infinity)`)
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (m && m[0] !== '-') return void (i += m[0].length)
    fail(i >= text.length ? 'the text ends where a value was expected' : `expected a value, found ${token()}`)
  }
  const string = (): void => {
    i++
    while (i < text.length) {
      const ch = text.charCodeAt(i)
      if (ch === 34) return void i++
      if (ch < 32) fail('a control character (e.g. a raw line break) inside a string')
      if (ch === 92) {
        const e = text[i + 1]
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else fail('an invalid escape sequence in a string')
      } else i++
    }
    fail('a string is not closed (missing ")')
  }
  try {
    value()
    ws()
    if (i < text.length) fail(`unexpected ${token()} after the end of the JSON value`)
  } catch (err) {
    if (err && typeof err === 'object' && 'problem' in err) return err as { offset: number; problem: string }
    throw err
  }
  return { offset: 0, problem: 'the text is not valid JSON' }
}

/** Text → validated ModelFile and its float32 params, with the reference outputs recomputed and compared. */
function readModelText(text: string, source: string | undefined): { file: ModelFile; params: NetworkParams<Float32Array> } {
  if (typeof text !== 'string') throw importError(`expected the file's text, got ${typeof text}`, '', source)
  if (text.length > MODEL_FILE_LIMITS.maxTextChars) {
    throw importError(`is ${text.length.toLocaleString('en-US')} characters long; model files are limited to ${MODEL_FILE_LIMITS.maxTextChars.toLocaleString('en-US')} (about ${Math.round(MODEL_FILE_LIMITS.maxTextChars / 2 ** 20)} MiB)`, '', source)
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text // a byte-order mark some editors add
  if (body.trim() === '') throw importError('is empty', '', source)
  const deep = excessiveNesting(body, MODEL_FILE_LIMITS.maxDepth)
  if (deep >= 0) throw importError(`lists/objects are nested more than ${MODEL_FILE_LIMITS.maxDepth} levels deep at ${lineColumn(body, deep)}; a model file needs at most 5`, '', source)
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    const { offset, problem } = locateJsonError(body)
    throw importError(`is not valid JSON: ${problem} at ${lineColumn(body, offset)} (character ${offset + 1})`, '', source)
  }
  const file = validateModelFile(value, source)
  const params = toParams(file)
  checkReferences(file, params, source)
  return { file, params }
}

function toParams(file: ModelFile): NetworkParams<Float32Array> {
  return {
    sizes: [...file.sizes],
    activations: [...file.activations],
    W: file.W.map((rows, l) => {
      const inp = file.sizes[l]
      const w = new Float32Array(rows.length * inp)
      rows.forEach((row, r) => w.set(row, r * inp))
      return w
    }),
    b: file.b.map((b) => Float32Array.from(b)),
  }
}

/** Recomputes every reference output with predict and refuses the file if one disagrees. */
function checkReferences(file: ModelFile, params: NetworkParams<Float32Array>, source?: string): void {
  const inputs = file.sizes[0]
  const X = new Float64Array(file.reference.length * inputs)
  file.reference.forEach((pair, r) => X.set(pair.input, r * inputs))
  const Y = predict(params, X, file.reference.length)
  const outputs = file.sizes[file.sizes.length - 1]
  file.reference.forEach((pair, r) => {
    for (let j = 0; j < outputs; j++) {
      const expected = pair.output[j]
      const actual = Y[r * outputs + j]
      if (!(Math.abs(actual - expected) <= REFERENCE_TOLERANCE.absolute + REFERENCE_TOLERANCE.relative * Math.abs(expected))) {
        throw importError(
          `the file's weights do not reproduce its own reference outputs: the file says ${expected}, its weights give ${actual}. The weights or the reference pairs were changed after export, or the file was written by a different forward pass`,
          `reference[${r}].output[${j}]`,
          source,
        )
      }
    }
  })
}

/**
 * Reads and checks model file text strictly: size cap, nesting depth, JSON syntax (with line and column),
 * format and version, declared sizes against the limits before anything is built, every field's shape and
 * names, shapes chaining, finite numbers, agreement of config and preprocessing with the architecture, the
 * (output, loss) pairing, and finally that the weights reproduce the file's reference outputs.
 * Throws a ModelFileError naming `source` (e.g. the file name), the field and the problem.
 */
export function parseModelFile(text: string, source?: string): ModelFile {
  return readModelText(text, source).file
}

/** parseModelFile, returning what inference and training use: float32 NetworkParams plus the metadata. */
export function loadModelFile(text: string, source?: string): LoadedModel {
  const { file, params } = readModelText(text, source)
  return { params, config: file.config, preprocessing: file.preprocessing, summary: file.summary, reference: file.reference }
}
