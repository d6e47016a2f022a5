import { fileURLToPath } from 'node:url'
import { BrowserWindow, session } from 'electron'

/**
 * The app's one window, with every security setting in one place (Electron's security checklist):
 * context isolation, sandbox, no node integration, web security, no navigation, no new windows,
 * no permission grants. The preload is CommonJS because sandboxed preloads cannot load ES modules.
 */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Backprop Studio',
    autoHideMenuBar: true,
    webPreferences: {
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  })

  win.once('ready-to-show', () => win.show())
  // The renderer is a single page: it never navigates and never opens windows.
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.on('will-redirect', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())

  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl && !isPackaged()) {
    void win.loadURL(devUrl)
  } else {
    void win.loadFile(fileURLToPath(new URL('../renderer/index.html', import.meta.url)))
  }
  return win
}

/** Deny every permission request (camera, notifications, ...) and permission check for every session. */
export function lockDownSessions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  // No remote content: refuse any request that is not for the app's own files or dev server.
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedUrl(details.url) })
  })
}

/** Only the app's own bundle (file:), devtools, data/blob URLs and the local dev server may load. */
export function isAllowedUrl(url: string): boolean {
  if (/^(file|devtools|data|blob):/.test(url)) return true
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  return !!devUrl && !isPackaged() && url.startsWith(new URL(devUrl).origin)
}

function isPackaged(): boolean {
  return !process.defaultApp && !process.env['ELECTRON_RENDERER_URL']
}
