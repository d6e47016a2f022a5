import type { AppInfo } from '../../shared/ipc'
import { z } from 'zod'
import type { HandlerTable } from './commands'
import type { AppEnvironment } from './context'
import { createDatasetFeature } from './datasets'
import type { DatasetStore } from './datasets/registry'
import { createRunFeature } from './runs'
import { createFormatHandlers } from './runs/format-handlers'

/** Every command of the app, as plain functions: what main registers over IPC and what the e2e bridge calls. */
export interface AppApi {
  /** Every channel of the contract: a channel without a handler does not compile. */
  handlers: HandlerTable
  datasets: DatasetStore
  /** Ends worker threads and flushes the run history. */
  dispose(): Promise<void>
}

/** Builds the app's features on `env`; `info` answers app:info. */
export async function createAppApi(env: AppEnvironment, info: () => AppInfo): Promise<AppApi> {
  const datasets = createDatasetFeature(env)
  const runs = await createRunFeature(env, datasets.store, { appVersion: info().version })
  const formats = createFormatHandlers({ env, datasets: datasets.store, runs: runs.runs, models: runs.models, appVersion: info().version })
  const handlers: HandlerTable = {
    'app:info': { schema: z.tuple([]), run: info },
    ...datasets.handlers,
    ...runs.handlers,
    ...formats,
  }
  // A dataset closed or prepared anew: the run manager's shared copy of the old splits goes too (runs already
  // started keep theirs), so re-preparing a big dataset many times does not pile up copies.
  datasets.store.onRetire((runDataId) => runs.releaseDataset(runDataId))
  return {
    handlers,
    datasets: datasets.store,
    dispose: () => runs.dispose(),
  }
}
