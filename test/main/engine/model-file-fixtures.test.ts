import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadModelFile, parseModelFile } from '../../../src/main/engine/model-file-io'
import { ModelFileError } from '../../../src/shared/model-file'

/**
 * Every fixture in test/fixtures/model-files (made by make-fixtures.ts from valid-tabular.json with one defect)
 * and what its refusal must say: the file name, the field path, and the problem.
 */
const dir = join(__dirname, '../../fixtures/model-files')
const read = (name: string): string => readFileSync(join(dir, name), 'utf8')

function refusal(name: string): ModelFileError {
  try {
    parseModelFile(read(name), name)
  } catch (err) {
    expect(err).toBeInstanceOf(ModelFileError)
    return err as ModelFileError
  }
  throw new Error(`${name} was accepted`)
}

describe('model file fixtures', () => {
  it('reads the valid fixture: float32 params, config, preprocessing, summary', () => {
    const model = loadModelFile(read('valid-tabular.json'), 'valid-tabular.json')
    expect(model.params.sizes).toEqual([3, 4, 2])
    expect(model.params.activations).toEqual(['tanh', 'softmax'])
    expect(model.params.W[0]).toBeInstanceOf(Float32Array)
    expect(Array.from(model.params.W[0].subarray(0, 3))).toEqual([-0.375, -0.25, -0.125])
    expect(Array.from(model.params.b[1])).toEqual([0.25, -0.125])
    expect(model.config?.optimizer.kind).toBe('adam')
    expect(model.preprocessing?.kind).toBe('tabular')
    expect(model.summary.metrics['validation.accuracy']).toBe(0.8125)
    expect(model.reference).toHaveLength(2)
  })

  it.each([
    ['malformed-trailing-comma.json', '', /is not valid JSON: expected a quoted field name, found "," at line 3, column 16/],
    ['nan-literal.json', '', /is not valid JSON: "NaN" is not a JSON number \(JSON has no NaN or Infinity\) at line \d+, column 8/],
    ['truncated.json', '', /is not valid JSON: .* at line \d+, column \d+/],
    ['infinity-number.json', 'b[0][1]', /b\[0\]\[1\]: expected a finite number, got Infinity/],
    ['string-number.json', 'b[1][0]', /b\[1\]\[0\]: expected a number, got the string "0\.25" \(numbers must not be quoted\)/],
    ['null-number.json', 'W[1][1][2]', /W\[1\]\[1\]\[2\]: expected a number, got null/],
    ['ragged-w.json', 'W[0][2]', /W\[0\]\[2\]: has 2 numbers, but layer 0 has 3 inputs/],
    ['mischained-w.json', 'W[1]', /W\[1\]: has 3 rows, but layer 1 has 2 outputs \(sizes\[2\] = 2\)/],
    ['wrong-bias-length.json', 'b[0]', /b\[0\]: has 5 numbers, but layer 0 has 4 outputs/],
    ['float32-overflow.json', 'W[0][0][1]', /W\[0\]\[0\]\[1\]: 1e\+39 is outside the float32 range/],
    ['unknown-activation.json', 'activations[0]', /activations\[0\]: unknown value "swish"; valid: "identity"/],
    ['proto-activation.json', 'activations[0]', /activations\[0\]: unknown value "__proto__"/],
    ['constructor-loss.json', 'config.model.loss', /config\.model\.loss: unknown value "constructor"/],
    ['unknown-field.json', 'colour', /colour: unknown field/],
    ['wrong-format.json', 'format', /format: expected "backprop-studio\.model", got "keras\.model"/],
    ['missing-format.json', '', /"format" is missing: this is not a Backprop Studio model file/],
    ['version-2.json', 'version', /version: 2 is not supported: this app reads model files of version 1 \(the file was written by a newer Backprop Studio\)/],
    ['absurd-layer-size.json', 'sizes[1]', /sizes\[1\]: must be ≤ 1000000, got 1000000000/],
    ['too-many-parameters.json', 'sizes', /sizes: declares 11,000,035 parameters \(weights and biases\); at most 10,000,000 are allowed/],
    ['too-many-layers.json', 'sizes', /sizes: must have at most 65 items, got 70/],
    ['pairing-ce-sigmoid.json', 'config.model.loss', /config\.model\.loss: cross-entropy needs softmax outputs/],
    ['config-mismatch.json', 'config.model.hidden[0].units', /config\.model\.hidden\[0\]\.units: is 5, but sizes\[1\] is 4/],
    ['preprocessing-mismatch.json', 'preprocessing', /preprocessing: yields 4 network inputs, but sizes\[0\] is 3/],
    ['tampered-weight.json', 'reference[0].output[0]', /reference\[0\]\.output\[0\]: the file's weights do not reproduce its own reference outputs/],
    ['tampered-reference.json', 'reference[1].output[0]', /reference\[1\]\.output\[0\]: the file's weights do not reproduce its own reference outputs: the file says 0\.52\d+, its weights give 0\.5197037357657015/],
    ['root-array.json', '', /expected a JSON object at the top level, got a list/],
  ])('%s is refused at "%s"', (name, path, message) => {
    const err = refusal(name)
    expect(err.message.startsWith(`Model file "${name}": `)).toBe(true)
    expect(err.message).toMatch(message)
    expect(err.path).toBe(path)
  })
})
