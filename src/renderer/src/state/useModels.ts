import { shallowRef } from 'vue'
import type { Ref } from 'vue'
import type { Api, Compatibility, Evaluation, ModelView } from '../../../shared/ipc'
import { callApi } from './api-call'
import type { Notices } from './notices'

export interface ModelsState {
  /** Model files imported this session (kept in main). */
  list: Readonly<Ref<readonly ModelView[]>>
  /** Open dialog, validate, add to the list; null when cancelled or refused. */
  importFile: () => Promise<ModelView | null>
  /** Open dialog for a TensorFlow.js layers model.json (weights beside it), add it to the list; null when cancelled or refused. */
  importTfjs: () => Promise<ModelView | null>
  refresh: () => Promise<void>
  compatibility: (modelId: string, datasetId: string) => Promise<Compatibility | null>
  evaluate: (modelId: string, datasetId: string) => Promise<Evaluation | null>
  /** Save dialog for a run's model file; the written path, or null. */
  exportRun: (runId: string) => Promise<string | null>
}

/** Imported model files and model export; failures go to the notices. */
export function useModels(api: Api, notices: Notices): ModelsState {
  const list = shallowRef<readonly ModelView[]>([])
  function add(model: ModelView): void {
    list.value = [...list.value.filter((m) => m.id !== model.id), model]
  }
  return {
    list,
    async importFile() {
      const model = await callApi(api, notices, 'Could not import the model file', 'model:import')
      if (model) add(model)
      return model
    },
    async importTfjs() {
      const model = await callApi(api, notices, 'Could not import the TensorFlow.js model', 'model:import-tfjs')
      if (model) add(model)
      return model
    },
    async refresh() {
      const models = await callApi(api, notices, 'Could not list the imported models', 'model:list')
      if (models) list.value = models
    },
    compatibility: (modelId, datasetId) => callApi(api, notices, 'Could not check the model against the dataset', 'model:compatibility', modelId, datasetId),
    evaluate: (modelId, datasetId) => callApi(api, notices, 'Could not evaluate the model', 'model:evaluate', modelId, datasetId),
    exportRun: (runId) => callApi(api, notices, 'Could not export the model file', 'export:model', runId),
  }
}
