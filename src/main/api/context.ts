import type { EventChannel, Events } from '../../shared/ipc'

/**
 * What the app's command handlers need from the outside world, injected so they run without Electron: folders,
 * dialogs and the event sink. Electron's versions are made in src/main/index.ts; tests pass fakes.
 */

export interface FileFilter {
  name: string
  extensions: string[]
}

export interface Dialogs {
  /** Paths the user picked, or null when cancelled. `folders` lets them pick folders instead of files. */
  openFiles(options: { title: string; filters: FileFilter[]; folders?: boolean; multiple?: boolean }): Promise<string[] | null>
  /** The path to save to, or null when cancelled. */
  saveFile(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>
}

/** Sends an event to the window (a no-op when there is none). */
export type Emit = <E extends EventChannel>(channel: E, payload: Events[E]) => void

export interface AppEnvironment {
  /** The app's user-data folder (run history lives under `<userDataDir>/runs`). */
  userDataDir: string
  /** The app's resources folder (built-in examples under `<resourcesDir>/examples`). */
  resourcesDir: string
  dialogs: Dialogs
  emit: Emit
  /** The training worker's file (tests pass the tsx bootstrap). */
  trainingWorker: URL
  /** The dataset worker's file (tests pass the tsx bootstrap). */
  datasetWorker: URL
  /** Runs at once; default: the machine's cores. */
  concurrency?: number
}
