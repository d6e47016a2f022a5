import { contextBridge, ipcRenderer } from 'electron'
import { COMMAND_CHANNELS, EVENT_CHANNELS, type Api } from '../shared/ipc'

/**
 * The bridge: exactly the contract's channels. The renderer never sees ipcRenderer or an event object; a
 * channel that is not in the contract is refused here before anything is sent.
 * This is the only file that imports ipcRenderer.
 */
const commands = new Set<string>(COMMAND_CHANNELS)
const events = new Set<string>(EVENT_CHANNELS)

const api: Api = {
  invoke(channel, ...args) {
    if (!commands.has(channel)) return Promise.resolve({ ok: false, error: `Unknown command channel "${String(channel)}"` })
    return ipcRenderer.invoke(channel, ...args)
  },
  on(channel, listener) {
    if (!events.has(channel)) throw new Error(`Unknown event channel "${String(channel)}"`)
    const wrapped = (_event: Electron.IpcRendererEvent, payload: Parameters<typeof listener>[0]): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('api', Object.freeze(api))
