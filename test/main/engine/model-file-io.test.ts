import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ActivationName, ExperimentConfig } from '../../../src/shared/config'
import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import { MODEL_FILE_LIMITS, ModelFileError } from '../../../src/shared/model-file'
import type { TrainingSummary } from '../../../src/shared/model-file'
import {
  excessiveNesting,
  loadModelFile,
  locateJsonError,
  parseModelFile,
  serializeModelFile,
  toModelFile,
} from '../../../src/main/engine/model-file-io'
import type { NetworkParams } from '../../../src/main/engine/params'
import { predict } from '../../../src/main/engine/predict'
import { createRng } from '../../../src/main/engine/rng'

const summary: TrainingSummary = {
  epochs: 3,
  metrics: { 'train.loss': 0.25 },
  backend: 'ts-f32',
  durationMs: 10,
  createdAt: '2026-02-01T08:30:00.000Z',
  appVersion: '0.1.0',
}

/** A network with random float32 weights of the given sizes and activations. */
function randomParams(sizes: number[], activations: ActivationName[], seed: number): NetworkParams<Float32Array> {
  const rng = createRng(seed)
  const W = sizes.slice(1).map((out, l) => Float32Array.from({ length: out * sizes[l] }, () => rng.nextGaussian() / Math.sqrt(sizes[l])))
  const b = sizes.slice(1).map((out) => Float32Array.from({ length: out }, () => rng.nextGaussian() * 0.1))
  return { sizes, activations, W, b }
}

function configFor(params: NetworkParams, output: ExperimentConfig['model']['output'], loss: ExperimentConfig['model']['loss']): ExperimentConfig {
  return {
    ...DEFAULT_EXPERIMENT,
    model: {
      ...DEFAULT_EXPERIMENT.model,
      hidden: params.sizes.slice(1, -1).map((units, i) => ({ units, activation: params.activations[i] as never })),
      output,
      loss,
    },
  }
}

function randomInputs(rows: number, cols: number, seed: number): Float64Array {
  const rng = createRng(seed, 7)
  return Float64Array.from({ length: rows * cols }, () => rng.nextGaussian() * 3)
}

