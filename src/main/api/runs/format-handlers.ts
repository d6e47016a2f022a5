import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { encodeForModel } from '../../data/encode-for-model'
import { predict } from '../../engine/predict'
import { fromTfjs, predictionsToCsv, toOnnx, toTfjs, TFJS_WEIGHTS_FILE } from '../../export'
import { saveVerified } from '../../files'
import { verifyOnnx, verifyPredictionsCsv, verifyTfjs } from '../../export/verify'
import { DEFAULT_EXPERIMENT, type ExperimentConfig, type HiddenActivation, type LossName, type OutputActivation } from '../../../shared/config'
import type { NetworkParams } from '../../engine/params'
import type { HandlerTable } from '../commands'
import type { AppEnvironment } from '../context'
import type { DatasetRegistry } from '../dataset-registry'
import { fileNameOf } from './export-handlers'
import type { ModelRegistry } from './models'
import type { RunLookup } from './run-lookup'
import * as s from './schemas'

/**
 * A run's network in other tools' formats (ONNX, TensorFlow.js layers), its predictions as CSV, and import of a
 * TensorFlow.js layers model. The conversions are src/main/export's pure functions; this file asks where to
 * save and writes atomically.
 */

export type FormatChannels = 'export:onnx' | 'export:tfjs' | 'export:predictions' | 'model:import-tfjs'

/** Largest TF.js weights file read on import (a 784-4096-4096-10 float32 network is about 80 MB). */
const MAX_TFJS_WEIGHT_BYTES = 512 * 1024 * 1024
const MAX_TFJS_JSON_BYTES = 16 * 1024 * 1024

export function createFormatHandlers(d: { env: AppEnvironment; datasets: DatasetRegistry; runs: RunLookup; models: ModelRegistry; appVersion: string }): HandlerTable<FormatChannels> {
  const { env, runs, models, datasets } = d
  /** The run's model file, refused (naming the file and the problem) unless the model-file reader accepts it. */
  const loadedOf = async (id: string) => (await runs.checkedModel(id)).model
  return {
    'export:onnx': {
      schema: s.runIdArgs,
      run: async (id) => {
        const model = await loadedOf(id)
        const bytes = toOnnx(model, d.appVersion)
        verifyOnnx(bytes, model)
        const path = await env.dialogs.saveFile({ title: 'Export as ONNX', defaultName: `${fileNameOf(runs.label(id), id)}.onnx`, filters: [{ name: 'ONNX model', extensions: ['onnx'] }] })
        if (!path) return null
        await saveVerified(path, bytes)
        return path
      },
    },
    'export:tfjs': {
      schema: s.runIdArgs,
      run: async (id) => {
        const model = await loadedOf(id)
        const { modelJson, weights } = toTfjs(model, d.appVersion)
        const jsonText = `${JSON.stringify(modelJson)}\n`
        verifyTfjs(jsonText, weights, model)
        const folder = await env.dialogs.saveFile({ title: 'Export as TensorFlow.js (a folder with model.json and weights.bin)', defaultName: `${fileNameOf(runs.label(id), id)}-tfjs`, filters: [] })
        if (!folder) return null
        await assertNewOrEmptyFolder(folder)
        await mkdir(folder, { recursive: true })
        // Weights first: a model.json is never left pointing at weights that are not there.
        await saveVerified(join(folder, TFJS_WEIGHTS_FILE), weights)
        await saveVerified(join(folder, 'model.json'), jsonText)
        return folder
      },
    },
    'export:predictions': {
      schema: s.modelAndDatasetArgs, // (runId, datasetId): two ids
      run: async (id, datasetId) => {
        const model = await loadedOf(id)
        if (!model.preprocessing) throw new Error(`Run "${id}" has no preprocessing in its model file, so it cannot read raw rows`)
        const entry = datasets.get(datasetId)
        const inputs = encodeForModel(model.preprocessing, entry.loaded)
        const Y = predict(model.params, inputs.X, inputs.rows)
        const csv = predictionsToCsv(model.preprocessing.target, Y, inputs.rows, model.params.sizes.at(-1)!, inputs.rowNumbers)
        verifyPredictionsCsv(csv, inputs.rows, model.preprocessing.target?.task === 'classification', inputs.rowNumbers)
        const path = await env.dialogs.saveFile({ title: 'Export predictions', defaultName: `${fileNameOf(runs.label(id), id)}-predictions.csv`, filters: [{ name: 'CSV', extensions: ['csv'] }] })
        if (!path) return null
        await saveVerified(path, csv)
        return path
      },
    },
    'model:import-tfjs': {
      schema: s.noArgs,
      run: async () => {
        const paths = await env.dialogs.openFiles({ title: 'Import a TensorFlow.js model (model.json)', filters: [{ name: 'TF.js model.json', extensions: ['json'] }] })
        if (!paths || paths.length === 0) return null
        const path = paths[0]
        const name = basename(path)
        if ((await stat(path)).size > MAX_TFJS_JSON_BYTES) throw new Error(`${name} is larger than ${MAX_TFJS_JSON_BYTES / 2 ** 20} MiB; a TF.js model.json holds only the topology and a manifest`)
        const text = await readFile(path, 'utf8')
        const weights = await readWeights(dirname(path), name, text)
        const { model } = fromTfjs(text, weights, { source: name })
        // A model saved by TF.js itself carries no training config: describe its network as one, so the app can
        // show it, evaluate it on data of its width and start runs from its weights.
        return models.add(name, model.config ? model : { ...model, config: configOfNetwork(model.params) })
      },
    },
  }
}

