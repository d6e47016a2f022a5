import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../helpers/electron-mock'))

const mock = await import('../helpers/electron-mock')
const { FakeBrowserWindow, FakeSession, FakeWebContents, app } = mock
const window = await import('../../src/main/window')
const { CONTENT_SECURITY_POLICY, createMainWindow, isAllowedRequestUrl, isAppPageUrl, isTrustedSender, lockDownSessions, withCspHeader } = window

/** Under vitest window.ts sits in src/main, so "the renderer folder" is src/renderer. */
const RENDERER_DIR = new URL('../../src/renderer/', import.meta.url)
const APP_PAGE = new URL('index.html', RENDERER_DIR).href

function setDev(url: string | undefined, packaged: boolean): void {
  if (url === undefined) delete process.env['ELECTRON_RENDERER_URL']
  else process.env['ELECTRON_RENDERER_URL'] = url
  app.isPackaged = packaged
}

beforeEach(() => setDev(undefined, false))
afterEach(() => {
  setDev(undefined, false)
  FakeBrowserWindow.all.length = 0
})

describe('webPreferences', () => {
  const prefs = (): Record<string, unknown> => (createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>).options.webPreferences ?? {}

  it('isolates, sandboxes, keeps Node out and web security on', () => {
    expect(prefs()).toMatchObject({
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
    })
    expect(prefs()).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs()).not.toHaveProperty('additionalArguments')
  })

  it('points at the CommonJS preload (a sandboxed preload cannot be an ES module)', () => {
    expect(prefs()['preload']).toBe(fileURLToPath(new URL('../../src/preload/index.cjs', import.meta.url)))
  })
})

