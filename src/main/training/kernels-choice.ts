import type { Kernels } from '../engine/kernels/types'
import { tsKernelsF32 } from '../engine/kernels/ts'
import type { BackendChoice } from './protocol'

/** The kernels a run trains with, and what it reports about them. */
export interface ChosenKernels {
  kernels: Kernels<Float32Array>
  name: string
  threads: number
}

/**
 * Picks the backend for a run. The plain TypeScript kernels are the reference and the fallback.
 */
export async function chooseKernels(choice: BackendChoice, _threads: number): Promise<ChosenKernels> {
  switch (choice) {
    case 'auto':
    case 'ts':
      return { kernels: tsKernelsF32, name: tsKernelsF32.name, threads: 1 }
    default:
      throw new Error(`Backend "${choice}" is not available in this build`)
  }
}