function expectModelFileError(fn: () => unknown, message: RegExp): ModelFileError {
  let caught: unknown
  try {
    fn()
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(ModelFileError)
  expect((caught as Error).message).toMatch(message)
  return caught as ModelFileError
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('export → import round trip', () => {
  it.each([
    ['softmax classifier', [5, 8, 7, 3], ['relu', 'tanh', 'softmax'], 'softmax', 'cross-entropy'],
    ['every hidden activation', [4, 6, 6, 6, 6, 6, 6, 6, 2], ['identity', 'sigmoid', 'leaky-relu', 'softplus', 'elu', 'relu', 'tanh', 'sigmoid'], 'sigmoid', 'binary-cross-entropy'],
    ['linear regression', [6, 1], ['identity'], 'identity', 'huber'],
  ] as const)('%s: identical weights and identical predictions on random inputs', (_name, sizes, activations, output, loss) => {
    const params = randomParams([...sizes], [...activations], 11)
    const text = serializeModelFile(toModelFile({ params, config: configFor(params, output, loss), preprocessing: null, summary }))
    const loaded = loadModelFile(text, 'roundtrip.json')

    loaded.params.W.forEach((w, l) => {
      expect(w).toBeInstanceOf(Float32Array)
      expect(w).toEqual(params.W[l])
    })
    loaded.params.b.forEach((b, l) => expect(b).toEqual(params.b[l]))
    expect(loaded.params.sizes).toEqual(params.sizes)
    expect(loaded.params.activations).toEqual(params.activations)

    const rows = 64
    const X = randomInputs(rows, sizes[0], 3)
    const before = predict(params, X, rows)
    const after = predict(loaded.params, X, rows)
    // Exact: the same float32 weights, bit for bit.
    expect(after).toEqual(before)
    for (let i = 0; i < before.length; i++) if (!Object.is(after[i], before[i])) throw new Error(`prediction ${i} differs`)
  })

  it('keeps -0 and subnormal float32 weights bit for bit', () => {
    const params = randomParams([2, 2], ['identity'], 5)
    params.W[0].set([-0, 1e-45, -3.4028234663852886e38, 1.1754943508222875e-38])
    const loaded = loadModelFile(serializeModelFile(toModelFile({ params, config: null, preprocessing: null, summary })))
    expect(Object.is(loaded.params.W[0][0], -0)).toBe(true)
    expect(Array.from(loaded.params.W[0])).toEqual(Array.from(params.W[0]))
  })

  it('rounds float64 weights to float32 on export, and its reference outputs describe those float32 weights', () => {
    const f32 = randomParams([3, 4, 2], ['tanh', 'softmax'], 9)
    const f64: NetworkParams<Float64Array> = { ...f32, W: f32.W.map((w) => Float64Array.from(w, (v) => v + 1e-12)), b: f32.b.map((b) => Float64Array.from(b)) }
    const file = toModelFile({ params: f64, config: null, preprocessing: null, summary })
    expect(file.W[0][0][0]).toBe(Math.fround(f64.W[0][0]))
    const loaded = loadModelFile(serializeModelFile(file))
    const X = Float64Array.from(file.reference.flatMap((p) => p.input))
    expect(Array.from(predict(loaded.params, X, file.reference.length))).toEqual(file.reference.flatMap((p) => p.output))
  })

  it('carries config, preprocessing and summary through unchanged', () => {
    const params = randomParams([3, 2], ['softmax'], 2)
    const preprocessing = {
      kind: 'tabular' as const,
      scaling: 'min-max' as const,
      missing: 'drop' as const,
      columns: [
        { kind: 'numeric' as const, name: 'age', offset: 18, scale: 62, impute: null },
        { kind: 'categorical' as const, name: 'plan', categories: ['basic', 'pro'], impute: null },
      ],
      target: { task: 'classification' as const, name: 'churned', classes: ['stayed', 'left'] },
    }
    const config = configFor(params, 'softmax', 'cross-entropy')
    const loaded = loadModelFile(serializeModelFile(toModelFile({ params, config, preprocessing, summary })))
    expect(loaded.config).toEqual(config)
    expect(loaded.preprocessing).toEqual(preprocessing)
    expect(loaded.summary).toEqual(summary)
  })

  it('uses the caller’s reference rows (at most 5) and otherwise seeded inputs, the same for the same seed', () => {
    const params = randomParams([3, 2], ['identity'], 4)
    const X = randomInputs(8, 3, 1)
    const file = toModelFile({ params, config: null, preprocessing: null, summary, referenceInputs: { X, rows: 8 } })
    expect(file.reference).toHaveLength(MODEL_FILE_LIMITS.maxReferences)
    expect(file.reference[1].input).toEqual(Array.from(X.subarray(3, 6)))
    const a = toModelFile({ params, config: null, preprocessing: null, summary })
    const b = toModelFile({ params, config: null, preprocessing: null, summary })
    expect(a.reference).toEqual(b.reference)
    expect(a.reference).toHaveLength(5)
  })

  it('writes one weight row per line and ends with a newline', () => {
    const params = randomParams([2, 3, 1], ['relu', 'identity'], 8)
    const text = serializeModelFile(toModelFile({ params, config: null, preprocessing: null, summary }))
    expect(text.endsWith('}\n')).toBe(true)
    const rowLines = text.split('\n').filter((line) => /^\s+\[-?\d.*\],?$/.test(line))
    // 3 rows of W[0], 1 row of W[1], 2 bias vectors, 5 reference inputs + 5 outputs (on "input": / "output": lines).
    expect(rowLines).toHaveLength(3 + 1 + 2)
    expect(JSON.parse(text)).toEqual(toModelFile({ params, config: null, preprocessing: null, summary }))
  })
})

describe('export refusals', () => {
  it('refuses a NaN weight, naming it in [l][out][in] form', () => {
    const params = randomParams([8, 4, 5], ['relu', 'identity'], 1)
    params.W[1][3 * 4 + 2] = NaN
    expectModelFileError(() => toModelFile({ params, config: null, preprocessing: null, summary }), /^Cannot export the model: W\[1\]\[3\]\[2\] is NaN/)
  })

  it('refuses an infinite bias', () => {
    const params = randomParams([2, 3], ['identity'], 1)
    params.b[0][2] = -Infinity
    expectModelFileError(() => toModelFile({ params, config: null, preprocessing: null, summary }), /b\[0\]\[2\] is -Infinity/)
  })

  it('serializeModelFile refuses NaN anywhere, naming the path', () => {
    const params = randomParams([8, 4, 8], ['relu', 'identity'], 1)
    const file = toModelFile({ params, config: null, preprocessing: null, summary })
    file.W[1][3][7] = NaN
    expectModelFileError(() => serializeModelFile(file), /^Cannot export the model: W\[1\]\[3\]\[7\] is NaN$/)
    expectModelFileError(
      () => toModelFile({ params, config: null, preprocessing: null, summary: { ...summary, metrics: { loss: NaN } } }),
      /^Cannot export the model: summary\.metrics\.loss: expected a finite number, got NaN/,
    )
  })

  it('does not alias the caller’s objects', () => {
    const params = randomParams([2, 2], ['identity'], 1)
    const mine = structuredClone(summary)
    const file = toModelFile({ params, config: null, preprocessing: null, summary: mine })
    file.summary.metrics.extra = 1
    expect(mine.metrics).toEqual(summary.metrics)
  })

  it('refuses a NaN metric before writing anything', () => {
    const params = randomParams([2, 2], ['identity'], 1)
    const file = toModelFile({ params, config: null, preprocessing: null, summary })
    file.summary.metrics.loss = NaN
    expectModelFileError(() => serializeModelFile(file), /summary\.metrics\.loss is NaN/)
  })

  it('refuses a network whose config disagrees with it, or an invalid pairing', () => {
    const params = randomParams([3, 2], ['sigmoid'], 1)
    expectModelFileError(
      () => toModelFile({ params, config: configFor(params, 'sigmoid', 'cross-entropy'), preprocessing: null, summary }),
      /^Cannot export the model: config\.model\.loss: cross-entropy needs softmax outputs/,
    )
    expectModelFileError(
      () => toModelFile({ params, config: configFor(params, 'softmax', 'cross-entropy'), preprocessing: null, summary }),
      /config\.model\.output: is "softmax", but activations\[0\] \(the output layer\) is "sigmoid"/,
    )
  })

  it('refuses inconsistent params and non-finite reference inputs', () => {
    const params = randomParams([3, 2], ['identity'], 1)
    expectModelFileError(() => toModelFile({ params: { ...params, sizes: [3, 3] }, config: null, preprocessing: null, summary }), /the network is inconsistent: W\[0\] must hold 3 x 3/)
    expectModelFileError(
      () => toModelFile({ params, config: null, preprocessing: null, summary, referenceInputs: { X: Float64Array.of(1, 2, NaN), rows: 1 } }),
      /referenceInputs row 0 column 2 is NaN/,
    )
  })
})

describe('import guards on the text', () => {
  const validText = readFileSync(join(__dirname, '../../fixtures/model-files/valid-tabular.json'), 'utf8')

  it('refuses a nesting bomb before JSON.parse sees it', () => {
    const parse = vi.spyOn(JSON, 'parse')
    const bomb = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    expectModelFileError(() => parseModelFile(bomb, 'bomb.json'), /^Model file "bomb\.json": lists\/objects are nested more than 32 levels deep at line 1, column 33/)
    const objectBomb = `{"format":"backprop-studio.model","W":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`
    expectModelFileError(() => parseModelFile(objectBomb), /nested more than 32 levels deep/)
    expect(parse).not.toHaveBeenCalled()
  })

  it('counts brackets inside strings as text, not nesting', () => {
    expect(excessiveNesting(`{"a": "${'['.repeat(1000)}\\"${'{'.repeat(1000)}"}`, 32)).toBe(-1)
    expect(excessiveNesting('[[[1]]]', 2)).toBe(2)
  })

  it('refuses text over the size cap before reading it', () => {
    const parse = vi.spyOn(JSON, 'parse')
    const huge = ' '.repeat(MODEL_FILE_LIMITS.maxTextChars + 1) // a rope: no 256 MiB copy is made
    expectModelFileError(() => parseModelFile(huge, 'huge.json'), /^Model file "huge\.json": is 268,435,457 characters long; model files are limited to 268,435,456 \(about 256 MiB\)/)
    expect(parse).not.toHaveBeenCalled()
  })

  it('refuses empty text and accepts a byte-order mark', () => {
    expectModelFileError(() => parseModelFile('  \n'), /^Model file: is empty/)
    expect(parseModelFile(`\uFEFF${validText}`).sizes).toEqual([3, 4, 2])
  })

  it.each([
    ['{"a": 1,}', 'expected a quoted field name, found "}"', 1, 9],
    ['{\n  "a": [1, 2\n}', "expected ',' or ']' in a list, found \"}\"", 3, 1],
    ['[1, Infinity]', '"Infinity" is not a JSON number', 1, 5],
    ['[1, -NaN]', '"-NaN" is not a JSON number', 1, 5],
    ['{"a": "x\\q"}', 'an invalid escape sequence in a string', 1, 9],
    ['{"a": "open', 'a string is not closed', 1, 12],
    ["{'a': 1}", 'expected a quoted field name, found', 1, 2],
    ['[1] 2', 'unexpected "2" after the end of the JSON value', 1, 5],
    ['[01]', "expected ',' or ']' in a list, found \"1\"", 1, 3],
  ])('names line and column of a syntax error: %j', (text, problem, line, column) => {
    const err = expectModelFileError(() => parseModelFile(text, 'bad.json'), /is not valid JSON/)
    expect(err.message).toContain(problem)
    expect(err.message).toContain(`at line ${line}, column ${column}`)
    expect(locateJsonError(text).problem).toContain(problem)
  })

  it('never lets anything but a ModelFileError escape, whatever the damage (seeded mutations of a valid file)', () => {
    const rng = createRng(2024)
    const pieces = ['', '[', ']', '{', '}', ',', ':', '"', 'NaN', '1e999', '-', 'null', '"__proto__"', '\\', '[[[[', '9'.repeat(400)]
    let refused = 0
    for (let trial = 0; trial < 400; trial++) {
      let text = validText
      const edits = 1 + rng.nextInt(3)
      for (let e = 0; e < edits; e++) {
        const at = rng.nextInt(text.length)
        const cut = rng.nextInt(4)
        text = text.slice(0, at) + pieces[rng.nextInt(pieces.length)] + text.slice(at + cut)
      }
      try {
        parseModelFile(text, 'fuzz.json')
      } catch (err) {
        if (!(err instanceof ModelFileError)) throw new Error(`trial ${trial}: ${String(err)} escaped for text ${JSON.stringify(text.slice(0, 80))}`)
        expect(err.message.startsWith('Model file "fuzz.json": ')).toBe(true)
        refused++
      }
    }
    expect(refused).toBeGreaterThan(300)
  })

  it('refuses a file whose weights were edited after export (reference check)', () => {
    const params = randomParams([4, 3, 2], ['relu', 'identity'], 3)
    const file = toModelFile({ params, config: null, preprocessing: null, summary })
    file.b[1][1] += 1e-4
    const text = serializeModelFile(file)
    const err = expectModelFileError(() => loadModelFile(text, 'edited.json'), /do not reproduce its own reference outputs/)
    expect(err.path).toMatch(/^reference\[0\]\.output\[1\]$/)
  })

  it('accepts reference outputs within the documented tolerance (1e-6 relative)', () => {
    const params = randomParams([4, 3, 2], ['relu', 'identity'], 3)
    const file = toModelFile({ params, config: null, preprocessing: null, summary })
    file.reference[0].output[0] *= 1 + 5e-7
    expect(() => parseModelFile(serializeModelFile(file))).not.toThrow()
    file.reference[0].output[0] *= 1 + 5e-6
    expect(() => parseModelFile(serializeModelFile(file))).toThrow(/do not reproduce/)
  })
})
