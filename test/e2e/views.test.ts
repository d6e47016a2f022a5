import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { bridgeApi } from './api-bridge'
import { openPage, section, SHOTS, useBrowserSession } from './session'
import { fitsWidth, observeLongTasks, paintedShare, takeLongTasks } from './page-checks'

/**
 * The image and regression views in Chromium against the real main process: MNIST digits drawn from their
 * pixels, misclassified digits and first-layer weights after training; a regression CSV trained and shown as
 * predicted-vs-actual and residual plots. Screenshots under out/screenshots/.
 */

const session = useBrowserSession('views')


/** Share of painted pixels of every canvas under `selector` (one number per canvas). */
function paintedShares(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) n++
    return n / (d.length / 4)
  })`)
}

async function train(page: Page, epochs: number, extra: (page: Page) => Promise<void> = async () => {}): Promise<void> {
  await section(page, 'Model')
  await page.locator('[data-test=epochs]').fill(String(epochs))
  await extra(page)
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect.poll(() => page.locator('[data-test=focus-status]').innerText(), { timeout: 180_000 }).toBe('completed')
}

describe('image and regression views in Chromium', () => {
  it('MNIST: sample digits, then misclassified test digits and first-layer weights after training', async () => {
    const { page, errors } = await openPage(session.browser)
    await observeLongTasks(page)
    const bridge = await bridgeApi(page, { userDataDir: join(session.dir, 'mnist') })
    try {
      await page.goto(session.url)
      await expect.poll(() => page.locator('[data-test=dataset-name]').count(), { timeout: 30_000 }).toBe(1)
      await page.getByLabel('Example').selectOption('mnist-sample')
      await page.getByRole('button', { name: 'Load example' }).click()
      await expect.poll(() => page.locator('[data-test=dataset-name]').innerText(), { timeout: 60_000 }).toBe('mnist-sample')
      expect(await page.locator('[data-test=dataset-summary]').innerText()).toMatch(/28 × 28 pixels/)
      expect(await page.locator('[data-test=class-count]').count()).toBe(10)
      // Every sample digit is drawn: ink on a white tile, some 10–40 % of its pixels.
      const digits = await paintedShares(page, '[data-test=tile] canvas')
      expect(digits.length).toBeGreaterThanOrEqual(10)
      for (const share of digits) expect(share).toBeGreaterThan(0.05)
      expect(await fitsWidth(page)).toBe(true)
      await page.screenshot({ path: `${SHOTS}/10-mnist-data.png`, fullPage: true })

      await takeLongTasks(page)
      await train(page, 3)
      const longTasks = await takeLongTasks(page)
      console.log(`MNIST: long tasks while 3 epochs streamed: ${longTasks.length} (${longTasks.join(', ') || 'none'} ms)`)
      expect(await page.locator('[data-metric=val_accuracy] figure').getAttribute('data-points')).toBe('3')

      await section(page, 'Evaluate')
      await page.locator('[data-test=evaluate]').click()
      await expect.poll(() => page.locator('[data-test=cell]').count(), { timeout: 60_000 }).toBe(100)
      expect(await page.locator('[data-test=accuracy]').innerText()).toMatch(/^Accuracy \d+\.\d %$/)
      const wrong = await paintedShares(page, '[data-test=tile].wrong canvas')
      expect(wrong.length).toBeGreaterThan(0)
      for (const share of wrong) expect(share).toBeGreaterThan(0.05)
      // 16 hidden units → 16 weight images, each coloured (blue/red) over most of its pixels.
      const weights = await paintedShares(page, '[data-test=unit] canvas')
      expect(weights).toHaveLength(16)
      for (const share of weights) expect(share).toBeGreaterThan(0.3)
      await page.screenshot({ path: `${SHOTS}/11-mnist-evaluate.png`, fullPage: true })
      // The content pane scrolls on its own: the panels below the fold get screenshots of their own.
      await page.locator('section.panel', { hasText: 'Misclassified test images' }).screenshot({ path: `${SHOTS}/11b-mnist-misclassified.png` })
      await page.locator('section.panel', { hasText: 'First-layer weights' }).screenshot({ path: `${SHOTS}/11c-mnist-first-layer-weights.png` })
      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 300_000)

  it('regression CSV: RMSE / R² charts, predicted vs actual and residuals', async () => {
    const csv = join(session.dir, 'line.csv')
    const lines = ['x,noise,y']
    for (let i = 0; i < 300; i++) {
      const x = (i % 50) / 10
      const noise = ((i * 7919) % 101) / 100 - 0.5
      lines.push(`${x},${noise.toFixed(2)},${(3 * x + 1 + 0.2 * noise).toFixed(3)}`)
    }
    await writeFile(csv, lines.join('\n') + '\n')
    const { page, errors } = await openPage(session.browser)
    const bridge = await bridgeApi(page, { userDataDir: join(session.dir, 'regression'), dialogs: { openFiles: async () => [csv] } })
    try {
      await page.goto(session.url)
      await expect.poll(() => page.locator('[data-test=dataset-name]').count(), { timeout: 30_000 }).toBe(1)
      await page.locator('[data-test=open-csv]').click()
      await expect.poll(() => page.locator('[data-test=dataset-name]').innerText(), { timeout: 30_000 }).toBe('line.csv')
      expect(await page.locator('[data-test=dataset-summary]').innerText()).toContain('(regression)')
      await train(page, 15, async (p) => {
        await p.locator('[data-test=output]').selectOption('identity')
        await p.locator('[data-test=loss]').selectOption('mse')
        await p.locator('[data-test=lr]').fill('0.05')
      })
      const metrics = await page.locator('.run-chart').evaluateAll((els) => els.map((e) => e.getAttribute('data-metric')))
      expect(metrics).toEqual(['loss', 'val_loss', 'val_rmse', 'val_r2'])
      expect(await page.locator('[data-metric=val_rmse] figure').getAttribute('data-points')).toBe('15')
      await page.screenshot({ path: `${SHOTS}/12-regression-runs.png`, fullPage: true })

      await section(page, 'Evaluate')
      await page.locator('[data-test=evaluate]').click()
      await expect.poll(() => page.locator('.regression canvas').count(), { timeout: 60_000 }).toBe(2)
      expect(await page.locator('.regression').innerText()).toContain('Predicted vs actual y')
      expect(await paintedShare(page, '.regression figure:first-child canvas')).toBeGreaterThan(0.005)
      expect(await paintedShare(page, '.regression figure:last-child canvas')).toBeGreaterThan(0.005)
      await page.locator('section.panel', { hasText: 'Regression' }).screenshot({ path: `${SHOTS}/13-regression-evaluate.png` })
      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 300_000)
})
