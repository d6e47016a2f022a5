/**
 * The target column: which task it suggests, its encoding (classes, or a regression offset/scale fitted on
 * the training rows), and the values of chosen rows in the network's output form.
 */
import type { Task } from '../../shared/config'
import type { Scaling, TargetEncoding } from '../../shared/preprocessing'
import type { ColumnProfile } from './column-profile'
import { DatasetError } from './errors'
import { sortCategories } from './column-typing'
import { fitScale } from './tabular-encoding'
import type { Column } from './table'

/** A numeric target with at most this many distinct whole numbers is read as classes. */
export const MAX_AUTO_CLASSES = 20

/**
 * Classification for labels (text, booleans) and for a few distinct whole numbers (at most MAX_AUTO_CLASSES,
 * and at most half the rows unless there are only two, so that a handful of whole-number measurements is not
 * mistaken for classes); regression otherwise.
 */
export function detectTask(profile: ColumnProfile, rows: number): Task {
  if (profile.storage === 'categorical') return 'classification'
  const present = rows - profile.missing
  const few = !profile.distinctCapped && profile.distinct <= MAX_AUTO_CLASSES && (profile.distinct <= 2 || profile.distinct * 2 <= present)
  return profile.integer && few && profile.type !== 'id' ? 'classification' : 'regression'
}

/** The target's class (or value) per table row; NOT_A_CLASS marks a missing target. */
export const NOT_A_CLASS = 0xffffffff

export interface TargetColumn {
  encoding: TargetEncoding
  /** Classification: class index per table row (NOT_A_CLASS where missing). */
  classOf: Uint32Array | null
}

/**
 * Builds the target encoding. For classification, classes are every label present in `usable` rows, in
 * sorted order (numerically for numbers); for regression the offset/scale come from the training rows.
 */
export function fitTarget(col: Column, task: Task, usable: Uint32Array, train: Uint32Array, scaling: Scaling, rows: number): TargetColumn {
  if (task === 'regression') {
    if (col.kind === 'categorical') {
      throw new DatasetError(`holds labels (such as "${col.categories[0]}"), so it can only be a classification target`, { column: col.name })
    }
    const s = fitScale(col.values, train, scaling)
    return { encoding: { task, name: col.name, offset: s.offset, scale: s.scale }, classOf: null }
  }
  const classOf = new Uint32Array(rows).fill(NOT_A_CLASS)
  if (col.kind === 'categorical') {
    const used = new Uint8Array(col.categories.length)
    for (let k = 0; k < usable.length; k++) used[col.codes[usable[k]]] = 1
    const map = new Int32Array(col.categories.length).fill(-1)
    const classes: string[] = []
    col.categories.forEach((c, i) => {
      if (used[i]) map[i] = classes.push(c) - 1
    })
    for (let k = 0; k < usable.length; k++) classOf[usable[k]] = map[col.codes[usable[k]]]
    return { encoding: { task, name: col.name, classes }, classOf }
  }
  const distinct = new Map<number, number>()
  for (let k = 0; k < usable.length; k++) {
    const v = col.values[usable[k]]
    if (!distinct.has(v)) {
      if (distinct.size >= 10_000) throw new DatasetError('has more than 10,000 distinct values: too many classes (did you mean regression?)', { column: col.name })
      distinct.set(v, distinct.size)
    }
  }
  const labels = [...distinct.keys()].map(String)
  const { categories, remap } = sortCategories(labels)
  for (let k = 0; k < usable.length; k++) classOf[usable[k]] = remap[distinct.get(col.values[usable[k]])!]
  return { encoding: { task, name: col.name, classes: categories }, classOf }
}

/** Regression targets (y − offset) / scale of table rows `rows`. */
export function regressionTargets(col: Column, enc: Extract<TargetEncoding, { task: 'regression' }>, rows: Uint32Array): Float32Array {
  const v = (col as Extract<Column, { kind: 'numeric' }>).values
  const T = new Float32Array(rows.length)
  for (let k = 0; k < rows.length; k++) T[k] = (v[rows[k]] - enc.offset) / enc.scale
  return T
}
