import { describe, expect, it, vi } from 'vitest'
import type { Api } from '../../../src/shared/ipc'

vi.mock('electron', () => import('../../helpers/electron-mock'))

const { exposed, ipcRenderer } = await import('../../helpers/electron-mock')
await import('../../../src/preload/index')

const api = exposed.get('api') as Api

describe('the preload bridge', () => {
  it('exposes exactly window.api with the contract functions, frozen', () => {
    expect([...exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'openDroppedFile'])
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key], key).toBe('function')
    expect(Object.isFrozen(api)).toBe(true)
    // Nothing of ipcRenderer leaks through.
    expect(Object.values(api)).not.toContain(ipcRenderer)
    expect(api).not.toHaveProperty('send')
  })

  it('forwards contract commands and refuses anything else before sending', async () => {
    ipcRenderer.invoked.length = 0
    await api.invoke('app:info')
    expect(await (api.invoke as (channel: string) => Promise<unknown>)('shell:open')).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown command channel/) })
    // The dropped-file channel is preload-only: page script cannot name a path.
    expect(await api.invoke('dataset:open-dropped', '/etc/passwd')).toMatchObject({ ok: false })
    expect(ipcRenderer.invoked).toEqual([{ channel: 'app:info', args: [] }])
  })

  it('sends a dropped file by the path webUtils gives, and refuses a File with no path', async () => {
    ipcRenderer.invoked.length = 0
    await api.openDroppedFile({ path: '/home/me/iris.csv' } as unknown as File)
    expect(await api.openDroppedFile({} as File)).toMatchObject({ ok: false })
    expect(ipcRenderer.invoked).toEqual([{ channel: 'dataset:open-dropped', args: ['/home/me/iris.csv'] }])
  })

  it('gives event listeners the payload only, never the event object, and unsubscribes', () => {
    const seen: unknown[][] = []
    const off = api.on('run:deleted', (...args: unknown[]) => void seen.push(args))
    ipcRenderer.emit('run:deleted', { runId: 'r1' })
    off()
    ipcRenderer.emit('run:deleted', { runId: 'r2' })
    expect(seen).toEqual([[{ runId: 'r1' }]])
    expect(() => api.on('ipc:anything' as never, () => {})).toThrow(/Unknown event channel/)
  })
})
