import { isAbsolute } from 'node:path'
import { z } from 'zod'
import { ExperimentConfigSchema } from '../../../shared/config-schema'
import { EXAMPLE_NAMES } from '../../data/examples'
import { prepareOptionsSchema } from '../../data/prepare-options'
import { ReadOptionsSchema } from '../../../shared/read-options'

/** Argument schemas of the dataset and gradient-check commands (validated before any handler runs). */

export const datasetId = z.string().min(1).max(64)

export const openDialogArgs = z.tuple([z.enum(['csv', 'mnist', 'folder']), ReadOptionsSchema.optional()])
export const openDroppedArgs = z.tuple([
  z
    .string()
    .min(1)
    .max(4096)
    .refine((p) => isAbsolute(p), { message: 'must be an absolute path' })
    .refine((p) => !p.includes('\0'), { message: 'must not contain a NUL character' }),
  ReadOptionsSchema.optional(),
])
export const openExampleArgs = z.tuple([z.enum(EXAMPLE_NAMES)])
export const prepareArgs = z.tuple([datasetId, prepareOptionsSchema])
export const noArgs = z.tuple([])
export const idArgs = z.tuple([datasetId])
export const reopenArgs = z.tuple([datasetId, ReadOptionsSchema])
export const gradcheckArgs = z.tuple([z.strictObject({ datasetId, config: ExperimentConfigSchema, rows: z.number().int().min(1).max(64).optional() })])
