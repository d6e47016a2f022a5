import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { wasmApi } from '../../../../src/main/engine/kernels/wasm/wasm-api'
import { ascVersion, compileKernels } from '../../../../src/main/engine/kernels/wasm/build/compile-kernels'
import { renderBinariesModule } from '../../../../src/main/engine/kernels/wasm/build/render-binaries'
import { kernelBytes } from '../../../../src/main/engine/kernels/wasm/wasm-module'

// The committed wasm-binaries.ts must be exactly what `npm run build:wasm` produces from assembly/ now:
// otherwise the app would run kernels that differ from the source everyone reads and reviews.
describe('committed wasm kernels', () => {
  it('are byte-identical to a fresh build of assembly/ (run `npm run build:wasm` after editing it)', async () => {
    const simd = await compileKernels('simd')
    const relaxed = await compileKernels('relaxed')
    expect(Buffer.from(kernelBytes('simd')).equals(Buffer.from(simd)), 'simd variant differs from source').toBe(true)
    expect(Buffer.from(kernelBytes('relaxed')).equals(Buffer.from(relaxed)), 'relaxed variant differs from source').toBe(true)
    const committed = readFileSync(fileURLToPath(new URL('../../../../src/main/engine/kernels/wasm/wasm-binaries.ts', import.meta.url)), 'utf8')
    expect(committed).toBe(renderBinariesModule(ascVersion(), simd, relaxed))
  }, 120_000)

  it('the relaxed variant really uses f32x4.relaxed_madd and the plain one does not', () => {
    const has = (bytes: Uint8Array) => {
      for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xfd && bytes[i + 1] === 0x85 && bytes[i + 2] === 0x02) return true
      return false
    }
    expect(has(kernelBytes('relaxed'))).toBe(true)
    expect(wasmApi()!.validate(kernelBytes('simd'))).toBe(true)
    expect(has(kernelBytes('simd'))).toBe(false)
  })
})
