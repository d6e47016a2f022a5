import type { ActivationName } from '../../../src/shared/config'
import type { TrainingSummary } from '../../../src/shared/model-file'
import type { Preprocessing } from '../../../src/shared/preprocessing'
import { loadModelFile, serializeModelFile, toModelFile, type LoadedModel } from '../../../src/main/engine/model-file-io'
import type { NetworkParams } from '../../../src/main/engine/params'
import { createRng } from '../../../src/main/engine/rng'

export const summary: TrainingSummary = {
  epochs: 3,
  metrics: { loss: 0.25 },
  backend: 'ts-f32',
  durationMs: 10,
  createdAt: '2026-02-01T08:30:00.000Z',
  appVersion: '0.1.0',
}

/** A network with random float32 weights (scaled so activations stay in their interesting range). */
export function randomParams(sizes: number[], activations: ActivationName[], seed: number): NetworkParams<Float32Array> {
  const rng = createRng(seed)
  const W = sizes.slice(1).map((out, l) => Float32Array.from({ length: out * sizes[l] }, () => (1.5 * rng.nextGaussian()) / Math.sqrt(sizes[l])))
  const b = sizes.slice(1).map((out) => Float32Array.from({ length: out }, () => rng.nextGaussian() * 0.3))
  return { sizes, activations, W, b }
}

/** A model as the app would hold it after loading its file (goes through the real write/read path). */
export function randomModel(sizes: number[], activations: ActivationName[], seed: number, preprocessing: Preprocessing | null = null): LoadedModel {
  const params = randomParams(sizes, activations, seed)
  return loadModelFile(serializeModelFile(toModelFile({ params, config: null, preprocessing, summary })), 'random.json')
}

/** rows x cols inputs, exactly representable in float32 (what ONNX Runtime and TF.js are fed). */
export function randomInputs(rows: number, cols: number, seed: number): Float32Array {
  const rng = createRng(seed, 7)
  return Float32Array.from({ length: rows * cols }, () => rng.nextGaussian() * 2)
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

/** Hidden-layer activations and output activations the engine evaluates (softmax only on the output). */
export const HIDDEN_FOR_EXPORT: ActivationName[] = ['identity', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softplus', 'elu', 'step']
export const OUTPUT_FOR_EXPORT: ActivationName[] = ['softmax', 'sigmoid', 'tanh', 'identity', 'relu', 'leaky-relu', 'softplus', 'elu']

/**
 * Raw rows for the Python tests (the docs' NumPy snippet and the Python export): numbers, labels, an unseen
 * label, and missing cells written every way the app's shared list allows.
 */
export const RAW_ROWS_CSV = [
  'size,colour,weight,label',
  '1.5,red,10,a',
  '-2,blue,NA,b',
  '0.25,green,7.5,c',
  '3,purple,2,a', // a colour never seen in training: all zeros
  '0,,1,b', // a missing colour: imputed
  '12.75,red,-4,c',
  '2,None,--,a', // missing by the shared list (MISSING_VALUE_TOKENS): imputed, as the app does
  '4,#N/A,null,b',
].join('\n')

/** The preprocessing that reads RAW_ROWS_CSV: two numeric columns and one categorical, with imputation. */
export function rawRowsPreprocessing(task: 'classification' | 'regression'): Preprocessing {
  return {
    kind: 'tabular',
    scaling: 'standardize',
    missing: 'impute',
    columns: [
      { kind: 'numeric', name: 'size', offset: 1.25, scale: 2.5, impute: 0 },
      { kind: 'categorical', name: 'colour', categories: ['red', 'green', 'blue'], impute: 'green' },
      { kind: 'numeric', name: 'weight', offset: 5, scale: 3, impute: 4.5 },
    ],
    target: task === 'classification' ? { task, name: 'label', classes: ['a', 'b', 'c'] } : { task, name: 'label', offset: 10, scale: 4 },
  }
}

/** The app's outputs for encoded rows Y, decoded: class labels (argmax) or values in the target's units. */
export function decodeOutputs(target: Preprocessing['target'], Y: Float64Array, rows: number): Array<string | number> {
  if (target.task === 'regression') return Array.from(Y, (v) => v * target.scale + target.offset)
  const K = target.classes.length
  return Array.from({ length: rows }, (_, r) => {
    let best = 0
    for (let k = 1; k < K; k++) if (Y[r * K + k] > Y[r * K + best]) best = k
    return target.classes[best]
  })
}
