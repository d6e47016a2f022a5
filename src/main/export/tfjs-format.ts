import type { ActivationName } from '../../shared/config'

/**
 * What our activations are called in TensorFlow.js / Keras layers models, both ways. Shared by the exporter
 * and the importer so the two cannot drift apart. Checked against tfjs 4.22 in test/main/export/tfjs.test.ts.
 */

/** The weights file our TF.js export writes next to model.json. */
export const TFJS_WEIGHTS_FILE = 'weights.bin'

/** Key under model.json's userDefinedMetadata that carries our preprocessing, config and summary. */
export const TFJS_METADATA_KEY = 'backpropStudio'

/**
 * Our activations as a Dense `activation` string; leaky-relu is a linear Dense followed by a LeakyReLU layer
 * (no Dense activation string means leaky relu in TF.js), and `step` has no TF.js counterpart at all.
 */
export const OURS_TO_TFJS: Readonly<Record<ActivationName, string | { layer: 'LeakyReLU'; alpha: number } | null>> = {
  identity: 'linear',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  relu: 'relu',
  softplus: 'softplus',
  elu: 'elu',
  softmax: 'softmax',
  'leaky-relu': { layer: 'LeakyReLU', alpha: 0.01 },
  step: null,
}

/**
 * Dense `activation` strings of Keras / TF.js that are exactly one of ours (tfjs's elu has α = 1, like ours): the
 * string entries of OURS_TO_TFJS, reversed.
 */
export const TFJS_TO_OURS: Readonly<Record<string, ActivationName>> = Object.fromEntries(
  Object.entries(OURS_TO_TFJS).flatMap(([ours, tfjs]) => (typeof tfjs === 'string' ? [[tfjs, ours as ActivationName]] : [])),
)

/** One entry of model.json's weightsManifest[i].weights. */
export interface TfjsWeightSpec {
  name: string
  shape: number[]
  dtype: 'float32'
}

/** The model.json of a TF.js layers model, as tfjs's own file and HTTP handlers write it. */
export interface TfjsModelJson {
  format: 'layers-model'
  generatedBy: string
  convertedBy: null
  modelTopology: { class_name: 'Sequential'; config: { name: string; layers: Array<{ class_name: string; config: Record<string, unknown> }> }; keras_version: string; backend: string }
  weightsManifest: Array<{ paths: string[]; weights: TfjsWeightSpec[] }>
  userDefinedMetadata: Record<string, unknown>
}
