import { z } from 'zod'
import { ExperimentConfigSchema, HiddenLayerSchema, OptimizerConfigSchema } from '../../../shared/config-schema'
import { HIDDEN_ACTIVATIONS, LOSSES, OPTIMIZERS } from '../../../shared/config'
import type { GroupVary } from '../../../shared/runs'

/**
 * Argument schemas of the run, export and model commands, checked before any handler runs: a wrong shape
 * becomes an error Result naming the argument ("at argument 0.config.model.loss").
 */

/** Ids made by main (runs, groups, datasets, models): short, and never anything that could act as a path. */
export const id = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'is too long for an id')
  .regex(/^[A-Za-z0-9_-]+$/, 'is not an id (letters, digits, - and _ only)')

const values = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'must list at least one value').max(32, 'at most 32 values')

export const GroupVarySchema: z.ZodType<GroupVary> = z.discriminatedUnion('setting', [
  z.strictObject({ setting: z.literal('loss'), values: values(z.enum(LOSSES)) }),
  z.strictObject({ setting: z.literal('activation'), values: values(z.enum(HIDDEN_ACTIVATIONS)) }),
  z.strictObject({ setting: z.literal('lambda'), values: values(z.number().nonnegative()) }),
  z.strictObject({ setting: z.literal('learningRate'), values: values(z.number().positive()) }),
  z.strictObject({ setting: z.literal('optimizer'), values: values(z.union([z.enum(OPTIMIZERS), OptimizerConfigSchema])) }),
  z.strictObject({ setting: z.literal('layers'), values: values(z.array(HiddenLayerSchema).max(63)) }),
])

export const startArgs = z.tuple([
  z.strictObject({
    datasetId: id,
    config: ExperimentConfigSchema,
    initialModelId: id.nullable().optional(),
    label: z.string().max(200).optional(),
  }),
])

export const compareArgs = z.tuple([
  z.strictObject({
    datasetId: id,
    base: ExperimentConfigSchema,
    vary: GroupVarySchema,
    seeds: z.number().int().min(1).max(20).optional(),
  }),
])

export const runIdArgs = z.tuple([id])
export const noArgs = z.tuple([])
export const evaluateArgs = z.tuple([id, id.nullable().optional()])
export const modelAndDatasetArgs = z.tuple([id, id])
export const exportMetricsArgs = z.tuple([z.array(id).min(1, 'select at least one run').max(1000), z.enum(['csv', 'json', 'tensorboard'])])

/** A chart image: at most this many characters of data URL (about 15 MB of PNG). */
export const MAX_PNG_DATA_URL = 20 * 1024 * 1024
const PNG_PREFIX = 'data:image/png;base64,'
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** The bytes of a PNG data URL, or null when it is not one (bad prefix, not base64, no PNG signature). */
export function pngBytes(dataUrl: string): Buffer | null {
  if (!dataUrl.startsWith(PNG_PREFIX)) return null
  const b64 = dataUrl.slice(PNG_PREFIX.length)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null
  const bytes = Buffer.from(b64, 'base64')
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((v, i) => bytes[i] !== v)) return null
  return bytes
}

export const pngArgs = z.tuple([
  z
    .string()
    .max(MAX_PNG_DATA_URL, `is larger than ${MAX_PNG_DATA_URL / 1024 / 1024} MiB of data URL`)
    .refine((s) => s.startsWith(PNG_PREFIX), { message: `must be a PNG data URL (starting "${PNG_PREFIX}")` })
    .refine((s) => pngBytes(s) !== null, { message: 'is not a PNG image (bad base64 or no PNG signature)' }),
  z.string().min(1).max(200),
])
