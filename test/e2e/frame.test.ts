import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, serveStatic } from './browser'

/** The built renderer opens in a real Chromium and shows the app's frame with working navigation. */
describe('the app frame in Chromium', () => {
  let browser: Browser
  let server: { url: string; close: () => Promise<void> }

  beforeAll(async () => {
    server = await serveStatic()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('renders the title and switches sections from the sidebar', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(server.url)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Backprop Studio')
    await page.getByRole('button', { name: 'Runs' }).click()
    expect(await page.locator('main h2').textContent()).toBe('Runs')
    expect(await page.getByRole('button', { name: 'Runs' }).getAttribute('aria-current')).toBe('page')
    // No horizontal scrolling at 1280x800.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true)
    await mkdir('out/screenshots', { recursive: true })
    await page.screenshot({ path: 'out/screenshots/frame.png' })
    expect(errors).toEqual([])
  })
})
