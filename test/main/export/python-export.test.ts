/**
 * `export --format python`: the folder is written all or nothing, checked before success is reported, and its
 * model.py — run here by Debian's python3 — gives the app's own predictions from raw rows (NumPy path, for every
 * activation; the PyTorch module too where torch is installed).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ActivationName } from '../../../src/shared/config'
import { loadModelFile, serializeModelFile, toModelFile } from '../../../src/main/engine/model-file-io'
import { predict } from '../../../src/main/engine/predict'
import { loadDataArg } from '../../../src/main/cli/dataset-arg'
import { encodeForModel } from '../../../src/main/data/encode-for-model'
import { npy, readNpy } from '../../../src/main/export/python-export'
import { cli } from '../../helpers/run-cli'
import { decodeOutputs, maxAbsDiff, randomParams, RAW_ROWS_CSV, rawRowsPreprocessing, summary } from './helpers'

const PYTHON = '/usr/bin/python3'
const probe = (mod: string) => {
  const r = spawnSync(PYTHON, ['-c', `import ${mod}`], { encoding: 'utf8' })
  return r.error ? `${PYTHON} not found (${r.error.message})` : r.status !== 0 ? `${mod} is not importable by ${PYTHON}` : null
}
const noNumpy = probe('numpy')
const noTorch = noNumpy ?? probe('torch')
if (noNumpy) console.warn(`python-export.test.ts: the Python runs are skipped: ${noNumpy}`)
if (noTorch) console.warn(`python-export.test.ts: the PyTorch run is skipped: ${noTorch}`)

function modelFile(dir: string, name: string, acts: ActivationName[], task: 'classification' | 'regression', seed: number): string {
  const path = join(dir, name)
  writeFileSync(path, serializeModelFile(toModelFile({ params: randomParams([5, 6, 4, task === 'classification' ? 3 : 1], acts, seed), config: null, preprocessing: rawRowsPreprocessing(task), summary })))
  return path
}

describe('.npy arrays', () => {
  it('round-trip shape and float32 values, with a header padded to 64 bytes', () => {
    const data = Float32Array.from([1.5, -2, 3.25, 0.1, 7, 8])
    const bytes = npy(data, [2, 3])
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0)
    const back = readNpy(bytes, 'x.npy')
    expect(back.shape).toEqual([2, 3])
    expect(Array.from(back.data)).toEqual(Array.from(data))
    expect(readNpy(npy(Float32Array.from([4]), [1]), 'b.npy').shape).toEqual([1])
  })
})

describe('export --format python: the folder', () => {
  it('is written whole, refuses a folder that already holds files, and leaves no partial folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-py-'))
    const model = modelFile(dir, 'm.json', ['tanh', 'relu', 'softmax'], 'classification', 1)
    const out = join(dir, 'py')
    const r = await cli('export', '--model', model, '--format', 'python', '--out', out)
    expect(r.stderr).toMatch(/wrote .*py\/ \(model\.py, weights\.npz, preprocessing\.json, README\.md; checked by reading back/)
    expect(r.code).toBe(0)
    expect(readdirSync(out).sort()).toEqual(['README.md', 'model.py', 'preprocessing.json', 'weights.npz'])
    expect(JSON.parse(readFileSync(join(out, 'preprocessing.json'), 'utf8'))).toEqual(rawRowsPreprocessing('classification'))
    const again = await cli('export', '--model', model, '--format', 'python', '--out', out)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already holds 4 files .*nothing was overwritten/)
    const empty = join(dir, 'empty')
    mkdirSync(empty)
    expect((await cli('export', '--model', model, '--format', 'python', '--out', empty)).code).toBe(0)
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([])
  })
})

describe.skipIf(noNumpy !== null)(`model.py run by python3${noNumpy ? ` (skipped: ${noNumpy})` : ''}`, () => {
  it("predict_raw on a pandas-free list of raw rows and on a DataFrame gives the app's predictions, for every activation", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-py-run-'))
    const csvPath = join(dir, 'new.csv')
    writeFileSync(csvPath, `${RAW_ROWS_CSV}\n`)
    const cases: Array<{ acts: ActivationName[]; task: 'classification' | 'regression' }> = [
      ...(['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softplus', 'elu', 'step'] as const).map((h) => ({ acts: [h, h, 'softmax'] as ActivationName[], task: 'classification' as const })),
      ...(['sigmoid', 'tanh', 'identity', 'relu'] as const).map((o) => ({ acts: ['elu', 'tanh', o] as ActivationName[], task: 'regression' as const })),
    ]
    const folders: string[] = []
    const expected: Array<{ outputs: number[]; decoded: Array<string | number> }> = []
    for (const [i, c] of cases.entries()) {
      const path = modelFile(dir, `m${i}.json`, c.acts, c.task, 200 + i)
      const out = join(dir, `py${i}`)
      const r = await cli('export', '--model', path, '--format', 'python', '--out', out)
      expect(r.code, r.stderr).toBe(0)
      folders.push(out)
      const model = loadModelFile(readFileSync(path, 'utf8'))
      const inputs = encodeForModel(model.preprocessing!, await loadDataArg(csvPath, 1))
      const Y = predict(model.params, inputs.X, inputs.rows)
      const decoded = decodeOutputs(model.preprocessing!.target, Y, inputs.rows)
      expected.push({ outputs: Array.from(Y), decoded })
    }
    const script = `
import csv, importlib.util, json, sys
results = []
for folder in sys.argv[2:]:
    spec = importlib.util.spec_from_file_location("model", folder + "/model.py")
    model = importlib.util.module_from_spec(spec); spec.loader.exec_module(model)
    m = model.load()
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    p = m.predict_raw(rows)
    y = m.forward(m.encode(rows))
    decoded = p["label"] if "label" in p else [float(v) for v in p["value"]]
    try:
        import pandas
    except ImportError:
        frame = None
    else:
        q = m.predict_raw(pandas.read_csv(sys.argv[1], dtype=str, keep_default_na=False))
        frame = q["label"] if "label" in q else [float(v) for v in q["value"]]
    results.append({"outputs": [float(v) for v in y.ravel()], "decoded": decoded, "frame": frame})
print(json.dumps(results))
`
    const r = spawnSync(PYTHON, ['-c', script, csvPath, ...folders], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stderr).toBe('')
    const got = JSON.parse(r.stdout) as Array<{ outputs: number[]; decoded: Array<string | number>; frame: Array<string | number> | null }>
    expect(got).toHaveLength(cases.length)
    if (probe('pandas') === null) for (const g of got) expect(g.frame).toEqual(g.decoded)
    got.forEach((g, i) => {
      // The app encodes into float32 inputs; NumPy keeps float64: agreement to float32 rounding of the inputs.
      expect(maxAbsDiff(g.outputs, expected[i].outputs)).toBeLessThan(1e-5)
      if (typeof expected[i].decoded[0] === 'string') expect(g.decoded).toEqual(expected[i].decoded)
      else expect(maxAbsDiff(g.decoded as number[], expected[i].decoded as number[])).toBeLessThan(1e-4)
    })
  }, 180_000)

  it.skipIf(noTorch !== null)(`the PyTorch module loads weights.npz as its state_dict and gives the same outputs${noTorch ? ` (skipped: ${noTorch})` : ''}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bps-py-torch-'))
    const path = modelFile(dir, 'm.json', ['leaky-relu', 'elu', 'softmax'], 'classification', 7)
    const out = join(dir, 'py')
    expect((await cli('export', '--model', path, '--format', 'python', '--out', out)).code).toBe(0)
    const script = `
import importlib.util, json, sys
import numpy as np, torch
spec = importlib.util.spec_from_file_location("model", sys.argv[1] + "/model.py")
model = importlib.util.module_from_spec(spec); spec.loader.exec_module(model)
m = model.load()
net = model.torch_module()
rows = [{"size": "1.5", "colour": "red", "weight": "10"}, {"size": -2, "colour": "blue", "weight": None}]
X = m.encode(rows)
with torch.no_grad():
    t = net(torch.tensor(X, dtype=torch.float32)).numpy()
print(json.dumps({"numpy": m.forward(X).ravel().tolist(), "torch": t.ravel().tolist(), "keys": sorted(net.state_dict().keys())}))
`
    const r = spawnSync(PYTHON, ['-c', script, out], { encoding: 'utf8', timeout: 120_000 })
    expect(r.stderr).toBe('')
    const got = JSON.parse(r.stdout) as { numpy: number[]; torch: number[]; keys: string[] }
    expect(got.keys).toEqual(['layers.0.bias', 'layers.0.weight', 'layers.1.bias', 'layers.1.weight', 'layers.2.bias', 'layers.2.weight'])
    expect(maxAbsDiff(got.torch, got.numpy)).toBeLessThan(1e-5)
    const model = loadModelFile(readFileSync(path, 'utf8'))
    writeFileSync(join(dir, 'two.csv'), 'size,colour,weight\n1.5,red,10\n-2,blue,\n') // the same two rows, as the app reads them
    const inputs = encodeForModel(model.preprocessing!, await loadDataArg(join(dir, 'two.csv'), 1))
    expect(maxAbsDiff(got.numpy, Array.from(predict(model.params, inputs.X, inputs.rows)))).toBeLessThan(1e-5)
    expect(existsSync(join(out, 'README.md'))).toBe(true)
  }, 180_000)
})
