import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODEL_FILE_LIMITS, REFERENCE_TOLERANCE, validateModelFile } from '../../src/shared/model-file'

/** docs/model-format.md must stay accurate to the code: its example is the fixture, and its numbers are ours. */
const root = join(__dirname, '../..')
const doc = readFileSync(join(root, 'docs/model-format.md'), 'utf8')

describe('docs/model-format.md', () => {
  it('shows the valid fixture as its complete example, and that example validates', () => {
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(example).toBe(readFileSync(join(root, 'test/fixtures/model-files/valid-tabular.json'), 'utf8'))
    expect(() => validateModelFile(JSON.parse(example ?? ''))).not.toThrow()
  })

  it('states the limits and the tolerance the code enforces', () => {
    expect(doc).toContain(`| nesting of lists/objects | ${MODEL_FILE_LIMITS.maxDepth} levels`)
    expect(doc).toContain(`| weight layers | ${MODEL_FILE_LIMITS.maxLayers} `)
    expect(MODEL_FILE_LIMITS.maxUnits).toBe(1_000_000)
    expect(doc).toContain('| units in one layer | 1 000 000 |')
    expect(MODEL_FILE_LIMITS.maxParams).toBe(10_000_000)
    expect(doc).toContain('| parameters (weights + biases) | 10 000 000 |')
    expect(MODEL_FILE_LIMITS.maxTextChars).toBe(256 * 2 ** 20)
    expect(doc).toContain('| text length | 256 Mi characters')
    expect(doc).toContain(`| reference pairs | 1 – ${MODEL_FILE_LIMITS.maxReferences} |`)
    expect(doc).toContain(`| metrics | ${MODEL_FILE_LIMITS.maxMetrics} |`)
    expect(REFERENCE_TOLERANCE).toEqual({ relative: 1e-6, absolute: 1e-9 })
    expect(doc).toContain('|a − e| ≤ 1e-9 + 1e-6·|e|')
  })
})
