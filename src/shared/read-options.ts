/**
 * How the user asks a data file to be read, when the automatic guess is wrong: the text encoding, rows to skip
 * before the header, delimiter, header, decimal mark (CSV), and the sheet (Excel). Every field left out is
 * automatic. The same choices as the command line's reading flags (src/main/cli/file-flags.ts).
 */
import { z } from 'zod'

export const ENCODINGS = ['utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const
export const READ_DELIMITERS = [',', ';', '\t', '|'] as const

export interface ReadOptions {
  encoding?: (typeof ENCODINGS)[number]
  skipRows?: number
  delimiter?: (typeof READ_DELIMITERS)[number]
  header?: boolean
  decimal?: ',' | '.'
  sheet?: string
}

export const ReadOptionsSchema = z
  .object({
    encoding: z.enum(ENCODINGS).optional(),
    skipRows: z.number().int().min(0).max(1000).optional(),
    delimiter: z.enum(READ_DELIMITERS).optional(),
    header: z.boolean().optional(),
    decimal: z.enum([',', '.']).optional(),
    sheet: z.string().min(1).max(200).optional(),
  })
  .strict() satisfies z.ZodType<ReadOptions>

/** Only the choices actually made (no undefined fields), so that "all automatic" is {}. */
export function readChoices(r: ReadOptions | undefined): ReadOptions {
  return Object.fromEntries(Object.entries(r ?? {}).filter(([, v]) => v !== undefined)) as ReadOptions
}
