import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'

/**
 * The dev server injects component CSS as <style> elements, so index.html's CSP allows inline styles; the built
 * renderer has its CSS in files, so the build drops 'unsafe-inline' (Vue's :style bindings go through the CSSOM,
 * which CSP does not govern).
 */
function strictStyleCsp(): Plugin {
  return {
    name: 'strict-style-csp',
    apply: 'build',
    transformIndexHtml(html) {
      const out = html.replace(/(style-src 'self') 'unsafe-inline'/, '$1')
      if (out === html) throw new Error("strict-style-csp: index.html's CSP has no style-src 'self' 'unsafe-inline' to tighten")
      return out
    },
  }
}

/**
 * Three builds:
 * - main: the app's main process plus every file that runs in a worker thread or from the terminal
 *   (each an entry of its own, so it can be started by path: `new Worker(new URL('./x.js', import.meta.url))`).
 * - preload: CommonJS, because a sandboxed preload cannot load ES modules.
 * - renderer: the Vue app.
 */
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'training-worker': resolve(__dirname, 'src/main/training/worker.ts'),
          'dataset-worker': resolve(__dirname, 'src/main/api/datasets/worker.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') },
    },
    plugins: [vue(), strictStyleCsp()],
  },
})
