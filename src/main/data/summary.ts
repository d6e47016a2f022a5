/**
 * What the app shows about a loaded dataset before training: shape, per-column statistics and default roles,
 * class counts, the first rows, a few sample images. Plain JSON (it crosses IPC to the renderer); never the
 * full data.
 */
import type { Task } from '../../shared/config'
import { planColumns } from './column-plan'
import type { ColumnType } from './column-profile'
import type { LoadedDataset } from './dataset'
import type { ColumnKind, ColumnRole, PrepareOptions } from './prepare-options'
import { retypeTable } from './retype-table'
import { cellText, type CsvFormat } from './table'

export const PREVIEW_ROWS = 20
export const SAMPLE_IMAGES = 16

export interface ColumnSummary {
  name: string
  type: ColumnType
  /** How the column is stored and encoded (after the user's type override, if any): numbers or labels. */
  storage: ColumnKind
  /** Default role (target: the last column unless chosen otherwise). */
  role: ColumnRole
  /** Why the column is ignored by default, or null. */
  note: string | null
  missing: number
  distinct: number
  /** True when `distinct` is a lower bound (counting stopped). */
  distinctCapped: boolean
  min: number | null
  max: number | null
  mean: number | null
  /** Most frequent labels of a categorical column. */
  top: { label: string; count: number }[]
}

export interface SampleImage {
  label: number
  /** height x width grey levels 0..255, row-major. */
  pixels: number[]
}

export interface DatasetSummary {
  kind: 'tabular' | 'image'
  source: string
  rows: number
  /** Columns of the file, or pixels per image. */
  columns: number
  format: CsvFormat | null
  columnInfo: ColumnSummary[]
  /** Default target and task (the user may change both). */
  target: string
  task: Task
  /** Rows per class of the default target (classification), in class order. */
  classCounts: { label: string; count: number }[] | null
  /** First rows as text ('' for a missing cell), with the column names. */
  preview: { header: string[]; rows: string[][] }
  image: { width: number; height: number; testRows: number; samples: SampleImage[] } | null
  warnings: string[]
}

/** The choices a summary depends on (the rest of PrepareOptions only changes the prepared arrays). */
export type SummaryChoices = Pick<PrepareOptions, 'target' | 'task' | 'roles' | 'types'>

/**
 * The summary of `ds`, with types, roles, target and task as `choices` set them (the defaults when absent).
 * Throws DatasetError for a choice that does not fit the table (an unknown column, a label that cannot be a
 * number, a text column as a regression target).
 */
export function summarizeDataset(ds: LoadedDataset, choices: SummaryChoices = {}): DatasetSummary {
  return ds.kind === 'tabular' ? summarizeTable(ds, choices) : summarizeImages(ds)
}

function summarizeTable(ds: Extract<LoadedDataset, { kind: 'tabular' }>, choices: SummaryChoices): DatasetSummary {
  const t = retypeTable(ds.table, choices.types)
  const plan = planColumns(t, choices, undefined, false) // the user may still pick inputs
  const columnInfo: ColumnSummary[] = plan.profiles.map((p) => ({
    name: p.name,
    type: p.type,
    storage: p.storage,
    role: plan.roles.get(p.name)!,
    note: plan.notes.get(p.name) ?? null,
    missing: p.missing,
    distinct: p.distinct,
    distinctCapped: p.distinctCapped,
    min: p.min,
    max: p.max,
    mean: p.mean,
    top: p.top,
  }))
  const targetCol = t.columns.find((c) => c.name === plan.target)!
  let classCounts: DatasetSummary['classCounts'] = null
  if (plan.task === 'classification') {
    const counts = new Map<string, number>()
    for (let r = 0; r < t.rows; r++) {
      const s = cellText(targetCol, r)
      if (s !== '') counts.set(s, (counts.get(s) ?? 0) + 1)
    }
    const labels = targetCol.kind === 'categorical' ? targetCol.categories.filter((c) => counts.has(c)) : [...counts.keys()].sort((a, b) => Number(a) - Number(b))
    classCounts = labels.map((label) => ({ label, count: counts.get(label)! }))
  }
  const n = Math.min(PREVIEW_ROWS, t.rows)
  return {
    kind: 'tabular',
    source: ds.source,
    rows: t.rows,
    columns: t.columns.length,
    format: t.format ?? null,
    columnInfo,
    target: plan.target,
    task: plan.task,
    classCounts,
    preview: { header: t.columns.map((c) => c.name), rows: Array.from({ length: n }, (_, r) => t.columns.map((c) => cellText(c, r))) },
    image: null,
    warnings: [...t.warnings, ...plan.warnings],
  }
}

function summarizeImages(ds: Extract<LoadedDataset, { kind: 'image' }>): DatasetSummary {
  const { train, test } = ds
  const counts = new Map<number, number>()
  for (const l of train.labels) counts.set(l, (counts.get(l) ?? 0) + 1)
  const labels = [...counts.keys()].sort((a, b) => a - b)
  const size = train.width * train.height
  // Evenly spaced samples: deterministic, and in MNIST's shuffled order they cover the classes.
  const step = Math.max(1, Math.floor(train.count / SAMPLE_IMAGES))
  const samples: SampleImage[] = []
  for (let i = 0; i < train.count && samples.length < SAMPLE_IMAGES; i += step) {
    samples.push({ label: train.labels[i], pixels: Array.from(train.pixels.subarray(i * size, (i + 1) * size)) })
  }
  let sum = 0
  for (let i = 0; i < train.pixels.length; i++) sum += train.pixels[i]
  return {
    kind: 'image',
    source: ds.source,
    rows: train.count,
    columns: size,
    format: null,
    columnInfo: [
      { name: 'pixels', type: 'numeric', storage: 'numeric', role: 'input', note: null, missing: 0, distinct: 256, distinctCapped: false, min: 0, max: 255, mean: sum / train.pixels.length, top: [] },
      { name: 'label', type: 'categorical', storage: 'categorical', role: 'target', note: null, missing: 0, distinct: labels.length, distinctCapped: false, min: null, max: null, mean: null, top: [] },
    ],
    target: 'label',
    task: 'classification',
    classCounts: labels.map((l) => ({ label: String(l), count: counts.get(l)! })),
    preview: { header: ['image', 'label'], rows: Array.from({ length: Math.min(PREVIEW_ROWS, train.count) }, (_, i) => [String(i), String(train.labels[i])]) },
    image: { width: train.width, height: train.height, testRows: test?.count ?? 0, samples },
    warnings: ds.warnings.slice(),
  }
}
