import { join } from 'node:path'
import { app, BrowserWindow, dialog, type OpenDialogOptions } from 'electron'
import { createAppApi } from './api'
import { appInfo } from './app-info'
import type { AppEnvironment, Dialogs } from './api/context'
import { handleAll, send } from './ipc'

/**
 * Electron's side of the app's features: real dialogs on the app's window, events sent to it, the folders, and
 * the worker files beside this bundle. Returns the function that shuts the features down (before quitting).
 */
export async function registerFeatures(workers: { training: URL; dataset: URL }): Promise<() => Promise<void>> {
  const window = (): BrowserWindow | undefined => BrowserWindow.getAllWindows()[0]
  const dialogs: Dialogs = {
    async openFiles({ title, filters, folders, multiple }) {
      const properties: OpenDialogOptions['properties'] = folders ? ['openDirectory'] : multiple ? ['openFile', 'multiSelections'] : ['openFile']
      const options: OpenDialogOptions = { title, filters, properties }
      const w = window()
      const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options)
      return r.canceled ? null : r.filePaths
    },
    async saveFile({ title, defaultName, filters }) {
      const w = window()
      const options = { title, defaultPath: join(app.getPath('documents'), defaultName), filters }
      const r = w ? await dialog.showSaveDialog(w, options) : await dialog.showSaveDialog(options)
      return r.canceled || !r.filePath ? null : r.filePath
    },
  }
  const env: AppEnvironment = {
    userDataDir: app.getPath('userData'),
    // Packaged: extraResources are copied to process.resourcesPath; from source: the repository's resources/.
    resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
    dialogs,
    emit: (channel, payload) => send(window()?.webContents, channel, payload),
    trainingWorker: workers.training,
    datasetWorker: workers.dataset,
  }
  const api = await createAppApi(env, appInfo)
  handleAll(api.handlers)
  return api.dispose
}
