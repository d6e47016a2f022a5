import { parseArgs, type ParseArgsConfig } from 'node:util'

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CommandSpec {
  name: string
  summary: string
  usage: string
  options: OptionSpec
  /** One line per option, for --help. */
  help: Record<string, string>
  positionals?: { min: number; max: number }
}

/** Parses one subcommand's arguments strictly: unknown flags, missing values and stray words are UsageErrors. */
export function parseCommand(spec: CommandSpec, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { ...spec.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(`${spec.name}: ${cleanParseError(err)} (see: backprop-studio ${spec.name} --help)`)
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 }
  if (!parsed.values.help) {
    if (parsed.positionals.length > max) throw new UsageError(`${spec.name}: unexpected argument "${parsed.positionals[max]}" (see --help)`)
    if (parsed.positionals.length < min) throw new UsageError(`${spec.name}: missing argument; usage: ${spec.usage}`)
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals }
}

function cleanParseError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  // node's messages end with advice about "--" that does not apply to us.
  return msg.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')
}

/** The --help text of a subcommand. */
export function helpText(spec: CommandSpec): string {
  const width = Math.max(...Object.keys(spec.help).map((k) => k.length))
  const lines = Object.entries(spec.help).map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)
  return `${spec.summary}\n\nUsage: backprop-studio ${spec.usage}\n\nOptions:\n${lines.join('\n')}\n`
}

/** A required string flag. */
export function requireString(values: Record<string, unknown>, flag: string, command: string): string {
  const v = values[flag]
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${command}: --${flag} is required`)
  return v
}

/** A number flag: strict decimal, within [min, max], integer if asked. */
export function numberFlag(
  values: Record<string, unknown>,
  flag: string,
  fallback: number,
  { min = -Infinity, max = Infinity, integer = false }: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const raw = values[flag]
  if (raw === undefined) return fallback
  const text = String(raw).trim()
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) throw new UsageError(`--${flag} must be a number, got "${text}"`)
  const n = Number(text)
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} is out of range: "${text}"`)
  if (integer && !Number.isInteger(n)) throw new UsageError(`--${flag} must be a whole number, got "${text}"`)
  if (n < min || n > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, got ${n}`)
  return n
}

/** One of a fixed set of names, with the valid ones listed when it is not. */
export function choiceFlag<T extends string>(values: Record<string, unknown>, flag: string, choices: readonly T[], fallback: T): T {
  const raw = values[flag]
  if (raw === undefined) return fallback
  const v = String(raw)
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`--${flag} "${v}" is not one of: ${choices.join(', ')}`)
  return v as T
}
