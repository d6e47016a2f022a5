/**
 * From a typed table to training-ready arrays: apply the user's type overrides (retype-table), choose columns
 * (column-plan), drop rows that cannot be used,
 * split (split), fit the encodings on the training rows only (tabular-encoding, target), encode every split.
 */
import type { ColumnEncoding, TabularPreprocessing } from '../../shared/preprocessing'
import { planColumns } from './column-plan'
import { DatasetError } from './errors'
import { DEFAULT_SPLIT, type PrepareOptions } from './prepare-options'
import { oneHot, type PreparedDataset, type PreparedSplit } from './prepared'
import { retypeTable } from './retype-table'
import { splitRows } from './split'
import { bindColumns, encodeRows, featureNames, fitCategorical, fitNumeric, isMissingAt } from './tabular-encoding'
import { fitTarget, regressionTargets } from './target'
import type { Table } from './table'

export function prepareTabular(raw: Table, options: PrepareOptions = {}): PreparedDataset {
  // Retyped first: the plan, the encodings fitted here and so the model file all see the chosen types.
  const table = retypeTable(raw, options.types)
  const missing = options.missing ?? 'impute'
  const scaling = options.scaling ?? 'standardize'
  const plan = planColumns(table, options)
  const warnings = [...table.warnings, ...plan.warnings]
  const byName = new Map(table.columns.map((c) => [c.name, c]))
  const targetCol = byName.get(plan.target)!
  const inputs = table.columns.filter((c) => plan.roles.get(c.name) === 'input')

  const usable = usableRows(table, targetCol, missing === 'drop' ? inputs : [], warnings)
  if (missing === 'impute') {
    const filled = inputs.filter((c) => c.missing > 0).map((c) => `"${c.name}": ${c.missing}`)
    if (filled.length) warnings.push(`Missing input cells are filled with the training mean (numbers) or most frequent label — ${filled.join(', ')}.`)
  }
  if (usable.length === 0) throw new DatasetError('no usable row: every row misses the target or an input value', { file: table.source })

  // Classes are known before the split (stratification needs them); a regression scale needs the split.
  const cls = plan.task === 'classification' ? fitTarget(targetCol, 'classification', usable, usable, scaling, table.rows) : null
  const labelsOfUsable = cls ? Uint32Array.from(usable, (r) => cls.classOf![r]) : null
  const split = splitRows(usable, labelsOfUsable, options.split ?? DEFAULT_SPLIT, options.seed ?? 1)
  const target = cls ?? fitTarget(targetCol, 'regression', usable, split.train, scaling, table.rows)

  const beyond = inputs.filter((c) => c.kind === 'numeric' && maxAbs(c.values) > FLOAT32_MAX).map((c) => `"${c.name}"`)
  if (beyond.length) {
    warnings.push(
      `${beyond.join(', ')} ${beyond.length > 1 ? 'hold' : 'holds'} values beyond ±3.4e38, the range of 32-bit numbers: they are scaled in 64-bit, so training works, ` +
        'but a tool that reads raw values in 32 bits cannot; consider a logarithm or other units.',
    )
  }
  const columns: ColumnEncoding[] = inputs.map((c) => (c.kind === 'numeric' ? fitNumeric(c, split.train, scaling, missing) : fitCategorical(c, split.train, missing)))
  const preprocessing: TabularPreprocessing = { kind: 'tabular', scaling, missing, columns, target: target.encoding }
  const bound = bindColumns(columns, table)
  const names = featureNames(columns)
  const width = names.length
  const outputs = target.encoding.task === 'classification' ? target.encoding.classes.length : 1

  const encodeSplit = (rows: Uint32Array, label: string): PreparedSplit => {
    const X = new Float32Array(rows.length * width)
    for (const u of encodeRows(bound, width, rows, X, table)) {
      const ex = u.examples.map((e) => `"${e.label}" (line ${table.lines[e.row]})`).join(', ')
      warnings.push(`Column "${u.column}": ${u.count} ${label} row${u.count > 1 ? 's have' : ' has'} a label never seen in training, such as ${ex}; encoded as all zeros.`)
    }
    if (target.classOf) {
      const labels = Uint32Array.from(rows, (r) => target.classOf![r])
      return { X, T: oneHot(labels, outputs), labels, rows: rows.length, sourceIndex: rows }
    }
    const enc = target.encoding as Extract<typeof target.encoding, { task: 'regression' }>
    return { X, T: regressionTargets(targetCol, enc, rows), rows: rows.length, sourceIndex: rows }
  }

  return {
    task: plan.task,
    inputs: width,
    outputs,
    featureNames: names,
    classLabels: target.encoding.task === 'classification' ? target.encoding.classes : undefined,
    train: encodeSplit(split.train, 'training'),
    validation: encodeSplit(split.validation, 'validation'),
    test: encodeSplit(split.test, 'test'),
    preprocessing,
    warnings,
  }
}

const FLOAT32_MAX = 3.4028234663852886e38

function maxAbs(v: Float64Array): number {
  let m = 0
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i])
    if (a > m) m = a
  }
  return m
}

/** Rows with a target value (and, under the drop policy, every input value); reports what was left out. */
function usableRows(table: Table, target: Table['columns'][number], dropOn: Table['columns'], warnings: string[]): Uint32Array {
  const keep = new Uint32Array(table.rows)
  let n = 0
  let noTarget = 0
  let firstNoTarget = -1
  const dropped = new Map<string, number>()
  let droppedRows = 0
  for (let r = 0; r < table.rows; r++) {
    if (isMissingAt(target, r)) {
      if (noTarget++ === 0) firstNoTarget = r
      continue
    }
    let ok = true
    for (const c of dropOn) {
      if (isMissingAt(c, r)) {
        dropped.set(c.name, (dropped.get(c.name) ?? 0) + 1)
        ok = false
      }
    }
    if (!ok) {
      droppedRows++
      continue
    }
    keep[n++] = r
  }
  if (noTarget) {
    warnings.push(`${noTarget} row${noTarget > 1 ? 's have' : ' has'} no value in the target "${target.name}" and ${noTarget > 1 ? 'were' : 'was'} left out (the first at line ${table.lines[firstNoTarget]}).`)
  }
  if (droppedRows) {
    const per = [...dropped].map(([c, k]) => `"${c}": ${k}`).join(', ')
    warnings.push(`${droppedRows} row${droppedRows > 1 ? 's' : ''} with a missing input value ${droppedRows > 1 ? 'were' : 'was'} dropped (missing cells per column — ${per}).`)
  }
  return keep.slice(0, n)
}
