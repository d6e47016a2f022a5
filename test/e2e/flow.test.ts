import { readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { bridgeApi, type Bridge } from './api-bridge'
import { openPage, section, SHOTS, useBrowserSession } from './session'
import { colourPixels, fitsWidth, observeLongTasks, paintedShare, swatchColours, takeLongTasks } from './page-checks'
import { MODEL_FORMAT } from '../../src/shared/model-file'

/**
 * The analyst's path through the built window, against the real main-process handlers (datasets, training
 * workers, run history, export and import) in this process: load a built-in example → train → every epoch is on
 * the charts → compare two losses → both runs in the table → export the model file and import it again → a bad
 * CSV is refused with its message and the previous dataset stays. Each step saves a screenshot under
 * out/screenshots/ and checks what is on screen: texts, chart point counts and canvas pixels in run colours.
 */

const EPOCHS = 12

const session = useBrowserSession('flow')

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}
const text = (page: Page, selector: string): Promise<string> => page.locator(selector).first().innerText()

describe('the analyst flow in Chromium against the real main process', () => {
  it('example → train → charts → compare losses → runs table → export and re-import the model → bad CSV refused', async () => {
    const { page, errors } = await openPage(session.browser)
    await observeLongTasks(page)
    const bridge: Bridge = await bridgeApi(page, { userDataDir: join(session.dir, 'user-data') })
    try {
      await page.goto(session.url)

      // First launch: an example is there before any file exists.
      await expect.poll(() => page.locator('[data-test=dataset-name]').count(), { timeout: 30_000 }).toBe(1)
      expect(await text(page, '[data-test=dataset-name]')).toBe('spirals')

      // 1. A built-in example from the picker.
      await page.getByLabel('Example').selectOption('circles')
      await page.getByRole('button', { name: 'Load example' }).click()
      await expect.poll(() => text(page, '[data-test=dataset-name]'), { timeout: 30_000 }).toBe('circles')
      const summary = await text(page, '[data-test=dataset-summary]')
      expect(summary).toMatch(/400 rows/)
      expect(summary).toMatch(/2 inputs → 2 outputs/)
      expect(await page.locator('[data-test=column]').count()).toBe(3)
      expect(await page.locator('[data-test=class-count]').count()).toBe(2)
      expect(await page.locator('[data-test=preview-row]').count()).toBeGreaterThan(0)
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, '01-example-loaded')

      // 2. Train: a few epochs, from the Model section.
      await section(page, 'Model')
      await page.locator('[data-test=epochs]').fill(String(EPOCHS))
      expect(await text(page, '[data-test=summary]')).toContain('Parameters: 82') // 2→16→2: 3·16 + 17·2
      await page.getByRole('button', { name: 'Check gradients' }).click()
      await expect.poll(() => page.locator('[data-test=gradcheck-verdict]').count(), { timeout: 30_000 }).toBe(1)
      expect(await text(page, '[data-test=gradcheck-verdict]')).toMatch(/^(Pass|Fail) — /)
      expect(await page.locator('[data-test=gradcheck-table] tbody tr').count()).toBe(2)
      await shot(page, '02-model-and-gradcheck')
      await takeLongTasks(page)
      await page.getByRole('button', { name: 'Train', exact: true }).click()
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Runs')
      await expect.poll(() => text(page, '[data-test=focus-status]'), { timeout: 120_000 }).toBe('completed')
      const longTasks = await takeLongTasks(page)
      console.log(`long tasks while the run streamed: ${longTasks.length} (${longTasks.join(', ') || 'none'} ms)`)

      // 3. Every epoch is on the charts: point counts, and the run's colour drawn into each canvas.
      expect(await text(page, '[data-test=epochs-done]')).toBe(`${EPOCHS} / ${EPOCHS} epochs`)
      // (Charts redraw at most every 200 ms, so the pixel checks poll.)
      for (const metric of ['loss', 'val_loss', 'val_accuracy']) {
        const figure = page.locator(`[data-metric=${metric}] figure`)
        expect(await figure.getAttribute('data-points'), metric).toBe(String(EPOCHS))
        // The run's line is on the canvas in the colour its legend entry shows.
        const [colour] = await swatchColours(page, `[data-metric=${metric}] [data-test=legend] .swatch`)
        expect(colour, metric).toMatch(/^#[0-9a-f]{6}$/)
        await expect.poll(() => colourPixels(page, `[data-metric=${metric}] canvas`, colour), { message: metric }).toBeGreaterThan(100)
      }
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, '03-trained-charts')

      // 4. Compare two losses (cross-entropy and mse are ticked by default).
      await section(page, 'Compare')
      await page.locator('[data-test=start-compare]').click()
      await expect
        .poll(async () => (await page.locator('[data-test=row] [data-test=status]').allInnerTexts()).filter((s) => s === 'completed').length, { timeout: 180_000 })
        .toBe(3)
      // 5. The runs table shows both compared runs, told apart by their loss.
      const headers = await page.locator('.runs-table th').allInnerTexts()
      expect(headers.map((h) => h.trim())).toContain('loss')
      const rows = await page.locator('[data-test=row]').allInnerTexts()
      expect(rows.filter((r) => /\bcross-entropy\b/.test(r)).length).toBeGreaterThanOrEqual(1)
      expect(rows.filter((r) => /\bmse\b/.test(r)).length).toBe(1)
      // The yardstick charts overlay the two compared runs, each line in its own colour (not the first run's).
      const yardstick = page.locator('[data-metric=val_accuracy] figure')
      expect(await yardstick.getAttribute('data-series')).toBe('2')
      expect(await yardstick.getAttribute('data-points')).toBe(String(EPOCHS))
      const firstColour = (await swatchColours(page, '.runs-table .swatch'))[0]
      for (const metric of ['val_accuracy', 'val_cross_entropy']) {
        const colours = await swatchColours(page, `[data-metric=${metric}] [data-test=legend] .swatch`)
        expect(colours).toHaveLength(2)
        expect(new Set([...colours, firstColour]).size).toBe(3)
        for (const colour of colours) await expect.poll(() => colourPixels(page, `[data-metric=${metric}] canvas`, colour), { message: `${metric} ${colour}` }).toBeGreaterThan(100)
      }
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, '04-compare-losses')

      // The chart as a PNG and the selected runs' metrics as CSV, through the save dialog.
      const pngPath = join(session.dir, 'accuracy.png')
      bridge.dialogs.saveFile = async () => pngPath
      await page.locator('[data-metric=val_accuracy] [data-test=export]').click()
      await expect.poll(() => existsSync(pngPath), { timeout: 30_000 }).toBe(true)
      expect((await readFile(pngPath)).subarray(1, 4).toString('latin1')).toBe('PNG')
      const csvPath = join(session.dir, 'metrics.csv')
      bridge.dialogs.saveFile = async () => csvPath
      await page.locator('[data-test=export-csv]').click()
      await expect.poll(() => page.getByText(`Saved ${csvPath}`).count(), { timeout: 30_000 }).toBe(1)
      const csv = await readFile(csvPath, 'utf8')
      expect(csv).toContain('val_accuracy')
      expect(csv.trim().split('\n').length).toBeGreaterThan(2 * EPOCHS)
      const tbPath = join(session.dir, 'metrics-tensorboard.csv')
      bridge.dialogs.saveFile = async () => tbPath
      await page.locator('[data-test=export-tensorboard]').click()
      await expect.poll(() => page.getByText(`Saved ${tbPath}`).count(), { timeout: 30_000 }).toBe(1)
      const tb = (await readFile(tbPath, 'utf8')).trim().split('\n')
      expect(tb[0]).toBe('run,step,tag,value')
      expect(tb.length).toBeGreaterThan(2 * EPOCHS)

      // 6. Export the first run's model file, then import it and evaluate it on the dataset.
      const modelPath = join(session.dir, 'circles-model.json')
      bridge.dialogs.saveFile = async () => modelPath
      await section(page, 'Evaluate')
      const firstRun = (await page.locator('[data-test=eval-source] option').allInnerTexts()).find((o) => / — completed$/.test(o))!
      await page.locator('[data-test=eval-source]').selectOption({ label: firstRun })
      // circles has 2 inputs: the run's decision boundary is drawn, heatmap under the points of both classes.
      await expect.poll(() => page.locator('figure.boundary').count(), { timeout: 30_000 }).toBe(1)
      expect(await page.locator('figure.boundary').getAttribute('data-epoch')).toBe(String(EPOCHS))
      expect(await paintedShare(page, 'figure.boundary canvas')).toBeGreaterThan(0.5)
      const classColours = await swatchColours(page, 'figure.boundary .legend .swatch')
      expect(classColours).toHaveLength(2)
      for (const colour of classColours) await expect.poll(() => colourPixels(page, 'figure.boundary canvas', colour, 10)).toBeGreaterThan(20)
      await page.locator('[data-test=evaluate]').click()
      await expect.poll(() => page.locator('[data-test=cell]').count(), { timeout: 30_000 }).toBe(4)
      await shot(page, '05a-run-evaluated-boundary')
      await page.locator('[data-test=export-model-eval]').click()
      await expect.poll(() => page.locator('[data-test=exported]').count(), { timeout: 30_000 }).toBe(1)
      expect(await text(page, '[data-test=exported]')).toBe(`Model saved to ${modelPath}`)
      expect(existsSync(modelPath)).toBe(true)
      const saved = JSON.parse(await readFile(modelPath, 'utf8')) as { format?: unknown }
      expect(saved.format).toBe(MODEL_FORMAT)

      // The run's export menu: ONNX bytes and a TF.js folder, written through the save dialog.
      expect(await page.getByRole('group', { name: 'Export this run' }).getByRole('button').allInnerTexts()).toEqual(['Export model…', 'Export ONNX…', 'Export TF.js…', 'Export predictions CSV…'])
      expect(await fitsWidth(page)).toBe(true)
      const onnxPath = join(session.dir, 'circles.onnx')
      bridge.dialogs.saveFile = async () => onnxPath
      // Keyboard alone: Tab from the model export reaches ONNX, Enter presses it.
      await page.locator('[data-test=export-model-eval]').focus()
      await page.keyboard.press('Tab')
      expect(await page.evaluate('document.activeElement.dataset.test')).toBe('export-onnx')
      await page.keyboard.press('Enter')
      await expect.poll(() => text(page, '[data-test=exported]'), { timeout: 30_000 }).toBe(`ONNX model saved to ${onnxPath}`)
      const onnx = await readFile(onnxPath)
      expect(onnx[0]).toBe(0x08) // ModelProto field 1 (ir_version), varint
      expect(onnx.length).toBeGreaterThan(100)
      expect(onnx.includes(Buffer.from('Gemm')) || onnx.includes(Buffer.from('MatMul'))).toBe(true)
      const tfjsDir = join(session.dir, 'circles-tfjs')
      bridge.dialogs.saveFile = async () => tfjsDir
      await page.locator('[data-test=export-tfjs]').click()
      await expect.poll(() => text(page, '[data-test=exported]'), { timeout: 30_000 }).toBe(`TF.js model saved in the folder ${tfjsDir}`)
      const tfjsJson = JSON.parse(await readFile(join(tfjsDir, 'model.json'), 'utf8')) as { format?: unknown; weightsManifest?: Array<{ paths: string[] }> }
      expect(tfjsJson.format).toBe('layers-model')
      expect(tfjsJson.weightsManifest?.[0].paths).toEqual(['weights.bin'])
      const weights = await readFile(join(tfjsDir, 'weights.bin'))
      expect(weights.length).toBeGreaterThan(0)
      await shot(page, '05a2-run-exported-onnx-tfjs')

      // …and the TF.js folder imported back through the open dialog: the model is on screen.
      bridge.dialogs.openFiles = async () => [join(tfjsDir, 'model.json')]
      await page.locator('[data-test=import-tfjs]').click()
      await expect.poll(() => page.locator('[data-test=model-info]').count(), { timeout: 30_000 }).toBe(1)
      const info = await text(page, '[data-test=model-info]')
      expect(info).toMatch(/^Model model\.json: 2 inputs → 2 outputs \(classification\), [\d,]+ parameters\.$/)
      // weights.bin holds every parameter as float32.
      expect(weights.length).toBe(4 * Number(/([\d,]+) parameters/.exec(info)![1].replace(/,/g, '')))
      expect(await page.locator('[data-test=eval-source] option:checked').innerText()).toBe('model.json')

      bridge.dialogs.openFiles = async () => [modelPath]
      await page.locator('[data-test=import-model]').click()
      // The TF.js model's compatibility line is on screen until the new model is chosen: wait for the choice.
      await expect.poll(() => page.locator('[data-test=eval-source] option:checked').innerText(), { timeout: 30_000 }).toBe('circles-model.json')
      await expect.poll(() => page.locator('[data-test=compatibility]').count(), { timeout: 30_000 }).toBe(1)
      expect(await text(page, '[data-test=compatibility]')).toBe('Fits circles.')
      await page.locator('[data-test=evaluate]').click()
      await expect.poll(() => page.locator('[data-test=cell]').count(), { timeout: 30_000 }).toBe(4)
      const cells = (await page.locator('[data-test=cell]').allInnerTexts()).map((c) => Number(c.replace(/,/g, '')))
      expect(cells.reduce((s, c) => s + c, 0)).toBe(60) // the test split: 15 % of 400 rows
      expect(await text(page, '[data-test=accuracy]')).toMatch(/^Accuracy \d+\.\d %$/)
      await shot(page, '05b-model-reimported-evaluated')
      // …and a new run starts from the imported weights.
      await page.locator('[data-test=train-from-model]').click()
      await expect.poll(() => page.locator('main h2').first().textContent()).toBe('Runs')
      await expect.poll(() => text(page, '[data-test=focus-status]'), { timeout: 120_000 }).toBe('completed')
      expect(await text(page, '[data-test=run-status]')).toContain('from model')

      // 7. A bad CSV is refused with its message; the previous dataset stays.
      const bad = join(session.dir, 'bad.csv')
      await writeFile(bad, 'a,b,label\n1,2,x\n3,4\n5,6,y\n')
      bridge.dialogs.openFiles = async () => [bad]
      await section(page, 'Data')
      await page.locator('[data-test=open-csv]').click()
      await expect.poll(() => page.locator('[data-test=banner]').count(), { timeout: 30_000 }).toBeGreaterThan(0)
      const banner = await page.locator('[data-test=banner]').last().innerText()
      expect(banner).toContain('Could not open the file')
      expect(banner.length).toBeGreaterThan('Could not open the file'.length + 10)
      expect(await text(page, '[data-test=dataset-name]')).toBe('circles')
      expect(await text(page, '[data-test=current-dataset]')).toBe('circles')
      await shot(page, '06-bad-csv-refused')

      // The same window in the dark theme: the page background follows, and so do the open charts' grids
      // (dark --border #323846 instead of light #d8dde7); the layout still fits.
      await section(page, 'Compare')
      expect(await colourPixels(page, '[data-metric=val_accuracy] canvas', '#323846', 6)).toBe(0)
      await page.emulateMedia({ colorScheme: 'dark' })
      await expect.poll(() => colourPixels(page, '[data-metric=val_accuracy] canvas', '#323846', 6)).toBeGreaterThan(200)
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(21, 24, 30)')
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, '07-compare-dark')

      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 420_000)

  it('shows the runs of the last session from disk, with their curves', async () => {
    const { page, errors } = await openPage(session.browser)
    const bridge: Bridge = await bridgeApi(page, { userDataDir: join(session.dir, 'user-data') })
    try {
      await page.goto(session.url)
      await expect.poll(() => page.locator('[data-test=current-dataset]').count(), { timeout: 30_000 }).toBe(1)
      await section(page, 'Compare')
      await expect.poll(() => page.locator('[data-test=row]').count(), { timeout: 30_000 }).toBe(4)
      const rows = await page.locator('[data-test=row]').allInnerTexts()
      expect(rows.every((r) => r.includes('(past)'))).toBe(true)
      // Select the two compared runs: their curves come back from disk (run:epochs).
      const mse = page.locator('[data-test=row]', { hasText: 'mse' })
      await mse.locator('[data-test=select]').check()
      await page.locator('[data-test=row]').filter({ hasNotText: 'mse' }).last().locator('[data-test=select]').check()
      await expect.poll(() => page.locator('[data-metric=val_accuracy] figure').getAttribute('data-points'), { timeout: 30_000 }).toBe(String(EPOCHS))
      expect(await page.locator('[data-metric=val_accuracy] figure').getAttribute('data-series')).toBe('2')
      // The mse run's line is drawn in the colour of its swatch in the table.
      const [hex] = await swatchColours(page, '[data-test=row]:has-text("mse") .swatch')
      expect(hex).toMatch(/^#[0-9a-f]{6}$/)
      await expect.poll(() => colourPixels(page, '[data-metric=val_accuracy] canvas', hex)).toBeGreaterThan(100)
      await shot(page, '08-past-runs-from-disk')
      expect(errors).toEqual([])
    } finally {
      await bridge.dispose()
      await page.close()
    }
  }, 120_000)
})
