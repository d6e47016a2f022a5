/**
 * The user's choices for turning a loaded dataset into training data, with defaults and a zod schema for
 * options that arrive over IPC or from the command line.
 */
import { z } from 'zod'
import { nameRecordSchema } from '../../shared/name-record'
import { TASKS, type Task } from '../../shared/config'
import type { Scaling } from '../../shared/preprocessing'

export const COLUMN_ROLES = ['input', 'target', 'ignored'] as const
export type ColumnRole = (typeof COLUMN_ROLES)[number]

/** How a column is stored and encoded: numbers (scaled) or labels (one-hot). */
export const COLUMN_KINDS = ['numeric', 'categorical'] as const
export type ColumnKind = (typeof COLUMN_KINDS)[number]

export const MISSING_POLICIES = ['drop', 'impute'] as const
export type MissingPolicy = (typeof MISSING_POLICIES)[number]

export const SCALINGS = ['standardize', 'min-max', 'none'] as const satisfies readonly Scaling[]

/** Shares of the usable rows; normalised by their sum. A share of 0 leaves that split empty on purpose. */
export interface SplitRatios {
  train: number
  validation: number
  test: number
}

export interface PrepareOptions {
  /** Target column name. Default: a column given the role 'target', else the last column. */
  target?: string
  /** Default 'auto': text labels or a few distinct whole numbers → classification, otherwise regression. */
  task?: Task | 'auto'
  /** Role overrides by column name; other columns get the default (id-like and constant columns: ignored). */
  roles?: Record<string, ColumnRole>
  /**
   * Type overrides by column name: 'categorical' reads a numeric column as labels (a zip code, a class id),
   * 'numeric' reads labels as numbers (refused, naming the line, if one is not a number). Other columns keep
   * the type the reader gave them. Applies to the target too.
   */
  types?: Record<string, ColumnKind>
  /** Rows with a missing input: dropped, or filled with the training mean / most frequent label. Default 'impute'. */
  missing?: MissingPolicy
  /** Input scaling fitted on the training split (also used for a regression target). Default 'standardize'. */
  scaling?: Scaling
  /** Default 70 / 15 / 15. */
  split?: SplitRatios
  /** Seeds the split. Default 1. */
  seed?: number
}

export const DEFAULT_SPLIT: SplitRatios = { train: 0.7, validation: 0.15, test: 0.15 }

const ratio = z.number().finite().min(0)

export const prepareOptionsSchema = z
  .object({
    target: z.string().min(1).optional(),
    task: z.enum([...TASKS, 'auto']).optional(),
    roles: nameRecordSchema(z.enum(COLUMN_ROLES), 'role').optional(),
    types: nameRecordSchema(z.enum(COLUMN_KINDS), 'type').optional(),
    missing: z.enum(MISSING_POLICIES).optional(),
    scaling: z.enum(SCALINGS).optional(),
    split: z
      .object({ train: ratio, validation: ratio, test: ratio })
      .refine((s) => s.train > 0, { message: 'the training share must be above 0' })
      .optional(),
    seed: z.number().finite().optional(),
  })
  .strict() satisfies z.ZodType<PrepareOptions>
