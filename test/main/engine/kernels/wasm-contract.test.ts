import { afterAll } from 'vitest'
import { createWasmKernels, type WasmKernels } from '../../../../src/main/engine/kernels/wasm/wasm-kernels'
import { describeKernelsContract } from '../kernels-contract'

// The shared contract suite against each wasm configuration: single thread, and a pool with the split
// thresholds at zero so that even the contract's tiny shapes are divided between threads.
const made: WasmKernels[] = []
const make = async (opts: Parameters<typeof createWasmKernels>[0]) => {
  const k = await createWasmKernels(opts)
  made.push(k)
  return k
}
afterAll(async () => {
  await Promise.all(made.map((k) => k.dispose()))
})

describeKernelsContract('wasm-simd (1 thread)', () => make({ threads: 1, relaxedSimd: false }))
describeKernelsContract('wasm-simd (2 threads, always split)', () =>
  make({ threads: 2, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } }),
)
describeKernelsContract('wasm-simd (3 threads, always split)', () =>
  make({ threads: 3, relaxedSimd: false, tuning: { minGemmFlops: 0, minElements: 0, adaptive: false } }),
)
