import { beforeEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

vi.mock('electron', () => import('../helpers/electron-mock'))

const { handlers, invokeAs, FakeWebContents } = await import('../helpers/electron-mock')
const { handle, handleAll, send, trustSender } = await import('../../src/main/ipc')
const { appInfo } = await import('../../src/main/app-info')

const APP_URL = 'file:///app/out/renderer/index.html'
const own = new FakeWebContents()
const stranger = new FakeWebContents()

describe('typed IPC helpers', () => {
  beforeEach(() => {
    handlers.clear()
    trustSender((sender, url) => sender === (own as unknown) && url === APP_URL)
  })

  it('answers a valid command with an ok Result', async () => {
    handleAll({ 'app:info': { schema: z.tuple([]), run: appInfo } })
    const res = (await invokeAs(own, APP_URL, 'app:info')) as { ok: boolean; value: { name: string; cores: number } }
    expect(res.ok).toBe(true)
    expect(res.value.name).toBe('Backprop Studio')
    expect(res.value.cores).toBeGreaterThan(0)
  })

  it('refuses a payload of the wrong shape with a message naming the argument, without calling the handler', async () => {
    const impl = vi.fn(() => ({ name: '', version: '', electron: '', chrome: '', node: '', platform: '', cores: 1 }))
    handle('app:info', z.tuple([]) as never, impl)
    const res = (await invokeAs(own, APP_URL, 'app:info', { evil: true })) as { ok: boolean; error: string }
    expect(res.ok).toBe(false)
    expect(res.error).toMatch(/Invalid request "app:info"/)
    expect(impl).not.toHaveBeenCalled()
  })

  it('drops messages from any sender other than the app window', async () => {
    const impl = vi.fn()
    handle('app:info', z.tuple([]), impl as never)
    const fromStranger = (await invokeAs(stranger, APP_URL, 'app:info')) as { ok: boolean; error: string }
    const fromOtherPage = (await invokeAs(own, 'https://evil.example/', 'app:info')) as { ok: boolean; error: string }
    expect(fromStranger).toEqual({ ok: false, error: expect.stringMatching(/did not come from the app's window/) })
    expect(fromOtherPage.ok).toBe(false)
    expect(impl).not.toHaveBeenCalled()
  })

  it('turns a handler that throws into an error Result', async () => {
    handle('app:info', z.tuple([]), () => {
      throw new Error('disk on fire')
    })
    expect(await invokeAs(own, APP_URL, 'app:info')).toEqual({ ok: false, error: 'disk on fire' })
  })

  it('sends events only to windows that still exist', () => {
    const alive = new FakeWebContents()
    const gone = new FakeWebContents()
    gone.destroyed = true
    send(alive as never, 'app:notice', { level: 'info', message: 'hello' })
    send(gone as never, 'app:notice', { level: 'info', message: 'hello' })
    expect(alive.sent).toEqual([{ channel: 'app:notice', payload: { level: 'info', message: 'hello' } }])
    expect(gone.sent).toEqual([])
  })
})
