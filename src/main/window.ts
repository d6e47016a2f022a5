import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, session, type Session, type WebContents } from 'electron'

/**
 * The app's one window, with every setting of Electron's security checklist in one place (docs/security.md maps
 * each item to the line here and the test that pins it).
 */

/**
 * The page's Content Security Policy. The same string is the <meta> tag of src/renderer/index.html (a test
 * checks they are equal) and is also sent as a response header where Chromium lets us add one (the dev server;
 * for file:// pages Chromium fires no header events, so there the meta tag is what applies).
 * - default-src 'none': everything not listed below is refused (frames, objects, media, fonts, workers...).
 * - script-src 'self': the bundle's own module scripts only; no inline script, no eval.
 * - style-src 'unsafe-inline': kept because the dev server (Vite) injects each component's CSS as a <style>
 *   element; a style cannot run script, and with connect/img/font closed to the outside it cannot leak data.
 *   (Vue's :style bindings do not need it: they write through CSSOM, which CSP does not govern.)
 * - no frame-ancestors: Chromium ignores it in a <meta> tag and logs an error; nothing embeds this page.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Where the built renderer lives; the only folder whose files the window may load. */
const RENDERER_DIR_URL = new URL('../renderer/', import.meta.url)
const RENDERER_INDEX_URL = new URL('index.html', RENDERER_DIR_URL)

/**
 * The window: isolated, sandboxed, no Node, web security on, nothing experimental or embeddable; hardened
 * against navigation and new windows before anything loads.
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
    // Written out here, not built elsewhere, so that electronegativity (npm run security) can read every setting.
    webPreferences: {
      // CommonJS, because a sandboxed preload cannot load ES modules.
      preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  })
  win.once('ready-to-show', () => win.show())
  hardenWebContents(win.webContents)

  const devUrl = devServerUrl()
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(fileURLToPath(RENDERER_INDEX_URL))
  return win
}

/**
 * The renderer is a single page: it never navigates, never opens windows (a middle-click or target=_blank link
 * ends up in the window-open handler too), never embeds a <webview>.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * For the app's session: deny every permission request and check (camera, notifications, clipboard-read,
 * geolocation, HID/USB/serial devices...), refuse every request that is not for the app's own files, and add the
 * CSP header to every response that has headers.
 */
export function lockDownSessions(target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  target.setPermissionCheckHandler(() => false)
  target.setDevicePermissionHandler(() => false)
  target.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) })
  })
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) })
  })
}

/** The response headers with our policy added (an existing policy stays: browsers enforce both). */
export function withCspHeader(headers: Record<string, string[] | string> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = Array.isArray(value) ? [...value] : [value]
  const existing = Object.keys(out).find((n) => n.toLowerCase() === 'content-security-policy')
  const key = existing ?? 'Content-Security-Policy'
  out[key] = [...(out[key] ?? []), CONTENT_SECURITY_POLICY]
  return out
}

/**
 * No remote content. Allowed: files inside the built renderer folder, data:/blob: (images the page made
 * itself; the CSP decides where they may be used), the devtools, and (unpackaged, in `electron-vite dev`
 * only) the local dev server including its hot-reload socket. Everything else is cancelled, including other
 * file: URLs, so a compromised page cannot read the disk through the network stack.
 */
export function isAllowedRequestUrl(url: string): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  switch (parsed.protocol) {
    case 'file:':
      return isInsideRendererDir(parsed)
    case 'data:':
    case 'blob:':
    case 'devtools:':
      return true
    default:
      return isDevServer(parsed)
  }
}

/** True for the app's own page (the built index.html, or the dev server's page): the only page that may call main. */
export function isAppPageUrl(url: string | undefined): boolean {
  const parsed = url ? parseUrl(url) : null
  if (!parsed) return false
  if (parsed.protocol === 'file:') return sameFile(parsed, RENDERER_INDEX_URL)
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isDevServer(parsed)
}

/**
 * The IPC sender check (src/main/ipc.ts trustSender): the message must come from a window this app created
 * and from a frame showing the app's own page.
 */
export function isTrustedSender(sender: WebContents, frameUrl: string | undefined): boolean {
  return BrowserWindow.fromWebContents(sender) !== null && isAppPageUrl(frameUrl)
}

/** The dev server's URL when running unpackaged under `electron-vite dev`; null in a packaged app. */
export function devServerUrl(): string | null {
  const url = process.env['ELECTRON_RENDERER_URL']
  if (!url || app.isPackaged) return null
  const parsed = parseUrl(url)
  const loopback = parsed && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  return loopback && (parsed.protocol === 'http:' || parsed.protocol === 'https:') ? parsed.href : null
}

function isDevServer(url: URL): boolean {
  const dev = devServerUrl()
  if (!dev) return false
  const server = new URL(dev)
  const sameScheme =
    url.protocol === server.protocol ||
    (server.protocol === 'http:' && url.protocol === 'ws:') ||
    (server.protocol === 'https:' && url.protocol === 'wss:')
  return sameScheme && url.host === server.host
}

function isInsideRendererDir(url: URL): boolean {
  return decodedPath(url).startsWith(decodedPath(RENDERER_DIR_URL))
}

function sameFile(a: URL, b: URL): boolean {
  return decodedPath(a) === decodedPath(b)
}

/**
 * A file URL's path in one canonical form (percent-escapes decoded, dot segments resolved by the URL parser,
 * query and hash dropped), so `%20` and ` ` compare equal and `../` cannot climb out of the folder.
 */
function decodedPath(url: URL): string {
  try {
    return pathToFileURL(fileURLToPath(url)).pathname
  } catch {
    return '\0invalid'
  }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
