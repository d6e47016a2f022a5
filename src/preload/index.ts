import { contextBridge } from 'electron'

/**
 * The bridge: exactly the IPC contract's functions, nothing else (never ipcRenderer, never an event object).
 */
contextBridge.exposeInMainWorld('api', Object.freeze({}))
