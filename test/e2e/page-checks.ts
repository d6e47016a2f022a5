import type { Page } from 'playwright-core'

/**
 * What the flow test reads off the screen: pixels of a run's colour in a chart canvas, horizontal overflow,
 * and long tasks. Page code is passed as strings (the node tsconfig has no DOM types).
 */

/** Pixels within `tolerance` (per channel) of `hex` in the first canvas under `selector`; -1 when there is none. */
export function colourPixels(page: Page, selector: string, hex: string, tolerance = 40): Promise<number> {
  const r = parseInt(hex.slice(1, 3), 16)
  const g = parseInt(hex.slice(3, 5), 16)
  const b = parseInt(hex.slice(5, 7), 16)
  return page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)})
    if (!c) return -1
    const { width, height } = c
    const data = c.getContext('2d').getImageData(0, 0, width, height).data
    let n = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 128 && Math.abs(data[i] - ${r}) <= ${tolerance} && Math.abs(data[i + 1] - ${g}) <= ${tolerance} && Math.abs(data[i + 2] - ${b}) <= ${tolerance}) n++
    }
    return n
  })()`)
}

/** True when the page is no wider than the window (no horizontal scrolling). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
}

/** Installs a long-task observer before page scripts run; read the durations with `longTasks`. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(`
    globalThis.__longTasks = []
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__longTasks.push(Math.round(e.duration)) }).observe({ type: 'longtask', buffered: true })
    } catch {}
  `)
}

/** Durations (ms) of the long tasks seen since `observeLongTasks`, and clears them. */
export function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate('(() => { const t = globalThis.__longTasks ?? []; globalThis.__longTasks = []; return t })()')
}

/** Share (0..1) of the canvas's pixels that are opaque and not near-white: how much of it is painted. */
export function paintedShare(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)})
    if (!c) return -1
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) n++
    return n / (data.length / 4)
  })()`)
}

/** The colours (#rrggbb) of the swatches under `selector`, in order: what the legend says each line is drawn in. */
export async function swatchColours(page: Page, selector: string): Promise<string[]> {
  const styles = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('style') ?? ''))
  return styles.map((style) => {
    const rgb = /rgb\((\d+), (\d+), (\d+)\)/.exec(style)
    if (rgb) return '#' + rgb.slice(1, 4).map((v) => Number(v).toString(16).padStart(2, '0')).join('')
    return /#[0-9a-f]{6}/i.exec(style)?.[0].toLowerCase() ?? ''
  })
}
