import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ModelView } from '../../../shared/views'
import { MODEL_FILE_LIMITS } from '../../../shared/model-file'
import { inputWidth } from '../../../shared/preprocessing'
import { featureNames } from '../../data/tabular-encoding'
import { loadModelFile, type LoadedModel } from '../../engine/model-file-io'
import { parameterCount } from '../../../shared/config'

/** Model files imported this session: validated on import, kept in main, named by id. */

export interface ImportedModel {
  view: ModelView
  model: LoadedModel
}

export interface ModelRegistry {
  /** Reads and validates the file at `path` (every problem named: file, field, what is wrong) and keeps it. */
  importFile(path: string): Promise<ModelView>
  /** Keeps a model read by other means (e.g. converted from TensorFlow.js); throws when the app cannot use it. */
  add(name: string, model: LoadedModel): ModelView
  /** Throws Error(`No imported model "<id>" ...`) for an unknown id. */
  get(id: string): ImportedModel
  list(): ModelView[]
}

export function createModelRegistry(): ModelRegistry {
  const models = new Map<string, ImportedModel>()
  let next = 1
  return {
    async importFile(path) {
      const name = basename(path)
      const size = (await stat(path)).size
      // Refuse before reading: a huge file must not be pulled into memory to be told it is too big. (Bytes, not
      // characters: the margin covers the few multi-byte characters names may have; the parser checks exactly.)
      if (size > MODEL_FILE_LIMITS.maxTextChars + 2 ** 20) throw new Error(`Model file "${name}" is ${size.toLocaleString('en-US')} bytes; model files are limited to about ${MODEL_FILE_LIMITS.maxTextChars / 2 ** 20} MiB`)
      return this.add(name, loadModelFile(await readFile(path, 'utf8'), name))
    },
    add(name, model) {
      const view = modelView(`model-${next}`, name, model)
      next++
      models.set(view.id, { view, model })
      return view
    },
    get(id) {
      const m = models.get(id)
      if (!m) throw new Error(`No imported model "${id}"${models.size ? ` (imported: ${[...models.keys()].join(', ')})` : ''}; import one first`)
      return m
    },
    list: () => [...models.values()].map((m) => m.view),
  }
}

/**
 * The window's view of a model file. The app needs the file's training config; a file without preprocessing (a
 * network made elsewhere, e.g. imported from TF.js) reads a dataset's own encoding, so it fits data of its
 * input and output widths (see model-inputs.ts), and its task follows from its output activation.
 */
export function modelView(id: string, name: string, model: LoadedModel): ModelView {
  const { config, preprocessing: pre, params } = model
  if (!config) throw new Error(`Model file "${name}" has no training config ("config": null): the app can only use models with one (the command line's predict can use it)`)
  if (!pre) {
    const outputs = params.sizes[params.sizes.length - 1]
    const classifies = config.model.output === 'softmax' || config.model.output === 'sigmoid'
    return {
      id,
      name,
      config,
      inputs: params.sizes[0],
      outputs,
      task: classifies ? 'classification' : 'regression',
      featureNames: Array.from({ length: params.sizes[0] }, (_, i) => `input ${i + 1}`),
      classLabels: classifies ? Array.from({ length: Math.max(outputs, 2) }, (_, k) => String(k)) : null,
      parameterCount: parameterCount(params.sizes),
    }
  }
  return {
    id,
    name,
    config,
    inputs: params.sizes[0],
    outputs: params.sizes[params.sizes.length - 1],
    task: pre.target.task,
    featureNames: pre.kind === 'tabular' ? featureNames(pre.columns) : Array.from({ length: inputWidth(pre) }, (_, i) => `pixel ${Math.floor(i / pre.width)},${i % pre.width}`),
    classLabels: pre.target.task === 'classification' ? [...pre.target.classes] : null,
    parameterCount: parameterCount(params.sizes),
  }
}
