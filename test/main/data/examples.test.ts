import { describe, expect, it } from 'vitest'
import { prepareDataset } from '../../../src/main/data/dataset'
import { EXAMPLE_NAMES, EXAMPLES, generateExample, GENERATED_EXAMPLES } from '../../../src/main/data/examples'
import { loadExample } from '../../../src/main/data/node-io'
import { summarizeDataset } from '../../../src/main/data/summary'
import { cellText } from '../../../src/main/data/table'
import { fileURLToPath } from 'node:url'

const resourcesDir = fileURLToPath(new URL('../../../resources', import.meta.url))

describe('built-in examples', () => {
  it('lists every example with its metadata', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...EXAMPLE_NAMES].sort())
  })

  it('XOR is the classic four points', () => {
    const t = generateExample('xor')
    const rows = Array.from({ length: t.rows }, (_, r) => t.columns.map((c) => cellText(c, r)).join(' '))
    expect(rows).toEqual(['0 0 0', '0 1 1', '1 0 1', '1 1 0'])
    const d = prepareDataset({ kind: 'tabular', source: 'xor', table: t }, EXAMPLES.xor.defaults)
    expect(d.train.rows).toBe(4)
    expect(Array.from(d.train.X)).toEqual([0, 0, 0, 1, 1, 0, 1, 1])
  })

  it.each(GENERATED_EXAMPLES.filter((n) => n !== 'xor'))('%s is generated from the seed: same seed same points, other seed other points', (name) => {
    const a = generateExample(name, 1)
    const b = generateExample(name, 1)
    const c = generateExample(name, 2)
    const x = (t: typeof a) => (t.columns[0].kind === 'numeric' ? Array.from(t.columns[0].values) : [])
    expect(x(a)).toEqual(x(b))
    expect(x(a)).not.toEqual(x(c))
    const d = prepareDataset({ kind: 'tabular', source: name, table: a }, { seed: 1 })
    expect(d.task).toBe('classification')
    expect(d.inputs).toBe(2)
    expect(Array.from(d.train.X).every(Number.isFinite)).toBe(true)
  })

  it('noisy XOR labels each point by the corner it was jittered around', () => {
    const t = generateExample('xor-noisy', 3)
    const [x1, x2, y] = t.columns.map((c) => (c.kind === 'numeric' ? c.values : new Float64Array()))
    let agree = 0
    for (let r = 0; r < t.rows; r++) if ((x1[r] > 0.5 ? 1 : 0) ^ (x2[r] > 0.5 ? 1 : 0) ? y[r] === 1 : y[r] === 0) agree++
    expect(t.rows).toBe(400)
    expect(agree / t.rows).toBeGreaterThan(0.95)
  })

  it("iris is Fisher's 150 flowers: 50 per species, with the published class means", async () => {
    const ds = await loadExample('iris', { resourcesDir })
    if (ds.kind !== 'tabular') throw new Error('iris should be a table')
    const t = ds.table
    expect(t.rows).toBe(150)
    expect(t.columns.map((c) => c.name)).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'])
    const species = t.columns[4]
    if (species.kind !== 'categorical') throw new Error('species should be categorical')
    const expected: Record<string, number[]> = {
      setosa: [5.006, 3.428, 1.462, 0.246],
      versicolor: [5.936, 2.77, 4.26, 1.326],
      virginica: [6.588, 2.974, 5.552, 2.026],
    }
    expect(species.categories).toEqual(Object.keys(expected))
    species.categories.forEach((name, k) => {
      const rows = Array.from({ length: 150 }, (_, r) => r).filter((r) => species.codes[r] === k)
      expect(rows.length).toBe(50)
      for (let j = 0; j < 4; j++) {
        const c = t.columns[j]
        const mean = rows.reduce((s, r) => s + (c.kind === 'numeric' ? c.values[r] : NaN), 0) / 50
        expect(mean).toBeCloseTo(expected[name][j], 10)
      }
    })
    expect(summarizeDataset(ds).classCounts).toEqual(species.categories.map((label) => ({ label, count: 50 })))
  })

  it('the MNIST sample holds 6,000 training and 1,000 test digits of 28x28, every class in its share', async () => {
    const ds = await loadExample('mnist-sample', { resourcesDir })
    if (ds.kind !== 'image') throw new Error('MNIST should be images')
    expect(ds.train).toMatchObject({ count: 6000, width: 28, height: 28 })
    expect(ds.test).toMatchObject({ count: 1000, width: 28, height: 28 })
    const counts = (l: Uint8Array) => Array.from({ length: 10 }, (_, c) => l.filter((x) => x === c).length)
    // MNIST's class shares are 9-11 %: a stratified sample keeps them.
    for (const n of counts(ds.train.labels)) expect(n).toBeGreaterThanOrEqual(540)
    for (const n of counts(ds.test!.labels)) expect(n).toBeGreaterThanOrEqual(85)
    // Real digits: about 19 % of MNIST pixels are ink, the background is 0.
    let ink = 0
    for (const p of ds.train.pixels) if (p > 127) ink++
    expect(ink / ds.train.pixels.length).toBeGreaterThan(0.1)
    expect(ink / ds.train.pixels.length).toBeLessThan(0.3)
    const d = prepareDataset(ds, { seed: 1 })
    expect([d.inputs, d.outputs, d.test.rows]).toEqual([784, 10, 1000])
    expect(d.train.rows + d.validation.rows).toBe(6000)
  })
})
