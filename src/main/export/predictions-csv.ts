import type { TargetEncoding } from '../../shared/preprocessing'

/**
 * Predictions as CSV text, the same columns the CLI's `predict` writes:
 *   classification: row, predicted_<target>, p_<class> for each class (the network's outputs)
 *   regression:     row, predicted_<target> (mapped back to the target's units: ŷ·scale + offset)
 *   no target known (a raw-matrix or imported model): row, output_0 … output_{K−1}
 * Numbers are written in full precision (shortest round-trip form); text cells are quoted when they need it.
 */

/** A CSV cell: quoted if it holds a comma, quote or line break. */
function cell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Y: rows x outputs network outputs (row-major, what `predict` returns); rowNumbers: the 1-based source row
 * (CSV data row or image number) of each predicted row, default 1..rows. Throws RangeError on a non-finite
 * output (predict never returns one) or when the shapes disagree.
 */
export function predictionsToCsv(target: TargetEncoding | null, Y: Float64Array | Float32Array, rows: number, outputs: number, rowNumbers?: ArrayLike<number>): string {
  if (Y.length !== rows * outputs) throw new RangeError(`predictions hold ${Y.length} numbers, but ${rows} rows x ${outputs} outputs need ${rows * outputs}`)
  if (rowNumbers && rowNumbers.length !== rows) throw new RangeError(`${rowNumbers.length} row numbers for ${rows} rows`)
  if (target?.task === 'classification' && target.classes.length !== outputs) throw new RangeError(`${target.classes.length} classes for ${outputs} outputs`)
  if (target?.task === 'regression' && outputs !== 1) throw new RangeError(`a regression target needs 1 output, got ${outputs}`)
  const bad = Y.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) throw new RangeError(`prediction for row ${Math.floor(bad / outputs) + 1}, output ${bad % outputs} is ${Y[bad]}`)
  const lines: string[] = []
  const rowOf = (r: number): string => String(rowNumbers ? rowNumbers[r] : r + 1)
  if (target?.task === 'classification') {
    lines.push(['row', `predicted_${target.name}`, ...target.classes.map((c) => `p_${c}`)].map(cell).join(','))
    for (let r = 0; r < rows; r++) {
      let best = 0
      for (let k = 1; k < outputs; k++) if (Y[r * outputs + k] > Y[r * outputs + best]) best = k
      lines.push([rowOf(r), cell(target.classes[best]), ...Array.from(Y.subarray(r * outputs, (r + 1) * outputs), String)].join(','))
    }
  } else if (target?.task === 'regression') {
    lines.push(['row', `predicted_${target.name}`].map(cell).join(','))
    for (let r = 0; r < rows; r++) lines.push(`${rowOf(r)},${Y[r] * target.scale + target.offset}`)
  } else {
    lines.push(['row', ...Array.from({ length: outputs }, (_, k) => `output_${k}`)].join(','))
    for (let r = 0; r < rows; r++) lines.push([rowOf(r), ...Array.from(Y.subarray(r * outputs, (r + 1) * outputs), String)].join(','))
  }
  return `${lines.join('\n')}\n`
}
