import type { AppInfo } from '../../shared/ipc'
import { z } from 'zod'
import type { HandlerTable } from './commands'
import type { AppEnvironment } from './context'
import { createDatasetFeature } from './datasets'
import type { DatasetStore } from './datasets/registry'
import { createRunFeature } from './runs'

/** Every command of the app, as plain functions: what main registers over IPC and what the e2e bridge calls. */
export interface AppApi {
  handlers: Partial<HandlerTable>
  datasets: DatasetStore
  /** Ends worker threads and flushes the run history. */
  dispose(): Promise<void>
}

/** Builds the app's features on `env`; `info` answers app:info. */
export async function createAppApi(env: AppEnvironment, info: () => AppInfo): Promise<AppApi> {
  const datasets = createDatasetFeature(env)
  const runs = await createRunFeature(env, datasets.store, { appVersion: info().version })
  const handlers: Partial<HandlerTable> = {
    'app:info': { schema: z.tuple([]), run: info },
    ...datasets.handlers,
    ...runs.handlers,
  }
  return {
    handlers,
    datasets: datasets.store,
    dispose: () => runs.dispose(),
  }
}
