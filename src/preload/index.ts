import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { COMMAND_CHANNELS, EVENT_CHANNELS, PRELOAD_ONLY_CHANNELS, type Api } from '../shared/ipc'

/**
 * The bridge: exactly the contract's channels. The renderer never sees ipcRenderer or an event object; a
 * channel that is not in the contract is refused here before anything is sent.
 * This is the only file that imports ipcRenderer.
 */
const preloadOnly = new Set<string>(PRELOAD_ONLY_CHANNELS)
const commands = new Set<string>(COMMAND_CHANNELS.filter((c) => !preloadOnly.has(c)))
const events = new Set<string>(EVENT_CHANNELS)

const api: Api = {
  invoke(channel, ...args) {
    if (!commands.has(channel)) return Promise.resolve({ ok: false, error: `Unknown command channel "${String(channel)}"` })
    return ipcRenderer.invoke(channel, ...args)
  },
  openDroppedFile(file, read) {
    // Main reads only paths the user picked or dropped: the path comes from the File object here, in the
    // isolated preload, so page script cannot name an arbitrary path.
    let path = ''
    try {
      path = webUtils.getPathForFile(file)
    } catch {
      path = ''
    }
    if (!path) return Promise.resolve({ ok: false, error: 'The dropped item is not a file on this computer' })
    return ipcRenderer.invoke('dataset:open-dropped', path, ...(read ? [read] : []))
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
