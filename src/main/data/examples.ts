/**
 * Built-in datasets, usable without any file. The 2-D toys are generated from a seed (same seed, same points);
 * iris and the MNIST sample are files under resources/examples, read by node-io's `loadExample`.
 */
import { createRng, type Rng } from '../engine/rng'
import type { PrepareOptions } from './prepare-options'
import type { Table } from './table'

export const EXAMPLE_NAMES = ['xor', 'xor-noisy', 'spirals', 'circles', 'blobs', 'iris', 'mnist-sample'] as const
export type ExampleName = (typeof EXAMPLE_NAMES)[number]

export const GENERATED_EXAMPLES = ['xor', 'xor-noisy', 'spirals', 'circles', 'blobs'] as const satisfies readonly ExampleName[]
export type GeneratedExampleName = (typeof GENERATED_EXAMPLES)[number]

export interface ExampleInfo {
  title: string
  description: string
  /** Path under the resources folder for file-backed examples. */
  file: string | null
  /** Preparation settings that suit the example (e.g. XOR trains and is judged on its four points). */
  defaults: PrepareOptions
}

export const EXAMPLES: Record<ExampleName, ExampleInfo> = {
  xor: {
    title: 'XOR (4 points)',
    description: 'The four corners of the unit square, labelled x1 XOR x2: the classic problem a single perceptron cannot solve. No split: train and judge on the same 4 points.',
    file: null,
    defaults: { split: { train: 1, validation: 0, test: 0 }, scaling: 'none' },
  },
  'xor-noisy': {
    title: 'Noisy XOR (400 points)',
    description: 'Points jittered (σ = 0.15) around the four XOR corners, 100 per corner.',
    file: null,
    defaults: {},
  },
  spirals: {
    title: 'Two spirals (400 points)',
    description: 'Two interleaved spirals of 200 points each, with a little noise: needs a curved boundary.',
    file: null,
    defaults: {},
  },
  circles: {
    title: 'Circles (400 points)',
    description: 'A disc of one class inside a ring of the other.',
    file: null,
    defaults: {},
  },
  blobs: {
    title: 'Gaussian blobs (300 points, 3 classes)',
    description: 'Three round Gaussian clusters, 100 points each.',
    file: null,
    defaults: {},
  },
  iris: {
    title: "Fisher's iris (150 flowers, 3 species)",
    description: 'Sepal and petal length and width of 50 flowers of each of three iris species (Fisher, 1936).',
    file: 'iris.csv',
    defaults: {},
  },
  'mnist-sample': {
    title: 'MNIST sample (6,000 + 1,000 digits)',
    description: 'A stratified sample of the MNIST handwritten digits (LeCun, Cortes & Burges): 6,000 training and 1,000 test images of 28x28 pixels.',
    file: 'mnist-sample',
    defaults: {},
  },
}

export function isExampleName(name: string): name is ExampleName {
  return (EXAMPLE_NAMES as readonly string[]).includes(name)
}

/** A generated example as a table with columns x1, x2, label (label = class index). */
export function generateExample(name: GeneratedExampleName, seed = 1): Table {
  const rng = createRng(seed, 100 + GENERATED_EXAMPLES.indexOf(name))
  const pts = GENERATORS[name](rng)
  return pointsTable(name, pts)
}

type Point = [x1: number, x2: number, label: number]

const GENERATORS: Record<GeneratedExampleName, (rng: Rng) => Point[]> = {
  xor: () => [
    [0, 0, 0],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 0],
  ],
  'xor-noisy': (rng) => {
    const out: Point[] = []
    for (let i = 0; i < 400; i++) {
      const a = i & 1
      const b = (i >> 1) & 1
      out.push([a + 0.15 * rng.nextGaussian(), b + 0.15 * rng.nextGaussian(), a ^ b])
    }
    return out
  },
  spirals: (rng) => {
    const out: Point[] = []
    const n = 200
    for (let i = 0; i < n; i++) {
      const t = (i / n) * 3 * Math.PI + 0.5 // three half-turns, away from the tangled centre
      const r = t / (3 * Math.PI + 0.5)
      for (const c of [0, 1]) {
        const s = c === 0 ? 1 : -1
        out.push([s * r * Math.cos(t) + 0.02 * rng.nextGaussian(), s * r * Math.sin(t) + 0.02 * rng.nextGaussian(), c])
      }
    }
    return out
  },
  circles: (rng) => {
    const out: Point[] = []
    for (let i = 0; i < 400; i++) {
      const inner = i % 2 === 0
      const a = rng.nextFloat() * 2 * Math.PI
      const r = (inner ? 0.5 * Math.sqrt(rng.nextFloat()) : 0.8 + 0.2 * rng.nextFloat()) + 0.03 * rng.nextGaussian()
      out.push([r * Math.cos(a), r * Math.sin(a), inner ? 1 : 0])
    }
    return out
  },
  blobs: (rng) => {
    const centres = [
      [-2, -1],
      [2, -1],
      [0, 2],
    ]
    const out: Point[] = []
    for (let i = 0; i < 300; i++) {
      const c = i % 3
      out.push([centres[c][0] + 0.8 * rng.nextGaussian(), centres[c][1] + 0.8 * rng.nextGaussian(), c])
    }
    return out
  },
}

function pointsTable(source: string, pts: Point[]): Table {
  const n = pts.length
  const col = (k: 0 | 1 | 2, name: string) => ({ kind: 'numeric' as const, name, values: Float64Array.from(pts, (p) => p[k]), missing: 0 })
  return {
    source,
    rows: n,
    columns: [col(0, 'x1'), col(1, 'x2'), col(2, 'label')],
    // A generated table has no file; line r+2 is where row r would be in its CSV (after the header).
    lines: Uint32Array.from({ length: n }, (_, r) => r + 2),
    warnings: [],
  }
}
