/**
 * The one error the data layer throws for people to read. Its message always says what is wrong and where
 * (file, line, column); the same places are kept as fields so the UI can highlight them.
 */

/** Where a problem sits. `line` is 1-based as a text editor counts; `column` is the column's name. */
export interface DataLocation {
  file?: string
  line?: number
  column?: string
  /** What `line` counts, in the message: a text file's lines (default), or a spreadsheet's rows. */
  unit?: 'line' | 'row'
}

export class DatasetError extends Error {
  override readonly name = 'DatasetError'
  constructor(
    /** What is wrong, without the place (the message is the place, then this). */
    readonly detail: string,
    readonly location: DataLocation = {},
  ) {
    super(prefix(location) + detail)
  }
}

/** "data.csv, line 12, column "age": " — the parts that are known, in reading order. */
function prefix(loc: DataLocation): string {
  const parts: string[] = []
  if (loc.file) parts.push(loc.file)
  if (loc.line !== undefined) parts.push(`${loc.unit ?? 'line'} ${loc.line}`)
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`)
  return parts.length ? `${parts.join(', ')}: ` : ''
}

/**
 * A refusal worded for a table without text lines (a spreadsheet, a Parquet file): "row N", not "line N".
 * The readers of those formats number their rows so that a message's line is the row.
 */
export function inRows(e: DatasetError): DatasetError {
  return new DatasetError(rowWording(e.detail), { ...e.location, unit: 'row' })
}

/** The CSV reader's words for rows of a sheet or Parquet file. */
export function rowWording(s: string): string {
  return s.replace(/\blines (\d+)/g, 'rows $1').replace(/\bline (\d+)/g, 'row $1').replace(/\bat line\b/g, 'at row')
}
