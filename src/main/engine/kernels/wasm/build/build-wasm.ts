/**
 * `npm run build:wasm`: compiles both kernel variants and writes ../wasm-binaries.ts (base64 in a TS module,
 * so the bytes reach Vitest, the bundled main process, its worker threads and the CLI without file paths).
 * The generated file is committed; test/main/engine/kernels/wasm-build.test.ts fails if it drifts from source.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ascVersion, compileKernels } from './compile-kernels'
import { renderBinariesModule } from './render-binaries'

const target = fileURLToPath(new URL('../wasm-binaries.ts', import.meta.url))
const simd = await compileKernels('simd')
const relaxed = await compileKernels('relaxed')
writeFileSync(target, renderBinariesModule(ascVersion(), simd, relaxed))
console.log(`wrote ${target}: simd ${simd.length} B, relaxed ${relaxed.length} B`)
