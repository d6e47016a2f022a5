import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bridgeApi } from './api-bridge'
import { launchChromium, serveStatic } from './browser'

let browser: Browser
let server: Awaited<ReturnType<typeof serveStatic>>
let dir: string

beforeAll(async () => {
  browser = await launchChromium()
  server = await serveStatic()
  dir = await mkdtemp(join(tmpdir(), 'bps-bridge-'))
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('the e2e bridge gives the page the real main-process handlers', () => {
  it('invoke reaches the real dataset code, events reach the page, unknown and preload-only channels are refused', async () => {
    const page = await browser.newPage()
    const bridge = await bridgeApi(page, { userDataDir: dir })
    try {
      await page.goto(server.url)
      const result = await page.evaluate(async () => {
        const api = (globalThis as unknown as { api: { invoke: (c: string, ...a: unknown[]) => Promise<any>; on: (c: string, l: (p: any) => void) => () => void } }).api
        const progress: unknown[] = []
        api.on('dataset:progress', (p) => progress.push(p))
        const opened = await api.invoke('dataset:open-example', 'iris')
        const unknown = await api.invoke('no:such-channel')
        const preloadOnly = await api.invoke('dataset:open-dropped', '/etc/passwd')
        const bad = await api.invoke('dataset:open-example', 'nope')
        await new Promise((r) => setTimeout(r, 200))
        return { opened, unknown, preloadOnly, bad, progress }
      })
      expect(result.opened.ok).toBe(true)
      expect(result.opened.value.summary.rows).toBe(150)
      expect(result.unknown).toEqual({ ok: false, error: 'Unknown command channel "no:such-channel"' })
      expect(result.preloadOnly.ok).toBe(false)
      expect(result.bad.ok).toBe(false)
      expect(result.progress.length).toBeGreaterThan(0)
      expect(bridge.api.datasets.list().map((d) => d.view.name)).toContain('iris')
    } finally {
      await bridge.dispose()
      await page.close()
    }
  })

  it("the built renderer runs under its strict CSP (no inline styles or scripts): no violation in any section", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const bridge = await bridgeApi(page, { userDataDir: dir })
    try {
      const violations: string[] = []
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text())
      })
      await page.addInitScript(() => {
        const doc = (globalThis as unknown as { document: { addEventListener(t: string, l: (e: { violatedDirective: string; blockedURI: string }) => void): void } }).document
        doc.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`))
      })
      await page.goto(server.url)
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
      expect(csp).toMatch(/style-src 'self';/)
      expect(csp).not.toMatch(/unsafe-inline/)
      // Every section of the sidebar, with the first-launch example loaded.
      const sections = page.locator('nav.sidebar button')
      const n = await sections.count()
      expect(n).toBeGreaterThanOrEqual(4)
      for (let i = 0; i < n; i++) {
        await sections.nth(i).click()
        await page.waitForTimeout(300)
      }
      expect(violations).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  })
})
