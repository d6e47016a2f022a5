import { z } from 'zod'
import { ExperimentConfigSchema } from '../../shared/config-schema'
import { RUN_STATUSES } from '../../shared/runs'
import { nameRecordSchema } from '../../shared/name-record'
import { TASKS, type ExperimentConfig, type Task } from '../../shared/config'
import type { DatasetFingerprint } from '../../shared/views'
import type { EpochMessage, MetricRecord } from './protocol'

/**
 * What one run's folder holds on disk (`<userDataDir>/runs/<runId>/`) and how it is read back:
 *   run.json       RunRecord (rewritten atomically on every status change)
 *   metrics.jsonl  one StoredEpoch per line, appended (a kill may tear the last line: it is skipped on read)
 *   model.json     the final model file (atomic)
 *   best.json      the best epoch's weights so far as a model file (atomic)
 */

export const RUN_RECORD_VERSION = 1

/** Status of a stored run: the run states plus 'interrupted' (found on disk without an ending). */
export type StoredStatus = (typeof RUN_STATUSES)[number] | 'interrupted'

/** run.json. */
export interface RunRecord {
  version: typeof RUN_RECORD_VERSION
  id: string
  label: string
  groupId: string | null
  /** The session's dataset id (meaningless in a later session; the fingerprint identifies the data). */
  datasetId: string | null
  dataset: DatasetFingerprint | null
  config: ExperimentConfig
  status: StoredStatus
  message: string | null
  backend: string | null
  threads: number | null
  parameterCount: number | null
  warnings: string[]
  queuedAt: number
  startedAt: number | null
  endedAt: number | null
  task: Task
  inputs: number
  outputs: number
  featureNames: string[]
  classLabels: string[] | null
  testMetrics: MetricRecord | null
  /** Classification on the test split: confusion[true][predicted]. */
  confusion: number[][] | null
  seconds: number | null
  /** model.json was written. */
  hasModel: boolean
  /** Training rows of the prepared data (one epoch's samples); absent in run.json files written before it was recorded. */
  trainRows?: number | null
}

/** One line of metrics.jsonl: an epoch message without weights. */
export type StoredEpoch = Omit<EpochMessage, 'params'>

/** The statuses that mean "had not ended" when read back in a later session. */
export const UNFINISHED: readonly StoredStatus[] = ['queued', 'running', 'paused']

const count = z.number().int().nonnegative()
const time = z.number().finite()
const metrics = z.record(z.string(), z.number())
/** Metrics in run.json: a non-finite value was written as null by JSON; it is dropped, never read as a number. */
const storedMetrics = z.record(z.string(), z.number().nullable()).transform((m): MetricRecord => {
  const out: MetricRecord = {}
  for (const [k, v] of Object.entries(m)) if (v !== null) out[k] = v
  return out
})

const FingerprintSchema: z.ZodType<DatasetFingerprint> = z.object({
  name: z.string(),
  bytes: z.number().nonnegative(),
  sha256: z.string(),
  target: z.string(),
  roles: nameRecordSchema(z.enum(['input', 'target', 'ignored']), 'role'),
  splitSeed: z.number(),
  split: z.object({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
  types: nameRecordSchema(z.enum(['numeric', 'categorical']), 'type').optional(),
})

/** run.json as read back: strict enough that a RunView built from it is well-formed. */
export const RunRecordSchema: z.ZodType<RunRecord> = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  label: z.string(),
  groupId: z.string().nullable(),
  datasetId: z.string().nullable(),
  dataset: FingerprintSchema.nullable(),
  config: ExperimentConfigSchema,
  status: z.enum([...RUN_STATUSES, 'interrupted']),
  message: z.string().nullable(),
  backend: z.string().nullable(),
  threads: count.nullable(),
  parameterCount: count.nullable(),
  warnings: z.array(z.string()),
  queuedAt: time,
  startedAt: time.nullable(),
  endedAt: time.nullable(),
  task: z.enum(TASKS),
  inputs: count,
  outputs: count,
  featureNames: z.array(z.string()),
  classLabels: z.array(z.string()).nullable(),
  testMetrics: storedMetrics.nullable(),
  confusion: z.array(z.array(count)).nullable(),
  seconds: z.number().nullable(),
  hasModel: z.boolean(),
  // Older run.json files have no trainRows: read as absent (the view says null), never refused.
  trainRows: count.nullable().optional(),
})

/** Timings may be NaN in the worker (an ETA before any rate is known); JSON writes that as null. */
const timing = z.number().nullable().transform((v) => v ?? NaN)

const StoredEpochSchema: z.ZodType<StoredEpoch> = z.object({
  type: z.literal('epoch'),
  epoch: count,
  metrics,
  samplesPerSecond: timing,
  elapsedSeconds: timing,
  etaSeconds: timing,
  best: z.boolean(),
})

/**
 * The epochs of a metrics.jsonl text. A line that does not parse is skipped: the last one may be torn by a
 * kill mid-append (expected, silent); one elsewhere is reported through `warn`. Non-finite numbers are written
 * as null by JSON, so a metric that became null is dropped from its record rather than read as NaN.
 */
export function parseEpochLines(text: string, warn: (message: string) => void = () => {}): StoredEpoch[] {
  const lines = text.split('\n')
  const out: StoredEpoch[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const last = i === lines.length - 1 || lines.slice(i + 1).every((l) => l.trim() === '')
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      if (!last) warn(`line ${i + 1} is not valid JSON; skipped`)
      return
    }
    if (value && typeof value === 'object' && 'metrics' in value && value.metrics && typeof value.metrics === 'object') {
      const m = value.metrics as Record<string, unknown>
      for (const k of Object.keys(m)) if (m[k] === null) delete m[k]
    }
    const parsed = StoredEpochSchema.safeParse(value)
    if (parsed.success) out.push(parsed.data)
    else warn(`line ${i + 1} is not an epoch record (${parsed.error.issues[0]?.message ?? 'wrong shape'}); skipped`)
  })
  return out
}

/** One metrics.jsonl line (with its newline) for an epoch; the weights are never written here. */
export function epochLine(epoch: EpochMessage | StoredEpoch): string {
  const { type, epoch: n, metrics: m, samplesPerSecond, elapsedSeconds, etaSeconds, best } = epoch
  return `${JSON.stringify({ type, epoch: n, metrics: m, samplesPerSecond, elapsedSeconds, etaSeconds, best })}\n`
}
