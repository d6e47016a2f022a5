import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

/**
 * Node for everything under main/, shared/ and the CLI; happy-dom for Vue components.
 * The end-to-end tests (test/e2e) drive Debian's Chromium against the built renderer.
 */
export default defineConfig({
  plugins: [vue()],
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/main/**/*.test.ts', 'test/shared/**/*.test.ts', 'test/bench/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'renderer', environment: 'happy-dom', include: ['test/renderer/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], fileParallelism: false },
      },
    ],
  },
})
