import type { CommandSpec } from './args'

/** What a command may touch besides files: its output streams, the app version, and --help printing. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean }
  stderr: { write(s: string): unknown; isTTY?: boolean }
  version: string
  /** Prints a command's --help and returns exit code 0. */
  help(spec: CommandSpec): number
}
