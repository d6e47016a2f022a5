import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { launchChromium, serveStatic } from './browser'

/** Where every end-to-end step saves its screenshot (kept as CI artifacts). */
export const SHOTS = 'out/screenshots'

export interface BrowserSession {
  browser: Browser
  url: string
  /** A fresh temporary folder for this file (user-data folders, files to open, files saved). */
  dir: string
}

/**
 * Registers beforeAll/afterAll for a test file: Chromium, the built renderer served on 127.0.0.1, a temporary
 * folder (removed afterwards) and the screenshot folder. Read the fields inside tests (they are set in beforeAll).
 */
export function useBrowserSession(prefix: string): BrowserSession {
  const session = {} as BrowserSession
  let server: Awaited<ReturnType<typeof serveStatic>> | undefined
  beforeAll(async () => {
    session.browser = await launchChromium()
    server = await serveStatic()
    session.url = server.url
    session.dir = await mkdtemp(join(tmpdir(), `bps-${prefix}-`))
    await mkdir(SHOTS, { recursive: true })
  })
  afterAll(async () => {
    await session.browser?.close()
    await server?.close()
    if (session.dir) await rm(session.dir, { recursive: true, force: true })
  })
  return session
}

/** Clicks a sidebar section and waits until it is shown. */
export async function section(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click()
  await expect.poll(() => page.locator('main h2').first().textContent()).toBe(name)
}

/** A 1280×800 page collecting uncaught page errors into `errors`. */
export async function openPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { page, errors }
}
