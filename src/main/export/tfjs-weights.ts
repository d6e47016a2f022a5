import { z } from 'zod'
import { MODEL_FILE_LIMITS } from '../../shared/model-file'
import { ExportError } from './errors'

const WeightSpecSchema = z.looseObject({
  name: z.string().max(1000),
  shape: z.array(z.number().int().min(0).max(MODEL_FILE_LIMITS.maxUnits)).max(8),
  dtype: z.string().max(50),
  quantization: z.unknown().optional(),
})

/** model.json's weightsManifest: groups of files (paths) and the weights they hold, in byte order. */
export const ManifestSchema = z
  .array(z.looseObject({ paths: z.array(z.string().max(1000)).max(10_000), weights: z.array(WeightSpecSchema).max(4 * MODEL_FILE_LIMITS.maxLayers + 16) }))
  .max(10_000)
export type TfjsManifest = z.output<typeof ManifestSchema>

/** One weight tensor read from a TF.js weights file. */
export interface TfjsTensor {
  shape: number[]
  /** Row-major (C order), as TF.js stores it. */
  values: Float32Array
}

function fail(problem: string, where: string, source?: string): never {
  const file = source ? `TF.js model ${JSON.stringify(source)}` : 'TF.js model'
  throw new ExportError(`${file}: ${where}: ${problem}`, where)
}

/**
 * The weights named in a weightsManifest, cut from `bytes` (all its files concatenated in manifest order).
 * Sizes are checked against the limits and the byte count before anything is allocated; float32 only (no
 * quantization); every value finite. Duplicate names are refused (a layer would get the wrong tensor).
 */
export function readTfjsWeights(manifest: TfjsManifest, bytes: Uint8Array, source?: string): Map<string, TfjsTensor> {
  const specs = manifest.flatMap((group, g) => group.weights.map((w, i) => ({ ...w, where: `weightsManifest[${g}].weights[${i}] "${w.name}"` })))
  let total = 0
  for (const spec of specs) {
    if (spec.dtype !== 'float32') fail(`dtype ${JSON.stringify(spec.dtype)} is not supported (only float32)`, spec.where, source)
    if (spec.quantization !== undefined && spec.quantization !== null) fail('is quantized; only unquantized float32 weights are supported (export without --quantize)', spec.where, source)
    const count = spec.shape.reduce((n, d) => n * d, 1)
    total += count
    if (total > MODEL_FILE_LIMITS.maxParams) fail(`the weights add up to more than ${MODEL_FILE_LIMITS.maxParams.toLocaleString('en-US')} numbers, the limit for a model`, spec.where, source)
  }
  if (bytes.byteLength < total * 4) {
    let offset = 0
    const cut = specs.find((s) => (offset += 4 * s.shape.reduce((n, d) => n * d, 1)) > bytes.byteLength)
    fail(`is truncated: it holds ${bytes.byteLength} bytes, but the manifest's weights need ${total * 4}${cut ? ` (${cut.where} does not fit)` : ''}`, 'weights file', source)
  }
  if (bytes.byteLength > total * 4) fail(`holds ${bytes.byteLength} bytes, but the manifest's weights need exactly ${total * 4}: it belongs to another model or the manifest was edited`, 'weights file', source)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Map<string, TfjsTensor>()
  let offset = 0
  for (const spec of specs) {
    if (out.has(spec.name)) fail('appears twice in the manifest', spec.where, source)
    const count = spec.shape.reduce((n, d) => n * d, 1)
    const values = new Float32Array(count)
    for (let i = 0; i < count; i++) {
      const v = view.getFloat32(offset + 4 * i, true)
      if (!Number.isFinite(v)) fail(`value ${i} (byte ${offset + 4 * i} of the weights file) is ${v}`, spec.where, source)
      values[i] = v
    }
    offset += 4 * count
    out.set(spec.name, { shape: spec.shape, values })
  }
  return out
}
