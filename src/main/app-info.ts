import os from 'node:os'
import { app } from 'electron'
import type { AppInfo } from '../shared/ipc'

/** `app:info`'s answer: name, versions and core count, shown in the window's status bar. */
export function appInfo(): AppInfo {
  return {
    name: app.getName(),
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
    chrome: process.versions.chrome ?? '',
    node: process.versions.node,
    platform: process.platform,
    cores: os.availableParallelism(),
  }
}
