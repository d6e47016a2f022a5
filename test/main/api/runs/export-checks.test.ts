import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { predictionsToCsv, toOnnx, toTfjs } from '../../../../src/main/export'
import { verifyOnnx, verifyPredictionsCsv, verifyTfjs } from '../../../../src/main/export/verify'
import { dispatch, type HandlerTable } from '../../../../src/main/api/commands'
import { createFormatHandlers } from '../../../../src/main/api/runs/format-handlers'
import type { Result } from '../../../../src/shared/ipc'
import { example, harness, small, untilEnded, type Harness } from './fixtures'

/** The run feature's channels and the format exporters (src/main/api/index.ts joins them the same way). */
function callAny(h: Harness, channel: string, ...args: unknown[]): Promise<Result<unknown>> {
  const formats = createFormatHandlers({ env: h.env, datasets: h.datasets, runs: h.feature.runs, models: h.feature.models, appVersion: 'test' })
  return dispatch({ ...h.feature.handlers, ...formats } as Partial<HandlerTable>, channel, args) as Promise<Result<unknown>>
}

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
})

describe('exports check what they write', () => {
  it('refuses a corrupt model file on disk for every format, naming the file and the problem, and writes nothing', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const run = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'tampered' })
    await untilEnded(h, run.id)
    await h.restart()
    const file = join(h.dir, 'runs', run.id, 'model.json')
    // One weight changed after the run wrote the file: it no longer reproduces its own reference rows.
    const model = JSON.parse(await readFile(file, 'utf8'))
    model.W[0][0][0] += 0.5
    await writeFile(file, JSON.stringify(model))
    const target = (name: string): string => join(h!.dir, name)
    for (const [channel, name, extra] of [
      ['export:model', 'm.model.json', []],
      ['export:onnx', 'm.onnx', []],
      ['export:tfjs', 'm-tfjs', []],
      ['export:predictions', 'p.csv', [d.view.id]],
    ] as const) {
      h.saveAnswers.push(target(name))
      const r = await callAny(h, channel, run.id, ...extra)
      expect(r.ok, channel).toBe(false)
      expect(!r.ok && r.error, channel).toContain(`Model file ${JSON.stringify(file)}`)
      expect(!r.ok && r.error, channel).toMatch(/do not reproduce its own reference outputs/)
      await expect(stat(target(name)), channel).rejects.toThrow(/ENOENT/)
      h.saveAnswers.length = 0
    }
    // Cut short: refused with where the JSON ends.
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 400))
    h.saveAnswers.push(target('cut.model.json'))
    const cut = await h.call('export:model', run.id)
    expect(!cut.ok && cut.error).toMatch(/model\.json": is not valid JSON/)
  })

  it('reads each artifact back before it is written: a tampered ONNX, TF.js or CSV artifact is refused', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    const run = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'good' })
    await untilEnded(h, run.id)
    const model = loadModelFile(await readFile(join(h.dir, 'runs', run.id, 'model.json'), 'utf8'))

    const onnx = toOnnx(model)
    expect(() => verifyOnnx(onnx, model)).not.toThrow()
    // Find W0's first float in the bytes and change it.
    const w0 = model.params.W[0][0]
    const probe = new Uint8Array(new Float32Array([w0]).buffer)
    const at = onnx.findIndex((_, i) => probe.every((b, k) => onnx[i + k] === b))
    expect(at).toBeGreaterThan(0)
    const badOnnx = Uint8Array.from(onnx) // a copy (protobufjs may hand out a Buffer over a shared pool)
    new DataView(badOnnx.buffer).setFloat32(at, w0 + 1, true)
    expect(() => verifyOnnx(badOnnx, model)).toThrow(/ONNX export does not check out: reference row 0, output \d should be/)
    expect(() => verifyOnnx(onnx.slice(0, onnx.length - 7), model)).toThrow(/ONNX export does not check out/)

    const { modelJson, weights } = toTfjs(model)
    const json = JSON.stringify(modelJson)
    expect(() => verifyTfjs(json, weights, model)).not.toThrow()
    const badWeights = weights.slice()
    new DataView(badWeights.buffer).setFloat32(0, 3, true)
    expect(() => verifyTfjs(json, badWeights, model)).toThrow(/TensorFlow.js export does not check out: reference row/)
    expect(() => verifyTfjs(json, weights.slice(0, 8), model)).toThrow(/does not read back/)

    const target = { task: 'classification' as const, name: 'label', classes: ['a, b', 'c'] }
    const csv = predictionsToCsv(target, Float64Array.from([0.25, 0.75, 0.5, 0.5]), 2, 2)
    expect(() => verifyPredictionsCsv(csv, 2, true)).not.toThrow()
    expect(() => verifyPredictionsCsv(csv, 3, true)).toThrow(/2 data lines for 3 rows/)
    expect(() => verifyPredictionsCsv(csv.replace('0.75', 'NaN'), 2, true)).toThrow(/cell 4 is "NaN", not a number/)
    expect(() => verifyPredictionsCsv(csv, 2, true, [1, 3])).toThrow(/is row 2, expected 3/)
  })
})
