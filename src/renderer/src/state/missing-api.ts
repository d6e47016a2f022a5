import type { Api } from '../../../shared/ipc'

/** What the window says when it runs without the preload (opened in a plain browser, or the bridge failed). */
export const MISSING_API = 'The connection to the app’s main process is missing (window.api was not provided), so nothing can be loaded or trained. Start Backprop Studio as the desktop app.'

/**
 * A stand-in `window.api` for a page without the preload: every command answers with MISSING_API (shown in the
 * notices), events never come. The window still renders instead of failing on its first call.
 */
export function missingApi(): Api {
  return {
    invoke: () => Promise.resolve({ ok: false, error: MISSING_API }),
    openDroppedFile: () => Promise.resolve({ ok: false, error: MISSING_API }),
    on: () => () => {},
  }
}
