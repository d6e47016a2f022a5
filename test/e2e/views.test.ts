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

  it('a file dropped on the window opens; the keyboard alone reaches the sections; every control is named; settings persist', async () => {
    const userData = join(session.dir, 'drop')
    const { page, errors } = await openPage(session.browser)
    const bridge = await bridgeApi(page, { userDataDir: userData, dropDir: session.dir })
    await writeFile(join(session.dir, 'dropped.csv'), 'size,weight,kind\n1,2,a\n2,3,b\n3,1,a\n4,4,b\n5,2,a\n6,5,b\n7,3,a\n8,6,b\n')
    try {
      await page.goto(session.url)
      await expect.poll(() => page.locator('[data-test=dataset-name]').count(), { timeout: 30_000 }).toBe(1)
      await page.evaluate(`(() => {
        const dt = new DataTransfer()
        dt.items.add(new File(['ignored: main reads the file by its path'], 'dropped.csv', { type: 'text/csv' }))
        document.querySelector('.frame').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
      })()`)
      await expect.poll(() => page.locator('[data-test=dataset-name]').innerText(), { timeout: 30_000 }).toBe('dropped.csv')
      expect(await page.locator('[data-test=column]').count()).toBe(3)

      // Tab from the top of the page to the "Model" section button, open it with Enter.
      await page.locator('body').focus()
      let focused = ''
      for (let i = 0; i < 10 && focused !== 'Model'; i++) {
        await page.keyboard.press('Tab')
        focused = String(await page.evaluate('document.activeElement?.textContent?.trim() ?? ""'))
      }
      expect(focused).toBe('Model')
      await page.keyboard.press('Enter')
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Model')
      await page.screenshot({ path: `${SHOTS}/14-dropped-file-model.png` })
      // Settings persist between launches.
      await page.locator('[data-test=epochs]').fill('7')
      await page.locator('[data-test=lambda]').fill('0.01')
      await page.reload()
      await section(page, 'Model')
      expect(await page.locator('[data-test=epochs]').inputValue()).toBe('7')
      expect(await page.locator('[data-test=lambda]').inputValue()).toBe('0.01')
      // Every control of every section has a name: a <label for>, aria-label, aria-labelledby or button text.
      for (const name of ['Data', 'Model', 'Runs', 'Compare', 'Evaluate']) {
        await section(page, name)
        const unlabelled = await page.evaluate(`[...document.querySelectorAll('main input, main select, main button')]
          .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
          .map((el) => el.outerHTML.slice(0, 80))`)
        expect(unlabelled, name).toEqual([])
        expect(await fitsWidth(page), name).toBe(true)
      }
      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 120_000)

  it('pause, resume and stop a run; the progress bar says where it is', async () => {
    const { page, errors } = await openPage(session.browser)
    const bridge = await bridgeApi(page, { userDataDir: join(session.dir, 'controls') })
    const epochsDone = async (): Promise<number> => Number((await page.locator('[data-test=epochs-done]').innerText()).split(' /')[0].replace(/,/g, ''))
    try {
      await page.goto(session.url)
      await expect.poll(() => page.locator('[data-test=dataset-name]').count(), { timeout: 30_000 }).toBe(1)
      await section(page, 'Model')
      // Long enough to still be running when the buttons are pressed, whatever the machine.
      await page.locator('[data-test=epochs]').fill('100000')
      await page.locator('[data-test=batch]').fill('1')
      await page.locator('[data-test=units]').first().fill('256')
      await page.getByRole('button', { name: 'Train', exact: true }).click()
      await expect.poll(() => page.locator('[data-test=focus-status]').innerText(), { timeout: 60_000 }).toBe('running')
      await expect.poll(() => page.locator('[data-test=epoch]').count(), { timeout: 30_000 }).toBe(1)
      expect(await page.locator('[data-test=epoch]').innerText()).toMatch(/^epoch [\d,]+ \/ 100,000$/)
      expect(await page.locator('[data-test=details]').innerText()).toMatch(/left/)

      await page.locator('[data-test=pause]').click()
      await expect.poll(() => page.locator('[data-test=focus-status]').innerText(), { timeout: 30_000 }).toBe('paused')
      const paused = await epochsDone()
      await new Promise((r) => setTimeout(r, 1500))
      expect(await epochsDone()).toBe(paused)
      await page.screenshot({ path: `${SHOTS}/15-run-paused.png` })

      await page.locator('[data-test=resume]').click()
      await expect.poll(() => page.locator('[data-test=focus-status]').innerText(), { timeout: 30_000 }).toBe('running')
      await expect.poll(epochsDone, { timeout: 30_000 }).toBeGreaterThan(paused)

      await page.locator('[data-test=stop]').click()
      await expect.poll(() => page.locator('[data-test=focus-status]').innerText(), { timeout: 30_000 }).toBe('stopped')
      expect(await epochsDone()).toBeLessThan(100000)
      expect(await page.locator('[data-test=stop]').isDisabled()).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 180_000)
})
