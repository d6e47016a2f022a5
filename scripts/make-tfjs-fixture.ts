/**
 * Writes test/fixtures/export/tfjs-dense/{model.json,weights.bin}: a Dense network built, initialised and saved
 * by TensorFlow.js itself (not by our exporter), so the import test reads the real thing. The JSON layout is
 * what tfjs's own file/HTTP handlers write: the model artifacts plus a weightsManifest naming weights.bin.
 * Run: npx tsx scripts/make-tfjs-fixture.ts   (deterministic: seeded initialisers; rerun after a tfjs upgrade)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs'

const out = join(import.meta.dirname, '..', 'test', 'fixtures', 'export', 'tfjs-dense')

async function main(): Promise<void> {
  await tf.setBackend('cpu')
  const init = (seed: number) => tf.initializers.glorotUniform({ seed })
  const bias = (seed: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.3, seed })
  const model = tf.sequential({ name: 'made_by_tfjs' })
  model.add(tf.layers.dense({ inputShape: [4], units: 6, activation: 'tanh', kernelInitializer: init(1), biasInitializer: bias(2) }))
  model.add(tf.layers.dense({ units: 5, activation: 'linear', kernelInitializer: init(3), biasInitializer: bias(4) }))
  model.add(tf.layers.leakyReLU({ alpha: 0.01 }))
  model.add(tf.layers.dropout({ rate: 0.2 }))
  model.add(tf.layers.dense({ units: 5, activation: 'elu', kernelInitializer: init(5), biasInitializer: bias(6) }))
  model.add(tf.layers.dense({ units: 3, kernelInitializer: init(7), biasInitializer: bias(8) }))
  model.add(tf.layers.activation({ activation: 'softmax' }))
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, weightSpecs, ...rest } = artifacts
      if (!weightData || !weightSpecs) throw new Error('tfjs saved no weights')
      mkdirSync(out, { recursive: true })
      const modelJson = { ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] }
      writeFileSync(join(out, 'model.json'), `${JSON.stringify(modelJson, null, 1)}\n`)
      writeFileSync(join(out, 'weights.bin'), new Uint8Array(weightData as ArrayBuffer))
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  // Reference outputs computed by tfjs, so the test compares our import with tfjs's own forward pass.
  const inputs = tf.tidy(() => tf.randomNormal([8, 4], 0, 1.5, 'float32', 11))
  const outputs = model.predict(inputs) as tf.Tensor
  const reference = { inputs: Array.from(await inputs.data()), outputs: Array.from(await outputs.data()), rows: 8 }
  writeFileSync(join(out, 'reference.json'), `${JSON.stringify(reference)}\n`)
  console.log(`wrote ${out}`)
}

void main()
