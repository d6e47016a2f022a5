/**
 * How to read a data file, the same flags on every command that takes one (--data, or inspect's argument):
 * an IDX images file's labels, a text file's encoding, preamble rows, delimiter, header and decimal mark, an
 * Excel workbook's sheet. Defaults are 'auto': the reader guesses and says what it guessed.
 */
import type { LoadOptions } from '../data/node-io'
import { UsageError, numberFlag, type OptionSpec } from './args'

export const FILE_OPTIONS: OptionSpec = {
  labels: { type: 'string' },
  encoding: { type: 'string' },
  'skip-rows': { type: 'string' },
  delimiter: { type: 'string' },
  header: { type: 'string' },
  decimal: { type: 'string' },
  sheet: { type: 'string' },
}

export const FILE_HELP: Record<string, string> = {
  '--labels <file>': 'labels of an IDX images file that are not beside it under the standard name',
  '--encoding <name>': 'text encoding of a CSV: utf-8, windows-1252 (latin1), utf-16le, utf-16be (default: detected)',
  '--skip-rows <n>': 'lines to skip before the header, e.g. a title or metadata row (default: detected)',
  '--delimiter <d>': 'comma, semicolon, tab or pipe (default: detected, runs of spaces too)',
  '--header <yes|no>': 'whether the first row names the columns (default: detected)',
  '--decimal <mark>': 'decimal mark of numbers: . or , (default: detected; "," only in a ;-, tab- or |-delimited file)',
  '--sheet <name>': 'the worksheet of an Excel .xlsx workbook (default: the first)',
}

const DELIMITERS = new Map<string, NonNullable<LoadOptions['delimiter']>>([[',', ','], ['comma', ','], [';', ';'], ['semicolon', ';'], ['tab', '\t'], ['\\t', '\t'], ['|', '|'], ['pipe', '|']])

/** The reading choices given on the command line (only those given; the rest stay automatic). */
export function fileOptions(values: Record<string, unknown>): LoadOptions {
  const out: LoadOptions = {}
  const str = (flag: string) => (typeof values[flag] === 'string' ? (values[flag] as string) : undefined)
  if (str('labels')) out.labels = str('labels')
  if (str('encoding')) out.encoding = str('encoding')
  if (values['skip-rows'] !== undefined) out.skipRows = numberFlag(values, 'skip-rows', 0, { integer: true, min: 0, max: 1000 })
  const d = str('delimiter')
  if (d !== undefined) {
    const v = DELIMITERS.get(d.toLowerCase())
    if (!v) throw new UsageError(`--delimiter "${d}" is not one of: comma, semicolon, tab, pipe`)
    out.delimiter = v
  }
  const h = str('header')
  if (h !== undefined) {
    if (!['yes', 'no', 'auto'].includes(h)) throw new UsageError(`--header "${h}" is not one of: yes, no, auto`)
    out.header = h === 'auto' ? 'auto' : h === 'yes'
  }
  const m = str('decimal')
  if (m !== undefined) {
    if (m !== '.' && m !== ',' && m !== 'auto') throw new UsageError(`--decimal "${m}" is not one of: . , auto`)
    out.decimal = m
  }
  if (str('sheet')) out.sheet = str('sheet')
  return out
}
