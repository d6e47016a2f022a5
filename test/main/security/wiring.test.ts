import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

vi.mock('electron', () => import('../../helpers/electron-mock'))
// The features (datasets, runs, history...) are others' concern and tested on their own; here only the wiring.
vi.mock('../../../src/main/features', () => ({ registerFeatures: async () => async () => {} }))

const mock = await import('../../helpers/electron-mock')
const { FakeBrowserWindow, FakeWebContents, app, invokeAs, session } = mock
const { handle } = await import('../../../src/main/ipc')

// Starting main: sandbox for every renderer, then (once ready) the session lock-down, the sender check and the window.
await import('../../../src/main/index')
await vi.waitFor(() => expect(FakeBrowserWindow.all).toHaveLength(1))
// A command registered through the app's own helper, to see which senders index.ts lets through.
handle('app:info', z.tuple([]), () => ({ name: 'x', version: '0', electron: '', chrome: '', node: '', platform: '', cores: 1 }))

const APP_PAGE = new URL('../../../src/renderer/index.html', import.meta.url).href

describe('main process start-up', () => {
  it('enables the sandbox for all renderers before the app is ready', () => {
    expect(app.sandboxEnabled).toBe(true)
    expect(app.whenReadyCalledBeforeSandbox).toBe(false)
  })

  it('locks down the default session', () => {
    const s = session.defaultSession
    let granted: boolean | undefined
    s.permissionRequestHandler!(null, 'media', (g) => (granted = g))
    expect(granted).toBe(false)
    expect(s.permissionCheckHandler!(null, 'media')).toBe(false)
    expect(s.request('onBeforeRequest', { url: 'https://example.com/' })).toEqual({ cancel: true })
  })

  it('opens one window with the secure preferences', () => {
    expect(FakeBrowserWindow.all).toHaveLength(1)
    expect(FakeBrowserWindow.all[0]!.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
  })

  it('answers IPC only from that window showing the app page', async () => {
    const own = FakeBrowserWindow.all[0]!.webContents
    expect(await invokeAs(own, APP_PAGE, 'app:info')).toMatchObject({ ok: true })
    expect(await invokeAs(new FakeWebContents(), APP_PAGE, 'app:info')).toMatchObject({ ok: false, error: expect.stringMatching(/did not come from the app's window/) })
    expect(await invokeAs(own, 'https://example.com/', 'app:info')).toMatchObject({ ok: false })
    expect(await invokeAs(own, 'file:///tmp/evil.html', 'app:info')).toMatchObject({ ok: false })
  })
})
