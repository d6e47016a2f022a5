import os from 'node:os'
import { app } from 'electron'
import { z } from 'zod'
import type { AppInfo } from '../shared/ipc'
import { handle } from './ipc'

/** `app:info`: name, versions and core count, shown in the window's status bar. */
export function registerAppInfo(): void {
  handle('app:info', z.tuple([]), (): AppInfo => ({
    name: app.getName(),
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    platform: process.platform,
    cores: os.availableParallelism(),
  }))
}
