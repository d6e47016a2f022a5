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
