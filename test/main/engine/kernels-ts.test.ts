import { describe, expect, it } from 'vitest'
import { createTsKernels, tsKernelsF32, tsKernelsF64 } from '../../../src/main/engine/kernels/ts'
import { describeKernelsContract } from './kernels-contract'

describeKernelsContract('ts-f32', () => createTsKernels(Float32Array))
describeKernelsContract('ts-f64', () => createTsKernels(Float64Array))

describe('TS kernels', () => {
  it('name their precision and allocate the matching array type', () => {
    expect(tsKernelsF32.name).toBe('ts-f32')
    expect(tsKernelsF32.alloc(3)).toBeInstanceOf(Float32Array)
    expect(tsKernelsF64.name).toBe('ts-f64')
    expect(tsKernelsF64.alloc(3)).toBeInstanceOf(Float64Array)
  })

  it('give each backend private copies of the hot loops, so float32 code never sees Float64Array', () => {
    const a = createTsKernels(Float32Array)
    const b = createTsKernels(Float64Array)
    expect(a.gemmABtBias).not.toBe(b.gemmABtBias)
    expect(a.gemmAtB).not.toBe(b.gemmAtB)
    expect(a.adamStep).not.toBe(b.adamStep)
  })

  it('refuse an unknown activation name with the list of valid ones', () => {
    const a = tsKernelsF64.alloc(2)
    expect(() => tsKernelsF64.activate('__proto__' as never, a, a, 1, 2)).toThrow(/Unknown activation "__proto__"; valid: identity, sigmoid/)
    expect(() => tsKernelsF64.activate('constructor' as never, a, a, 1, 2)).toThrow(/Unknown activation/)
  })
})
