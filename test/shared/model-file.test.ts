import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_FILE_LIMITS, ModelFileError, parameterCount, validateModelFile } from '../../src/shared/model-file'

type Loose = Record<string, any>
const validText = readFileSync(join(__dirname, '../fixtures/model-files/valid-tabular.json'), 'utf8')
const valid = (): Loose => JSON.parse(validText) as Loose

function variant(change: (f: Loose) => void): Loose {
  const f = valid()
  change(f)
  return f
}

/** validateModelFile's error for `value`; fails the test if it was accepted. */
function refusal(value: unknown): ModelFileError {
  try {
    validateModelFile(value, 'm.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFileError)
    return err as ModelFileError
  }
  throw new Error('expected a refusal, but the file was accepted')
}

describe('validateModelFile', () => {
  it('accepts the valid fixture and returns the same data', () => {
    expect(validateModelFile(valid())).toEqual(valid())
  })

  it('accepts a file with no config and no preprocessing, and the inference-only step activation', () => {
    const f = variant((f) => {
      f.config = null
      f.preprocessing = null
      f.activations = ['step', 'softmax']
    })
    expect(validateModelFile(f).activations).toEqual(['step', 'softmax'])
  })

  it.each([
    ['a number at the root', () => 42, '', /expected a JSON object at the top level, got a number/],
    ['null at the root', () => null, '', /expected a JSON object at the top level, got null/],
    ['a missing version', () => variant((f) => delete f.version), '', /"version" is missing/],
    ['a version as a string', () => variant((f) => (f.version = '1')), 'version', /"1" is not supported/],
    ['version 0', () => variant((f) => (f.version = 0)), 'version', /0 is not supported: this app reads model files of version 1$/],
    ['sizes as strings', () => variant((f) => (f.sizes = ['3', 4, 2])), 'sizes[0]', /expected a finite number, got the string "3" \(numbers must not be quoted\)/],
    ['a fractional size', () => variant((f) => (f.sizes[1] = 4.5)), 'sizes[1]', /expected a whole number, got 4\.5/],
    ['a zero size', () => variant((f) => (f.sizes[1] = 0)), 'sizes[1]', /must be ≥ 1, got 0/],
    ['a single size', () => variant((f) => (f.sizes = [3])), 'sizes', /must have at least 2 items, got 1/],
    ['missing sizes', () => variant((f) => delete f.sizes), 'sizes', /expected a list, got nothing/],
    ['too few activations', () => variant((f) => f.activations.pop()), 'activations', /must have 2 entries \(one per layer of sizes \[3,4,2\]\), got 1/],
    ['constructor as activation', () => variant((f) => (f.activations[1] = 'constructor')), 'activations[1]', /unknown value "constructor"/],
    ['toString as activation', () => variant((f) => (f.activations[1] = 'toString')), 'activations[1]', /unknown value "toString"/],
    ['softmax in a hidden layer', () => variant((f) => {
      f.activations[0] = 'softmax'
      f.config = null
    }), 'activations[0]', /softmax is only allowed on the output layer/],
    ['a __proto__ key at the root', () => JSON.parse(validText.replace('"version": 1,', '"version": 1, "__proto__": {"polluted": true},')), '__proto__', /unknown field/],
    ['an unknown key in the summary', () => variant((f) => (f.summary.gpu = 'none')), 'summary.gpu', /unknown field/],
    ['an unknown key in a column', () => variant((f) => (f.preprocessing.columns[0].unit = 'cm')), 'preprocessing.columns[0].unit', /unknown field/],
    ['W missing a layer', () => variant((f) => f.W.pop()), 'W', /has 1 matrices, but sizes \[3,4,2\] describe 2 layer\(s\)/],
    ['b missing a layer', () => variant((f) => f.b.pop()), 'b', /has 1 vectors, but sizes \[3,4,2\] describe 2 layer\(s\)/],
    ['a W layer that is a flat list', () => variant((f) => (f.W[0] = f.W[0].flat())), 'W[0]', /has 12 rows, but layer 0 has 4 outputs/],
    ['a W row that is a number', () => variant((f) => (f.W[0][1] = 3)), 'W[0][1]', /expected a list of 3 numbers .*got 3/],
    ['a W layer that is an object', () => variant((f) => (f.W[1] = {})), 'W[1]', /expected 2 rows \(a list of lists\), got an object/],
    ['a nested list in a W row', () => variant((f) => (f.W[0][0][0] = [1])), 'W[0][0][0]', /expected a number, got a list of 1 item/],
    ['a boolean as a bias', () => variant((f) => (f.b[0][3] = true)), 'b[0][3]', /expected a number, got a boolean/],
    ['no reference pairs', () => variant((f) => (f.reference = [])), 'reference', /must have at least 1 item, got 0/],
    ['too many reference pairs', () => variant((f) => (f.reference = Array.from({ length: 6 }, () => f.reference[0]))), 'reference', /must have at most 5 items, got 6/],
    ['a reference input of the wrong width', () => variant((f) => f.reference[0].input.push(0)), 'reference[0].input', /has 4 numbers, but the network has 3 inputs/],
    ['a reference output as a string', () => variant((f) => (f.reference[1].output[1] = '0.48')), 'reference[1].output[1]', /expected a number, got the string "0\.48"/],
    ['a summary date that is not ISO 8601', () => variant((f) => (f.summary.createdAt = 'yesterday')), 'summary.createdAt', /expected an ISO 8601 UTC date-time/],
    ['negative epochs in the summary', () => variant((f) => (f.summary.epochs = -1)), 'summary.epochs', /must be ≥ 0, got -1/],
    ['a metric as a string', () => variant((f) => (f.summary.metrics['train.loss'] = 'low')), 'summary.metrics.train.loss', /expected a finite number, got the string "low"/],
    ['a __proto__ metric', () => variant((f) => (f.summary.metrics = JSON.parse('{"__proto__": 1}'))), 'summary.metrics.__proto__', /not an allowed metric name/],
    ['too many metrics', () => variant((f) => (f.summary.metrics = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`m${i}`, i])))), 'summary.metrics', /at most 64 metrics, got 65/],
    ['a duplicate class label', () => variant((f) => (f.preprocessing.target.classes = ['yes', 'yes'])), 'preprocessing.target.classes[1]', /class label "yes" appears twice/],
    ['a duplicate category', () => variant((f) => (f.preprocessing.columns[1].categories = ['red', 'red'])), 'preprocessing.columns[1].categories[1]', /category "red" appears twice/],
    ['a duplicate column name', () => variant((f) => (f.preprocessing.columns[1].name = 'height_cm')), 'preprocessing.columns[1]', /column name "height_cm" appears twice/],
    ['a zero scale', () => variant((f) => (f.preprocessing.columns[0].scale = 0)), 'preprocessing.columns[0].scale', /must not be 0/],
    ['a class label that is a number', () => variant((f) => (f.preprocessing.target.classes = ['no', 1])), 'preprocessing.target.classes[1]', /expected a string, got 1/],
    ['an unknown column kind', () => variant((f) => (f.preprocessing.columns[0].kind = 'date')), 'preprocessing.columns[0].kind', /unknown kind "date"; valid: "numeric", "categorical"/],
    ['an unknown preprocessing kind', () => variant((f) => (f.preprocessing.kind = '__proto__')), 'preprocessing.kind', /unknown kind "__proto__"/],
    ['a target of the wrong width', () => variant((f) => f.preprocessing.target.classes.push('maybe')), 'preprocessing.target', /needs 3 network output\(s\), but sizes\[2\] is 2/],
    ['an image of the wrong size', () => variant((f) => (f.preprocessing = { kind: 'image', width: 28, height: 28, target: f.preprocessing.target })), 'preprocessing', /yields 784 network inputs, but sizes\[0\] is 3/],
    ['a config with an extra hidden layer', () => variant((f) => f.config.model.hidden.push({ units: 4, activation: 'tanh' })), 'config.model.hidden', /has 2 hidden layer\(s\), but sizes \[3,4,2\] has 1/],
    ['a config whose activation differs', () => variant((f) => (f.config.model.hidden[0].activation = 'relu')), 'config.model.hidden[0].activation', /is "relu", but activations\[0\] is "tanh"/],
    ['a config whose output differs', () => variant((f) => {
      f.config.model.output = 'identity'
      f.config.model.loss = 'mse'
    }), 'config.model.output', /is "identity", but activations\[1\] \(the output layer\) is "softmax"/],
    ['binary cross-entropy on a tanh output', () => variant((f) => {
      f.activations[1] = 'tanh'
      f.config.model.output = 'tanh'
      f.config.model.loss = 'binary-cross-entropy'
    }), 'config.model.loss', /binary-cross-entropy needs outputs in \(0, 1\)/],
    ['an unknown optimizer in the config', () => variant((f) => (f.config.optimizer.kind = 'constructor')), 'config.optimizer.kind', /unknown kind "constructor"/],
  ])('refuses %s', (_name, make, path, message) => {
    const err = refusal(make())
    expect(err.path).toBe(path)
    expect(err.message.startsWith(`Model file "m.json": ${path === '' ? '' : `${path}: `}`)).toBe(true)
    expect(err.problem).toMatch(message)
  })

  it('reports only the first bad entry of a long list', () => {
    // A hostile file with a million wrong entries must not build a million zod issues; the first one is named.
    const f = variant((f) => {
      f.preprocessing.columns[1].categories = Array.from({ length: 1_000_000 }, () => 7)
    })
    const err = refusal(f)
    expect(err.path).toBe('preprocessing.columns[1].categories[0]')
    expect(err.problem).toMatch(/expected a string, got 7/)
  })

  it('checks the declared parameter count before reading any weight', () => {
    // W is absent entirely: the refusal must come from the declared sizes, not from W.
    const err = refusal(variant((f) => {
      f.sizes = [1_000_000, 1_000_000, 2]
      delete f.W
    }))
    expect(err.path).toBe('sizes')
    expect(err.problem).toMatch(/declares 1,000,003,000,002 parameters/)
  })
})

describe('parameterCount', () => {
  it('counts weights and biases', () => {
    expect(parameterCount([3, 4, 2])).toBe(4 * 3 + 4 + 2 * 4 + 2)
    expect(parameterCount([784, 10])).toBe(7850)
  })

  it('matches the limit the docs state', () => {
    expect(MODEL_FILE_LIMITS.maxParams).toBe(10_000_000)
    expect(MODEL_FILE_LIMITS.maxLayers).toBe(64)
  })
})
