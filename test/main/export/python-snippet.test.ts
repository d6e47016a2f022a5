import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ActivationName } from '../../../src/shared/config'
import { loadModelFile, serializeModelFile, toModelFile } from '../../../src/main/engine/model-file-io'
import { predict } from '../../../src/main/engine/predict'
import { loadDataArg } from '../../../src/main/cli/dataset-arg'
import { encodeForModel } from '../../../src/main/data/encode-for-model'
import { decodeOutputs, maxAbsDiff, randomParams, RAW_ROWS_CSV, rawRowsPreprocessing, summary } from './helpers'

const ROOT = new URL('../../../', import.meta.url).pathname
const MARKER = '<!-- tested by test/main/export/python-snippet.test.ts'

/** The python block right after the marker in docs/export.md: the very text readers copy. */
function snippetFromDocs(): string {
  const doc = readFileSync(join(ROOT, 'docs', 'export.md'), 'utf8')
  const at = doc.indexOf(MARKER)
  if (at < 0) throw new Error('docs/export.md lost the marker of the tested NumPy snippet')
  const m = /```python\n([\s\S]*?)```/.exec(doc.slice(at))
  if (!m) throw new Error('no python block after the marker in docs/export.md')
  return m[1]
}

const PYTHON = '/usr/bin/python3'
const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' })
const unavailable = probe.error ? `${PYTHON} not found (${probe.error.message})` : probe.status !== 0 ? `numpy is not importable by ${PYTHON}: ${probe.stderr.trim().split('\n').at(-1)}` : null
if (unavailable) console.warn(`python-snippet.test.ts skipped: ${unavailable}`)

describe('the NumPy snippet in docs/export.md, read as text', () => {
  it("lists exactly the app's missing-value tokens", async () => {
    const { MISSING_VALUE_TOKENS } = await import('../../../src/shared/preprocessing')
    const line = /^MISSING = \{(.*)\}/m.exec(snippetFromDocs())
    expect(line, 'a MISSING = {...} line').not.toBeNull()
    const listed = [...line![1].matchAll(/"([^"]*)"/g)].map((m) => m[1])
    expect([...listed].sort()).toEqual([...MISSING_VALUE_TOKENS].sort())
  })
})

describe.skipIf(unavailable !== null)(`the NumPy snippet in docs/export.md${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('encodes raw CSV rows and predicts what the app does, for every activation, classification and regression', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-numpy-'))
    const csvPath = join(dir, 'new.csv')
    writeFileSync(csvPath, `${RAW_ROWS_CSV}\n`)
    const cases: Array<{ acts: ActivationName[]; task: 'classification' | 'regression' }> = [
      ...(['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softplus', 'elu', 'step'] as const).map((h) => ({ acts: [h, h, 'softmax'] as ActivationName[], task: 'classification' as const })),
      ...(['sigmoid', 'tanh', 'identity', 'relu'] as const).map((o) => ({ acts: ['elu', 'tanh', o] as ActivationName[], task: 'regression' as const })),
    ]
    const expected: Array<{ path: string; outputs: number[]; decoded: Array<string | number> }> = []
    for (const [i, c] of cases.entries()) {
      const outputs = c.task === 'classification' ? 3 : 1
      const params = randomParams([5, 6, 4, outputs], c.acts, 100 + i)
      const path = join(dir, `model-${i}.json`)
      writeFileSync(path, serializeModelFile(toModelFile({ params, config: null, preprocessing: rawRowsPreprocessing(c.task), summary })))
      const model = loadModelFile(readFileSync(path, 'utf8'))
      const inputs = encodeForModel(model.preprocessing!, await loadDataArg(csvPath, 1))
      expect(inputs.rows).toBe(8)
      const Y = predict(model.params, inputs.X, inputs.rows)
      const decoded = decodeOutputs(model.preprocessing!.target, Y, inputs.rows)
      expected.push({ path, outputs: Array.from(Y), decoded })
    }
    const harness = `${snippetFromDocs()}
import csv, sys
results = []
for path in sys.argv[1:-1]:
    m = load_model(path)
    with open(sys.argv[-1], newline="", encoding="utf-8") as f:
        X = [encode(m, r) for r in csv.DictReader(f)]
    Y = predict(m, X)
    results.append({"outputs": [float(v) for v in Y.ravel()], "decoded": [d if isinstance(d, str) else float(d) for d in decode(m, Y)]})
print(json.dumps(results))
`
    const script = join(dir, 'snippet.py')
    writeFileSync(script, harness)
    const r = spawnSync(PYTHON, [script, ...expected.map((e) => e.path), csvPath], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const got = JSON.parse(r.stdout) as Array<{ outputs: number[]; decoded: Array<string | number> }>
    expect(got).toHaveLength(expected.length)
    got.forEach((g, i) => {
      // The app encodes into float32 inputs; NumPy keeps float64: agreement to float32 rounding of the inputs.
      expect(maxAbsDiff(g.outputs, expected[i].outputs)).toBeLessThan(1e-5)
      if (typeof expected[i].decoded[0] === 'string') expect(g.decoded).toEqual(expected[i].decoded)
      else expect(maxAbsDiff(g.decoded as number[], expected[i].decoded as number[])).toBeLessThan(1e-4)
    })
  })

  it('reproduces a model file\'s own reference outputs to 1e-12 (same inputs, both float64)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-numpy-ref-'))
    const path = join(dir, 'm.json')
    writeFileSync(path, serializeModelFile(toModelFile({ params: randomParams([4, 7, 5, 3], ['softplus', 'leaky-relu', 'softmax'], 9), config: null, preprocessing: null, summary })))
    const script = `${snippetFromDocs()}
import sys
m = load_model(sys.argv[1])
Y = predict(m, [r["input"] for r in m["reference"]])
print(float(np.abs(Y - np.array([r["output"] for r in m["reference"]])).max()))
`
    const r = spawnSync(PYTHON, ['-c', script, path], { encoding: 'utf8', timeout: 60_000 })
    expect(r.stderr).toBe('')
    expect(Number(r.stdout)).toBeLessThan(1e-12)
  })
})