describe('the window', () => {
  it('refuses every navigation, redirect, frame navigation and <webview>, whatever the URL', () => {
    const win = createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>
    const wc = win.webContents
    for (const url of ['https://example.com/', APP_PAGE, 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(wc.emitPreventable('will-navigate', { url }), `will-navigate ${url}`).toBe(true)
      expect(wc.emitPreventable('will-frame-navigate', { url }), `will-frame-navigate ${url}`).toBe(true)
      expect(wc.emitPreventable('will-redirect', { url }), `will-redirect ${url}`).toBe(true)
    }
    expect(wc.emitPreventable('will-attach-webview', {}, { src: 'https://example.com/' })).toBe(true)
  })

  it('denies every new window (window.open, target=_blank, middle-click)', () => {
    const win = createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>
    const open = win.webContents.windowOpenHandler
    expect(open).not.toBeNull()
    for (const url of ['https://example.com/', APP_PAGE, 'about:blank']) expect(open!({ url })).toEqual({ action: 'deny' })
  })

  it('loads the built page from disk, and the dev server only when unpackaged and on loopback', () => {
    const built = fileURLToPath(new URL('index.html', RENDERER_DIR))
    expect((createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>).loaded).toEqual([{ kind: 'file', target: built }])

    setDev('http://localhost:5173/', false)
    expect((createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>).loaded).toEqual([{ kind: 'url', target: 'http://localhost:5173/' }])

    setDev('http://localhost:5173/', true) // a packaged app ignores the variable
    expect((createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>).loaded).toEqual([{ kind: 'file', target: built }])

    setDev('https://evil.example/', false) // not a loopback dev server
    expect((createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>).loaded).toEqual([{ kind: 'file', target: built }])
  })
})

describe('the session', () => {
  function lockedSession(): InstanceType<typeof FakeSession> {
    const s = new FakeSession()
    lockDownSessions(s as never)
    return s
  }

  it('denies every permission request, check and device', () => {
    const s = lockedSession()
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid']) {
      let granted: boolean | undefined
      s.permissionRequestHandler!(null, permission, (g) => (granted = g))
      expect(granted, permission).toBe(false)
      expect(s.permissionCheckHandler!(null, permission, 'file:///'), permission).toBe(false)
    }
    expect(s.devicePermissionHandler!({ deviceType: 'usb', origin: 'file://' })).toBe(false)
  })

  it('is what lockDownSessions() locks by default', () => {
    const s = mock.session.defaultSession
    lockDownSessions()
    expect(s.permissionRequestHandler).not.toBeNull()
    expect(s.request('onBeforeRequest', { url: 'https://example.com/' })).toEqual({ cancel: true })
  })

  it('cancels every request for remote content or files outside the renderer folder', () => {
    const s = lockedSession()
    const cancelled = (url: string): unknown => s.request('onBeforeRequest', { url })['cancel']
    for (const url of [
      'https://example.com/x.js',
      'http://localhost:5173/',
      'ws://localhost:5173/',
      'ftp://example.com/',
      'file:///etc/passwd',
      new URL('../main/window.ts', RENDERER_DIR).href,
      `${RENDERER_DIR.href}..%2fmain/window.ts`,
      `${RENDERER_DIR.href}%2e%2e/main/window.ts`,
      'file://remote-host/share/index.html',
      'not a url',
    ]) {
      expect(cancelled(url), url).toBe(true)
    }
    for (const url of [APP_PAGE, new URL('assets/index-abc.js', RENDERER_DIR).href, `${APP_PAGE}#runs`, 'data:image/png;base64,AAAA', 'blob:file:///1234', 'devtools://devtools/bundled/inspector.html']) {
      expect(cancelled(url), url).toBe(false)
    }
  })

  it('lets the dev server (and its hot-reload socket) through only when unpackaged', () => {
    setDev('http://localhost:5173/', false)
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts')).toBe(true)
    expect(isAllowedRequestUrl('ws://localhost:5173/')).toBe(true)
    expect(isAllowedRequestUrl('http://localhost:5174/')).toBe(false)
    expect(isAllowedRequestUrl('https://example.com/')).toBe(false)
    setDev('http://localhost:5173/', true)
    expect(isAllowedRequestUrl('http://localhost:5173/src/main.ts')).toBe(false)
  })

  it('adds the CSP header to responses and keeps their other headers', () => {
    const s = lockedSession()
    const answer = s.request('onHeadersReceived', { url: 'http://localhost:5173/', responseHeaders: { 'content-type': ['text/html'] } })
    expect(answer).toEqual({ responseHeaders: { 'content-type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
    // A page's own policy stays; browsers enforce both.
    expect(withCspHeader({ 'content-security-policy': "script-src 'self'" })).toEqual({ 'content-security-policy': ["script-src 'self'", CONTENT_SECURITY_POLICY] })
  })
})

describe('the IPC sender check', () => {
  it('trusts only the app window showing the app page', () => {
    const win = createMainWindow() as unknown as InstanceType<typeof FakeBrowserWindow>
    const own = win.webContents as never
    expect(isTrustedSender(own, APP_PAGE)).toBe(true)
    expect(isTrustedSender(own, `${APP_PAGE}#data`)).toBe(true)
    expect(isTrustedSender(new FakeWebContents() as never, APP_PAGE)).toBe(false)
    for (const url of [undefined, '', 'https://example.com/', 'file:///tmp/evil.html', new URL('assets/x.html', RENDERER_DIR).href, 'data:text/html,hi', 'about:blank']) {
      expect(isTrustedSender(own, url), String(url)).toBe(false)
    }
  })

  it('accepts the dev server page only when unpackaged', () => {
    setDev('http://localhost:5173/', false)
    expect(isAppPageUrl('http://localhost:5173/')).toBe(true)
    expect(isAppPageUrl('ws://localhost:5173/')).toBe(false)
    setDev('http://localhost:5173/', true)
    expect(isAppPageUrl('http://localhost:5173/')).toBe(false)
  })

  it('compares file paths, not spellings', () => {
    expect(isAppPageUrl(pathToFileURL(fileURLToPath(APP_PAGE)).href)).toBe(true)
    expect(isAppPageUrl(new URL('./assets/../index.html', RENDERER_DIR).href)).toBe(true)
    expect(isAppPageUrl(APP_PAGE.replace('index.html', 'index%2Ehtml'))).toBe(true)
  })
})

describe('the Content Security Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
    const [name = '', ...values] = d.trim().split(/\s+/)
    return [name, values] as const
  }))

  it('refuses by default and allows scripts only from the bundle', () => {
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-src')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|https?:/)
    for (const name of ['connect-src', 'img-src']) expect(directives.get(name)?.[0], name).toBe("'self'")
  })

  it('is the <meta> tag of the renderer page, word for word', () => {
    const html = readFileSync(new URL('index.html', RENDERER_DIR), 'utf8')
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })
})
