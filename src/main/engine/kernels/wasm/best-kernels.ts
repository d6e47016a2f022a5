/**
 * Backend selection at the start of a run: the wasm SIMD kernels (with a thread pool when threads > 1) where
 * the engine supports them, else the TypeScript reference kernels, with the reason.
 */
import { createTsKernels } from '../ts'
import type { Kernels } from '../types'
import type { ValidateFn } from './features'
import type { ParallelTuning } from './partition'
import { createWasmKernels, WasmUnavailableError } from './wasm-kernels'

/** 'ts' = TypeScript reference, 'wasm' = SIMD on the calling thread, 'wasm-threads' = SIMD plus a pool. */
export type BackendName = 'ts' | 'wasm' | 'wasm-threads'
export const BACKENDS: readonly BackendName[] = ['ts', 'wasm', 'wasm-threads']

export interface BestKernelsOptions {
  /** Force a backend (CI exercises each); 'auto' (default) picks the fastest available. */
  backend?: BackendName | 'auto'
  /**
   * Threads for this run, the caller included (default 1). The run manager should pass
   * `threadsPerRun(cores, concurrentRuns)` so concurrent runs do not oversubscribe the cores.
   * A forced 'wasm-threads' with threads < 2 uses 2.
   */
  threads?: number
  /** Use relaxed SIMD when available (default 'auto'). */
  relaxedSimd?: boolean | 'auto'
  /** Wasm memory bound in MiB (default 4096). */
  maxMemoryMiB?: number
  /** Feature probe override: tests inject a failing validate to simulate an engine without SIMD. */
  validate?: ValidateFn
  /** Thread-split thresholds (partition.ts). */
  tuning?: Partial<ParallelTuning>
}

export interface BestKernels {
  kernels: Kernels<Float32Array>
  /** The backend actually running. */
  backend: BackendName
  /** Threads the kernels use (1 for 'ts' and 'wasm'). */
  threads: number
  /** Why a faster backend was not used (absent when the requested or best one runs). */
  fallbackReason?: string
  /** Ends the pool threads, if any. Call when the run ends; the kernels must not be used afterwards. */
  dispose(): Promise<void>
}

/** Threads one run should use when `concurrentRuns` runs share `cores` cores (at least 1). */
export function threadsPerRun(cores: number, concurrentRuns: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, concurrentRuns)))
}

function tsBackend(fallbackReason?: string): BestKernels {
  return { kernels: createTsKernels(Float32Array), backend: 'ts', threads: 1, fallbackReason, dispose: async () => {} }
}

/**
 * Chooses and creates the kernels. A forced 'wasm' or 'wasm-threads' that the engine cannot run falls back
 * (to 'wasm' when only threads are missing, else to 'ts') with `fallbackReason`, rather than failing the run.
 */
export async function createBestKernels(opts: BestKernelsOptions = {}): Promise<BestKernels> {
  const want = opts.backend ?? 'auto'
  if (want === 'ts') return tsBackend()
  let threads = opts.threads ?? 1
  if (want === 'wasm') threads = 1
  if (want === 'wasm-threads') threads = Math.max(2, threads)
  const common = { relaxedSimd: opts.relaxedSimd, maxMemoryMiB: opts.maxMemoryMiB, validate: opts.validate, tuning: opts.tuning }
  try {
    const kernels = await createWasmKernels({ ...common, threads })
    return { kernels, backend: threads > 1 ? 'wasm-threads' : 'wasm', threads, dispose: () => kernels.dispose() }
  } catch (e) {
    if (!(e instanceof WasmUnavailableError) && threads === 1) throw e
    if (e instanceof WasmUnavailableError) return tsBackend(e.reason)
    // The pool could not start: single-threaded wasm still beats TypeScript.
    const reason = `thread pool unavailable (${e instanceof Error ? e.message : String(e)})`
    try {
      const kernels = await createWasmKernels({ ...common, threads: 1 })
      return { kernels, backend: 'wasm', threads: 1, fallbackReason: reason, dispose: () => kernels.dispose() }
    } catch (e2) {
      if (e2 instanceof WasmUnavailableError) return tsBackend(e2.reason)
      throw e2
    }
  }
}
