/**
 * The headless entry: `backprop-studio <command> [options]` (or `npm run cli -- <command> ...`). The same data
 * and training code as the app, no window. Bad flags and bad files exit non-zero with one clear line.
 */
import { readFileSync } from 'node:fs'
import { helpText, UsageError, type CommandSpec } from './cli/args'
import type { Io } from './cli/io'
import { GRADCHECK, gradcheckCommand } from './cli/gradcheck'
import { INSPECT, inspectCommand } from './cli/inspect'
import { EVALUATE, evaluateCommand, PREDICT, predictCommand } from './cli/predict'
import { EXPORT, exportCommand } from './cli/export'
import { TRAIN, trainCommand } from './cli/train'

const COMMANDS: Record<string, { spec: CommandSpec; run: (argv: string[], io: Io) => Promise<number> }> = {
  train: { spec: TRAIN, run: trainCommand },
  inspect: { spec: INSPECT, run: inspectCommand },
  gradcheck: { spec: GRADCHECK, run: gradcheckCommand },
  predict: { spec: PREDICT, run: predictCommand },
  evaluate: { spec: EVALUATE, run: evaluateCommand },
  export: { spec: EXPORT, run: exportCommand },
}

function appVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version
    } catch {
      // try the next location (source tree or build output)
    }
  }
  return 'unknown'
}

/** Runs one command line; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const list = Object.entries(COMMANDS).map(([k, c]) => `  ${k.padEnd(10)} ${c.spec.summary}`)
    io.stdout.write(`Backprop Studio ${io.version}: train and inspect multilayer perceptrons from the command line.\n\nCommands:\n${list.join('\n')}\n\nRun "backprop-studio <command> --help" for its options.\n`)
    return name ? 0 : 2
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    io.stderr.write(`error: unknown command "${name}"; valid: ${Object.keys(COMMANDS).join(', ')}\n`)
    return 2
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    io.stderr.write(`error: ${message}\n`)
    return err instanceof UsageError ? 2 : 1
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '\0')
if (isMain) {
  const io: Io = {
    stdout: process.stdout,
    stderr: process.stderr,
    version: appVersion(),
    help: (spec) => {
      process.stdout.write(helpText(spec))
      return 0
    },
  }
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code
  })
}
