import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppEnvironment, Dialogs } from '../../src/main/api/context'
import type { EventChannel, Events } from '../../src/shared/ipc'

/** An app environment for tests: a temporary user-data folder, scripted dialogs, recorded events, real workers. */
export interface TestEnvironment extends AppEnvironment {
  events: Array<{ channel: EventChannel; payload: unknown }>
  /** What the next open / save dialogs answer (null = the user cancels). */
  dialogAnswers: { open: string[] | null; save: string | null }
  eventsOf<E extends EventChannel>(channel: E): Events[E][]
  cleanup(): Promise<void>
}

export async function createTestEnvironment(overrides: Partial<AppEnvironment> = {}): Promise<TestEnvironment> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'bps-app-'))
  const events: TestEnvironment['events'] = []
  const dialogAnswers: TestEnvironment['dialogAnswers'] = { open: null, save: null }
  const dialogs: Dialogs = {
    openFiles: async () => dialogAnswers.open,
    saveFile: async () => dialogAnswers.save,
  }
  return {
    userDataDir,
    resourcesDir: new URL('../../resources', import.meta.url).pathname,
    dialogs,
    emit: (channel, payload) => events.push({ channel, payload }),
    trainingWorker: new URL('./training-worker.mjs', import.meta.url),
    datasetWorker: new URL('../../src/main/api/datasets/worker.ts', import.meta.url),
    concurrency: 2,
    ...overrides,
    events,
    dialogAnswers,
    eventsOf: <E extends EventChannel>(channel: E) => events.filter((e) => e.channel === channel).map((e) => e.payload as Events[E]),
    cleanup: () => rm(userDataDir, { recursive: true, force: true }),
  }
}
