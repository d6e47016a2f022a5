import { app, BrowserWindow } from 'electron'
import { createMainWindow, lockDownSessions } from './window'

/** Lifecycle and wiring only: each feature registers its own handlers. */
app.enableSandbox()

void app.whenReady().then(() => {
  lockDownSessions()
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