/** An experiment config that describes `params`' network: its layers and activations, the loss its output usually pairs with. */
export function configOfNetwork(params: NetworkParams): ExperimentConfig {
  const hidden = params.sizes.slice(1, -1).map((units, l) => ({ units, activation: params.activations[l] as HiddenActivation }))
  const output = params.activations.at(-1) as OutputActivation
  const loss: LossName = output === 'softmax' ? 'cross-entropy' : output === 'sigmoid' ? 'binary-cross-entropy' : 'mse'
  return { ...DEFAULT_EXPERIMENT, model: { ...DEFAULT_EXPERIMENT.model, hidden, output, loss } }
}

/** The weight files the manifest names, read from beside model.json and concatenated in manifest order. */
async function readWeights(folder: string, name: string, text: string): Promise<Uint8Array> {
  let manifest: unknown
  try {
    manifest = (JSON.parse(text) as { weightsManifest?: unknown }).weightsManifest
  } catch {
    return new Uint8Array(0) // fromTfjs reports the JSON error with its line and column
  }
  if (!Array.isArray(manifest)) return new Uint8Array(0) // fromTfjs names the missing field
  const files: string[] = []
  for (const group of manifest) {
    const paths = (group as { paths?: unknown } | null)?.paths
    if (!Array.isArray(paths)) return new Uint8Array(0) // fromTfjs names the malformed manifest entry
    for (const p of paths) {
      // Only files beside model.json: a manifest must not make the app read elsewhere.
      if (typeof p !== 'string' || p !== basename(p) || p === '..' || p === '.') throw new Error(`${name}: weightsManifest names "${String(p)}"; only files in the same folder as model.json are read`)
      files.push(p)
    }
  }
  const parts: Buffer[] = []
  let total = 0
  for (const f of files) {
    // Sizes are checked before reading, so a huge file is refused without being pulled into memory.
    const size = (await stat(join(folder, f)).catch(() => null))?.size
    if (size === undefined) throw new Error(`${name}: the weights file "${f}" is not in ${folder}`)
    total += size
    if (total > MAX_TFJS_WEIGHT_BYTES) throw new Error(`${name}: the weights files add up to more than ${MAX_TFJS_WEIGHT_BYTES / 2 ** 20} MiB`)
    parts.push(await readFile(join(folder, f)))
  }
  return Buffer.concat(parts)
}

/**
 * TF.js export writes model.json and weights.bin into `folder`: into a folder that already holds files it would
 * replace the user's own (another export, a model they downloaded). Only a new or empty folder is written into;
 * anything else is refused saying what is there, so nothing of the user's is overwritten without a choice.
 */
async function assertNewOrEmptyFolder(folder: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(folder)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'ENOTDIR') throw new Error(`${folder} is a file, not a folder: a TensorFlow.js export is a folder (model.json + weights.bin). Choose a new folder name.`)
    throw err
  }
  if (names.length === 0) return
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '')
  throw new Error(`The folder ${folder} already holds ${names.length} item${names.length === 1 ? '' : 's'} (${shown}); nothing was written. A TensorFlow.js export writes model.json and weights.bin, so it goes into a new or empty folder: choose another name.`)
}
