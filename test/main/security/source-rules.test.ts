import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Checklist items that are properties of the whole source tree rather than of one function: where Electron's
 * powerful modules may be imported, and settings nobody may switch off anywhere. A failure names the file.
 */

const ROOT = new URL('../../../', import.meta.url).pathname
const SRC = join(ROOT, 'src')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return files(path)
    return /\.(ts|vue|html|js|mjs|cjs)$/.test(e.name) ? [path] : []
  })
}

const sources = files(SRC).map((path) => ({ file: relative(ROOT, path), text: readFileSync(path, 'utf8') }))

function filesMatching(pattern: RegExp): string[] {
  return sources.filter((s) => pattern.test(s.text)).map((s) => s.file)
}

describe('the source tree', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(20)
    expect(sources.map((s) => s.file)).toContain('src/main/window.ts')
  })

  it('never opens external URLs (no shell.openExternal, no shell at all in the renderer path)', () => {
    expect(filesMatching(/openExternal/)).toEqual([])
    expect(filesMatching(/\bshell\s*\.\s*open(Path|External)\b/)).toEqual([])
  })

  it('imports ipcRenderer only in the preload and ipcMain only in main/ipc.ts', () => {
    const importing = (name: string): RegExp => new RegExp(`(import|require)[^;]*\\b${name}\\b[^;]*['"]electron['"]`)
    expect(filesMatching(importing('ipcRenderer'))).toEqual(['src/preload/index.ts'])
    expect(filesMatching(importing('ipcMain'))).toEqual(['src/main/ipc.ts'])
    expect(filesMatching(importing('contextBridge'))).toEqual(['src/preload/index.ts'])
  })

  it('creates browser windows only in main/window.ts', () => {
    expect(filesMatching(/new\s+BrowserWindow\s*\(/)).toEqual(['src/main/window.ts'])
    expect(filesMatching(/new\s+(BrowserView|WebContentsView)\s*\(/)).toEqual([])
  })

  it('switches no security setting off anywhere', () => {
    const insecure = [
      /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
      /contextIsolation\s*:\s*false/,
      /sandbox\s*:\s*false/,
      /webSecurity\s*:\s*false/,
      /allowRunningInsecureContent\s*:\s*true/,
      /experimentalFeatures\s*:\s*true/,
      /webviewTag\s*:\s*true/,
      /enableBlinkFeatures/,
      /disableWebSecurity|ignore-certificate-errors|setCertificateVerifyProc/,
      /'unsafe-eval'/,
    ]
    for (const pattern of insecure) expect(filesMatching(pattern), String(pattern)).toEqual([])
  })

  it('loads no remote content and renders no raw HTML in the renderer', () => {
    const renderer = (pattern: RegExp): string[] => filesMatching(pattern).filter((f) => f.startsWith('src/renderer/'))
    expect(renderer(/\b(src|href)\s*=\s*["']\s*(https?:)?\/\//)).toEqual([])
    expect(renderer(/<webview\b|<iframe\b|<object\b|<embed\b/)).toEqual([])
    // CSV headers and cell values are the user's data: Vue's text interpolation escapes them, v-html would not.
    expect(renderer(/\bv-html\b|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML/)).toEqual([])
  })
})
