/**
 * The one Electron mock. Tests that import main-process code call
 *   vi.mock('electron', () => import('../helpers/electron-mock'))
 * (adjusting the relative path) and then inspect `handlers` / drive `invokeAs`. Window and session code is
 * checked through FakeBrowserWindow / FakeSession (they record the options and handlers main installs);
 * preload code through `exposed` / `ipcRenderer`.
 */
type Listener = (event: unknown, ...args: unknown[]) => unknown

/** Handlers registered through ipcMain.handle, by channel. */
export const handlers = new Map<string, Listener>()

export const ipcMain = {
  handle(channel: string, listener: Listener): void {
    if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    handlers.set(channel, listener)
  },
  removeHandler(channel: string): void {
    handlers.delete(channel)
  },
}

/** A stand-in for a renderer's WebContents that records what main sent it and the handlers main installed. */
export class FakeWebContents {
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  destroyed = false
  /** Listeners added with `on`, by event name (e.g. 'will-navigate'). */
  readonly listeners = new Map<string, Listener[]>()
  /** The handler given to setWindowOpenHandler, if any. */
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
    return this
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }
  /**
   * Emits `event` with a fake Electron event (plus `args`) to every listener and reports whether any of them
   * called preventDefault(), i.e. whether main refused it.
   */
  emitPreventable(event: string, ...args: unknown[]): boolean {
    let prevented = false
    const e = { preventDefault: () => void (prevented = true) }
    for (const l of this.listeners.get(event) ?? []) l(e, ...args)
    return prevented
  }
}

/** A stand-in for BrowserWindow: records its options and what it loaded; one FakeWebContents each. */
export class FakeBrowserWindow {
  static readonly all: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly loaded: Array<{ kind: 'url' | 'file'; target: string }> = []
  readonly onceListeners = new Map<string, Listener>()
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    FakeBrowserWindow.all.push(this)
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.all.find((w) => w.webContents === contents) ?? null
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.all]
  }
  once(event: string, listener: Listener): this {
    this.onceListeners.set(event, listener)
    return this
  }
  show(): void {}
  loadURL(url: string): Promise<void> {
    this.loaded.push({ kind: 'url', target: url })
    return Promise.resolve()
  }
  loadFile(path: string): Promise<void> {
    this.loaded.push({ kind: 'file', target: path })
    return Promise.resolve()
  }
}

type WebRequestListener = (details: Record<string, unknown>, callback: (response: Record<string, unknown>) => void) => void

/** A stand-in for a Session: records the permission handlers and webRequest listeners main installed. */
export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void) | null = null
  permissionCheckHandler: ((wc: unknown, permission: string, origin?: string, details?: unknown) => boolean) | null = null
  devicePermissionHandler: ((details: unknown) => boolean) | null = null
  readonly webRequestListeners = new Map<string, WebRequestListener>()
  readonly webRequest = {
    onBeforeRequest: (listener: WebRequestListener) => void this.webRequestListeners.set('onBeforeRequest', listener),
    onHeadersReceived: (listener: WebRequestListener) => void this.webRequestListeners.set('onHeadersReceived', listener),
  }
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler
  }
  /** Runs a webRequest listener as Electron would and returns what it answered. */
  request(event: 'onBeforeRequest' | 'onHeadersReceived', details: Record<string, unknown>): Record<string, unknown> {
    const listener = this.webRequestListeners.get(event)
    if (!listener) throw new Error(`no ${event} listener`)
    let answer: Record<string, unknown> | undefined
    listener(details, (response) => void (answer = response))
    if (!answer) throw new Error(`${event} listener did not answer`)
    return answer
  }
}

/** Calls a registered handler as if `sender` had invoked it from a frame at `url`. */
export async function invokeAs(sender: FakeWebContents, url: string, channel: string, ...args: unknown[]): Promise<unknown> {
  const h = handlers.get(channel)
  if (!h) throw new Error(`no handler for ${channel}`)
  return h({ sender, senderFrame: { url } }, ...args)
}

export const app = {
  getName: () => 'Backprop Studio',
  getVersion: () => '0.0.0-test',
  getPath: (_name: string) => '/tmp/backprop-studio-test',
  isPackaged: false,
  /** Set by enableSandbox(); whenReady() notes whether it was called first (the sandbox must come before ready). */
  sandboxEnabled: false,
  whenReadyCalledBeforeSandbox: false,
  enableSandbox(): void {
    this.sandboxEnabled = true
  },
  whenReady(): Promise<void> {
    if (!this.sandboxEnabled) this.whenReadyCalledBeforeSandbox = true
    return Promise.resolve()
  },
  appListeners: new Map<string, Listener[]>(),
  on(event: string, listener: Listener): void {
    this.appListeners.set(event, [...(this.appListeners.get(event) ?? []), listener])
  },
  quit(): void {},
}

export const BrowserWindow = FakeBrowserWindow
export const dialog = {}
export const shell = {}
export const session = { defaultSession: new FakeSession() }

/** What the preload exposed with contextBridge.exposeInMainWorld, by key. */
export const exposed = new Map<string, unknown>()
export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    exposed.set(key, api)
  },
}

/** A stand-in for the preload's ipcRenderer: records invocations and event listeners. */
export const ipcRenderer = {
  invoked: [] as Array<{ channel: string; args: unknown[] }>,
  listeners: new Map<string, Listener[]>(),
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args })
    return Promise.resolve({ ok: true, value: null })
  },
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
  },
  removeListener(channel: string, listener: Listener): void {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener))
  },
  /** Delivers an event from main as Electron would: an event object first, then the payload. */
  emit(channel: string, payload: unknown): void {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'the IpcRendererEvent' }, payload)
  },
}

/** The preload's webUtils: a File's path is whatever the test put in its `path` property. */
export const webUtils = {
  getPathForFile(file: { path?: string }): string {
    return file.path ?? ''
  },
}
export default { ipcMain, app, BrowserWindow, dialog, shell, session, webUtils, contextBridge, ipcRenderer }
