import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { createAppApi, type AppApi } from '../../src/main/api'
import { dispatch } from '../../src/main/api/commands'
import type { AppEnvironment, Dialogs } from '../../src/main/api/context'
import { COMMAND_CHANNELS, EVENT_CHANNELS, PRELOAD_ONLY_CHANNELS, type AppInfo } from '../../src/shared/ipc'

/**
 * `window.api` for end-to-end tests: the page gets the same three functions the preload exposes, backed by the
 * real main-process handlers running in the test process (createAppApi: real dataset and training worker
 * threads, a real user-data folder). Commands cross with Playwright's exposeBinding; events are pushed into the
 * page with page.evaluate. Only Electron itself (the window, the native dialogs) is replaced: dialogs answer what
 * the test scripts, and a dropped file is looked up by name in `dropDir` (a browser File has no path).
 */
export interface BridgeOptions {
  userDataDir: string
  /** Scripted dialogs; by default they cancel. Change them during a test through the returned `dialogs`. */
  dialogs?: Partial<Dialogs>
  /** Where `api.openDroppedFile(file)` finds `file.name`. Default: userDataDir. */
  dropDir?: string
}

export interface Bridge {
  api: AppApi
  /** The dialogs in use; assign to their functions to script the next answers. */
  dialogs: Dialogs
  /** Every event sent to the page, in order. */
  events: Array<{ channel: string; payload: unknown }>
  dispose(): Promise<void>
}

const INFO: AppInfo = { name: 'Backprop Studio', version: 'e2e', electron: '', chrome: '', node: process.versions.node, platform: process.platform, cores: 2 }

export async function bridgeApi(page: Page, options: BridgeOptions): Promise<Bridge> {
  const dialogs: Dialogs = {
    openFiles: options.dialogs?.openFiles ?? (async () => null),
    saveFile: options.dialogs?.saveFile ?? (async () => null),
  }
  const events: Bridge['events'] = []
  const env: AppEnvironment = {
    userDataDir: options.userDataDir,
    resourcesDir: new URL('../../resources', import.meta.url).pathname,
    dialogs: { openFiles: (o) => dialogs.openFiles(o), saveFile: (o) => dialogs.saveFile(o) },
    emit: (channel, payload) => {
      events.push({ channel, payload })
      // Pages come and go (navigation, close): an event for a page that is not there is dropped, as in Electron.
      page.evaluate(([c, p]) => (globalThis as unknown as { __bpsEmit?: (c: string, p: unknown) => void }).__bpsEmit?.(c, p), [channel, payload] as const).catch(() => {})
    },
    trainingWorker: new URL('../helpers/training-worker.mjs', import.meta.url),
    datasetWorker: new URL('../../src/main/api/datasets/worker.ts', import.meta.url),
    concurrency: 2,
  }
  const api = await createAppApi(env, () => INFO)
  const dropDir = options.dropDir ?? options.userDataDir

  await page.exposeBinding('__bpsInvoke', (_source, channel: string, args: unknown[]) => {
    if ((PRELOAD_ONLY_CHANNELS as readonly string[]).includes(channel)) return { ok: false, error: `Unknown command channel "${channel}"` }
    return dispatch(api.handlers, channel, Array.isArray(args) ? args : [])
  })
  await page.exposeBinding('__bpsDropped', (_source, name: string) => dispatch(api.handlers, 'dataset:open-dropped', [join(dropDir, name)]))
  await page.addInitScript(
    ([commands, eventNames]) => {
      const listeners = new Map<string, Set<(p: unknown) => void>>()
      const w = globalThis as unknown as Record<string, unknown>
      w['__bpsEmit'] = (channel: string, payload: unknown) => {
        for (const l of listeners.get(channel) ?? []) l(payload)
      }
      const invoke = w['__bpsInvoke'] as (c: string, a: unknown[]) => Promise<unknown>
      const dropped = w['__bpsDropped'] as (name: string) => Promise<unknown>
      const api = {
        invoke(channel: string, ...args: unknown[]) {
          if (!commands.includes(channel)) return Promise.resolve({ ok: false, error: `Unknown command channel "${channel}"` })
          return invoke(channel, args)
        },
        openDroppedFile(file: File) {
          return dropped(file.name)
        },
        on(channel: string, listener: (p: unknown) => void) {
          if (!eventNames.includes(channel)) throw new Error(`Unknown event channel "${channel}"`)
          const set = listeners.get(channel) ?? new Set()
          set.add(listener)
          listeners.set(channel, set)
          return () => set.delete(listener)
        },
      }
      Object.defineProperty(globalThis, 'api', { value: Object.freeze(api), writable: false, configurable: false })
    },
    [COMMAND_CHANNELS.filter((c) => !(PRELOAD_ONLY_CHANNELS as readonly string[]).includes(c)), [...EVENT_CHANNELS]] as [string[], string[]],
  )
  return { api, dialogs, events, dispose: () => api.dispose() }
}
