import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Evaluation, RunEpochs, RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { example, harness, small, tinyImages, untilEnded, type Harness } from './fixtures'

let h: Harness | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
})

describe('run:compare', () => {
  it('pairs the runs of a group: same initial weights and batch order, so equal settings end bit-identical', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    // λ = 0 twice, and λ = 0.01: the first two differ in nothing, so pairing makes them identical.
    const g = await h.ok<{ groupId: string; runs: RunView[] }>('run:compare', { datasetId: d.view.id, base: { ...small, training: { ...small.training, seed: 9 } }, vary: { setting: 'lambda', values: [0, 0, 0.01] } })
    expect(g.runs.map((r) => r.label)).toEqual(['λ = 0', 'λ = 0', 'λ = 0.01'])
    expect(g.runs.every((r) => r.groupId === g.groupId)).toBe(true)
    for (const r of g.runs) await untilEnded(h, r.id)
    const weights = async (id: string) => loadModelFile(await readFile(join(h!.dir, 'runs', id, 'model.json'), 'utf8')).params
    const [a, b, c] = await Promise.all(g.runs.map((r) => weights(r.id)))
    expect(a.W.map((w) => Array.from(w))).toEqual(b.W.map((w) => Array.from(w)))
    expect(a.W.map((w) => Array.from(w))).not.toEqual(c.W.map((w) => Array.from(w)))
    const [ea, eb] = await Promise.all(g.runs.slice(0, 2).map((r) => h!.ok<RunEpochs>('run:epochs', r.id)))
    expect(ea.epochs.map((e) => e.metrics)).toEqual(eb.epochs.map((e) => e.metrics))
  })

  it('compares losses over seeds: every run of a seed starts from the same weights', async () => {
    h = await harness()
    const d = h.datasets.add('blobs', example('blobs'))
    // One epoch with a vanishing step: each run's final weights are its initial weights (to float32 rounding).
    const still = { ...small, optimizer: { kind: 'sgd' as const, learningRate: 1e-12 }, training: { ...small.training, epochs: 1 } }
    const g = await h.ok<{ groupId: string; runs: RunView[] }>('run:compare', { datasetId: d.view.id, base: still, vary: { setting: 'loss', values: ['cross-entropy', 'mse'] }, seeds: 2 })
    expect(g.runs.map((r) => r.label)).toEqual([
      'loss = cross-entropy, seed 1',
      'loss = mse, seed 1',
      'loss = cross-entropy, seed 2',
      'loss = mse, seed 2',
    ])
    for (const r of g.runs) await untilEnded(h, r.id)
    const W = await Promise.all(g.runs.map(async (r) => loadModelFile(await readFile(join(h!.dir, 'runs', r.id, 'model.json'), 'utf8')).params.W[0]))
    const close = (x: Float32Array, y: Float32Array) => x.every((v, i) => Math.abs(v - y[i]) < 1e-6)
    expect(close(W[0], W[1])).toBe(true)
    expect(close(W[2], W[3])).toBe(true)
    expect(close(W[0], W[2])).toBe(false)
  })
})

describe('image data', () => {
  it('evaluates with misclassified images and first-layer weights as pictures; no decision boundary', async () => {
    h = await harness()
    const d = h.datasets.add('tiny-images', tinyImages())
    const config = { ...small, model: { ...small.model, hidden: [{ units: 5, activation: 'relu' as const }] }, training: { ...small.training, epochs: 2 } }
    const run = await h.ok<RunView>('run:start', { datasetId: d.view.id, config })
    await untilEnded(h, run.id)
    expect(h.eventsOf('run:boundary')).toEqual([])
    const ev = await h.ok<Evaluation>('run:evaluate', run.id)
    expect(ev.task).toBe('classification')
    expect(ev.rows).toBe(d.prepared.test.rows)
    expect(ev.firstLayer!.width).toBe(8)
    expect(ev.firstLayer!.units).toHaveLength(5)
    expect(ev.firstLayer!.units[0]).toHaveLength(64)
    const wrong = ev.classification!.confusion.reduce((s, row, t) => s + row.reduce((a, n, p) => a + (p === t ? 0 : n), 0), 0)
    expect(ev.misclassified).toHaveLength(Math.min(36, wrong))
    for (const m of ev.misclassified) {
      expect(m.pixels).toHaveLength(64)
      expect(m.trueLabel).not.toBe(m.predictedLabel)
      expect(m.pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)).toBe(true)
    }
  })
})
