/**
 * Compiles the AssemblyScript kernels (../assembly) to WebAssembly in memory. Used by `npm run build:wasm`
 * (build-wasm.ts, which writes ../wasm-binaries.ts) and by the test that rebuilds from source and compares
 * with the committed bytes. A build tool, never bundled into the app: the app only imports the generated module.
 */
import { fileURLToPath } from 'node:url'
import asc from 'assemblyscript/asc'

/** The two builds: plain SIMD128 (runs everywhere SIMD does) and relaxed SIMD (fused multiply-add). */
export type KernelVariant = 'simd' | 'relaxed'

/** Largest memory the module accepts, in 64 KiB pages (65536 = 4 GiB, the wasm32 limit). */
export const MAX_MEMORY_PAGES = 65536

/**
 * Compiler flags, fixed so the output is reproducible. The memory is imported and shared (the thread pool
 * instantiates the same module on it in every thread); the stub runtime with --noAssert leaves no allocator,
 * no abort import and no data segment, so instantiating in a helper thread never writes to memory.
 */
export function ascFlags(variant: KernelVariant): string[] {
  return [
    '-O3',
    '--noAssert',
    '--runtime', 'stub',
    '--enable', 'simd',
    '--enable', 'threads',
    ...(variant === 'relaxed' ? ['--enable', 'relaxed-simd'] : []),
    '--importMemory',
    '--sharedMemory',
    '--initialMemory', '1',
    '--maximumMemory', String(MAX_MEMORY_PAGES),
    '--noColors',
  ]
}

/** Absolute path of the AssemblyScript entry file. */
export const ASSEMBLY_ENTRY = fileURLToPath(new URL('../assembly/index.ts', import.meta.url))

/** The compiler's version string, recorded in the generated module. */
export function ascVersion(): string {
  return asc.version
}

/** Compiles one variant; rejects with the compiler's diagnostics on error. */
export async function compileKernels(variant: KernelVariant): Promise<Uint8Array> {
  let binary: Uint8Array | null = null
  const stderr = asc.createMemoryStream()
  const { error } = await asc.main([ASSEMBLY_ENTRY, ...ascFlags(variant), '--outFile', 'kernels.wasm'], {
    stderr,
    writeFile(name: string, contents: Uint8Array | string) {
      if (name.endsWith('kernels.wasm') && typeof contents !== 'string') binary = contents
    },
  })
  if (error) throw new Error(`AssemblyScript build of the ${variant} kernels failed: ${error.message}\n${stderr.toString()}`)
  if (!binary) throw new Error(`AssemblyScript build of the ${variant} kernels produced no binary`)
  const bytes: Uint8Array = binary
  assertNoDataSegment(bytes, variant)
  return bytes
}

/**
 * A data segment would be re-applied to the shared memory each time a helper thread instantiates the module,
 * overwriting whatever lives there; the kernels must not have one.
 */
function assertNoDataSegment(bytes: Uint8Array, variant: KernelVariant): void {
  let i = 8
  while (i < bytes.length) {
    const id = bytes[i++]
    let size = 0
    let shift = 0
    for (;;) {
      const b = bytes[i++]
      size |= (b & 0x7f) << shift
      shift += 7
      if ((b & 0x80) === 0) break
    }
    if (id === 11) throw new Error(`the ${variant} kernels contain a data segment; keep string literals and static arrays out of assembly/`)
    i += size
  }
}
