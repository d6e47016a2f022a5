import type { Api } from '../shared/ipc'

declare global {
  interface Window {
    /** The IPC contract, exposed by the preload. */
    api: Api
  }
}

export {}
