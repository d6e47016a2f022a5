import { inject, provide } from 'vue'
import type { InjectionKey } from 'vue'
import type { Api } from '../../../shared/ipc'
import { useSettingsPersistence } from '../composables/useSettingsPersistence'
import type { SettingsPersistence } from '../composables/useSettingsPersistence'
import { createNotices } from './notices'
import type { Notices } from './notices'
import { useDatasets } from './useDatasets'
import type { DatasetsState } from './useDatasets'
import { useModels } from './useModels'
import type { ModelsState } from './useModels'
import { useRuns } from './useRuns'
import type { RunsState } from './useRuns'

/** Everything the views share: the api, the notices, datasets, runs, models and the experiment settings. */
export interface Studio {
  api: Api
  notices: Notices
  datasets: DatasetsState
  runs: RunsState
  models: ModelsState
  settings: SettingsPersistence
}

const KEY: InjectionKey<Studio> = Symbol('studio')

/** Creates the shared state (call inside a component's setup or an effect scope) and provides it to descendants. */
export function provideStudio(api: Api): Studio {
  const notices = createNotices()
  const datasets = useDatasets(api, notices)
  const studio: Studio = {
    api,
    notices,
    datasets,
    runs: useRuns(api, notices, () => datasets.all.value),
    models: useModels(api, notices),
    settings: useSettingsPersistence(),
  }
  provide(KEY, studio)
  return studio
}

/** The studio provided by App.vue (throws outside it, where there is none). */
export function useStudio(): Studio {
  const studio = inject(KEY)
  if (!studio) throw new Error('useStudio() outside of App: no studio was provided')
  return studio
}
