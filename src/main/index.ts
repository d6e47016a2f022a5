import { app, BrowserWindow } from 'electron'
import { registerAppInfo } from './app-info'
import { trustSender } from './ipc'
import { createMainWindow, isTrustedSender, lockDownSessions } from './window'

/** Lifecycle and wiring only: each feature registers its own handlers. */
app.enableSandbox()

void app.whenReady().then(() => {
  lockDownSessions()
  // Only the app's own window, showing the app's own page, may call main.
  trustSender(isTrustedSender)
  registerAppInfo()
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
