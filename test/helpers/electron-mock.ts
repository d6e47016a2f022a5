/**
 * The one Electron mock. Tests that import main-process code call
 *   vi.mock('electron', () => import('../helpers/electron-mock'))
 * (adjusting the relative path) and then inspect `handlers` / drive `invokeAs`.
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

/** A stand-in for a renderer's WebContents that records what main sent it. */
export class FakeWebContents {
  readonly sent: Array<{ channel: string; payload: unknown }> = []
  destroyed = false
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload })
  }
  isDestroyed(): boolean {
    return this.destroyed
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
}

export const BrowserWindow = { fromWebContents: () => null, getAllWindows: () => [] }
export const dialog = {}
export const shell = {}
export const session = {}
export const webUtils = {}
export default { ipcMain, app, BrowserWindow, dialog, shell, session, webUtils }
