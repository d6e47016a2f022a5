import { app, BrowserWindow } from 'electron'
import { registerAppInfo } from './app-info'
import { trustSender } from './ipc'
import { createMainWindow, isAllowedUrl, lockDownSessions } from './window'

/** Lifecycle and wiring only: each feature registers its own handlers. */
app.enableSandbox()

void app.whenReady().then(() => {
  lockDownSessions()
  // Only the app's own window, showing the app's own page, may call main.
  trustSender((sender, frameUrl) => BrowserWindow.fromWebContents(sender) !== null && !!frameUrl && isAllowedUrl(frameUrl))
  registerAppInfo()
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
