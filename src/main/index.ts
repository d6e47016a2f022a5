import { app, BrowserWindow } from 'electron'
import { registerFeatures } from './features'
import { trustSender } from './ipc'
import { createMainWindow, isTrustedSender, lockDownSessions } from './window'

/** Lifecycle and wiring only: each feature registers its own handlers. */
app.enableSandbox()

void app.whenReady().then(async () => {
  lockDownSessions()
  // Only the app's own window, showing the app's own page, may call main.
  trustSender(isTrustedSender)
  // Worker files sit beside this entry in the build (out/main/); shared code may live in out/main/chunks/.
  // Handlers exist before the window does, so the renderer's first calls find them.
  const dispose = await registerFeatures({ training: new URL('./training-worker.js', import.meta.url), dataset: new URL('./dataset-worker.js', import.meta.url) })
  app.on('will-quit', (event) => {
    // Let the run history flush and the worker threads end before the process goes.
    event.preventDefault()
    app.removeAllListeners('will-quit')
    void dispose().finally(() => app.quit())
  })
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
