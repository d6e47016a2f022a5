import type { Kernels } from '../engine/kernels/types'
import { createBestKernels } from '../engine/kernels/wasm/best-kernels'
import type { BackendChoice } from './protocol'

/** The kernels a run trains with, and what it reports about them. */
export interface ChosenKernels {
  kernels: Kernels<Float32Array>
  /** Backend name as the run reports it ('ts', 'wasm', 'wasm-threads'). */
  name: string
  threads: number
  /** Why a faster backend was not used, for the run's warnings. */
  fallbackReason?: string
  /** Ends the backend's threads; call once the run is over. */
  dispose(): Promise<void>
}

/**
 * Picks the backend for a run: WebAssembly SIMD (with a thread pool when the run may use more than one thread)
 * where the runtime supports it, else the plain TypeScript kernels, the reference and fallback.
 */
export async function chooseKernels(choice: BackendChoice, threads: number): Promise<ChosenKernels> {
  const best = await createBestKernels({ backend: choice, threads })
  return { kernels: best.kernels, name: best.backend, threads: best.threads, fallbackReason: best.fallbackReason, dispose: () => best.dispose() }
}
