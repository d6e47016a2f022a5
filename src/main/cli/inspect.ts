import { TASKS } from '../../shared/config'
import { prepareDataset } from '../data/dataset'
import { summarizeDataset } from '../data/summary'
import { choiceFlag, parseCommand, type CommandSpec } from './args'
import { loadDataArg } from './dataset-arg'
import { FILE_HELP, FILE_OPTIONS, fileOptions } from './file-flags'
import type { Io } from './io'

export const INSPECT: CommandSpec = {
  name: 'inspect',
  summary: 'Summarise a dataset (shape, column types, missing values, classes), or print why it is refused.',
  usage: 'inspect <file|folder|example:name> [--target col] [--task t] [--json]',
  options: { ...FILE_OPTIONS, target: { type: 'string' }, task: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    ...FILE_HELP,
    '--target <col>': 'target column (default: the last)',
    '--task <t>': 'classification or regression (default: detected)',
    '--json': 'one JSON object: rows, columns, inputs, target, task, classes, warnings, and the full summary',
  },
  positionals: { min: 1, max: 1 },
}

export async function inspectCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(INSPECT, argv)
  if (values['help']) return io.help(INSPECT)
  const task = choiceFlag(values, 'task', ['auto', ...TASKS] as const, 'auto')
  const loaded = await loadDataArg(positionals[0], 1, undefined, fileOptions(values))
  const summary = summarizeDataset(loaded)
  const prepared = prepareDataset(loaded, { target: values['target'] as string | undefined, task })
  const target = prepared.preprocessing.target.name
  const classes = prepared.task === 'classification' ? prepared.outputs : null
  const warnings = [...new Set([...summary.warnings, ...prepared.warnings])]
  if (values['json']) {
    io.stdout.write(
      `${JSON.stringify({ rows: summary.rows, columns: summary.columns, inputs: prepared.inputs, target, task: prepared.task, classes, warnings, summary })}\n`,
    )
    return 0
  }
  const lines = [
    `${summary.source}: ${summary.rows} rows x ${summary.columns} ${summary.kind === 'image' ? 'pixels' : 'columns'}`,
    `target ${target} (${prepared.task}${classes ? `, ${classes} classes` : ''}); ${prepared.inputs} network inputs after encoding`,
    `split: ${prepared.train.rows} train / ${prepared.validation.rows} validation / ${prepared.test.rows} test`,
  ]
  if (summary.kind === 'tabular') {
    lines.push('', `${'column'.padEnd(20)}${'type'.padEnd(13)}${'role'.padEnd(9)}${'missing'.padStart(8)}${'distinct'.padStart(10)}${'min'.padStart(12)}${'max'.padStart(12)}${'mean'.padStart(12)}`)
    const num = (x: number | null): string => (x === null ? '' : x.toPrecision(4))
    for (const c of summary.columnInfo) {
      lines.push(
        `${c.name.slice(0, 19).padEnd(20)}${c.type.padEnd(13)}${c.role.padEnd(9)}${String(c.missing).padStart(8)}${(String(c.distinct) + (c.distinctCapped ? '+' : '')).padStart(10)}${num(c.min).padStart(12)}${num(c.max).padStart(12)}${num(c.mean).padStart(12)}`,
      )
    }
  }
  if (summary.classCounts) lines.push('', `classes: ${summary.classCounts.map((c) => `${c.label} ${c.count}`).join(', ')}`)
  for (const w of warnings) lines.push(`warning: ${w}`)
  io.stdout.write(`${lines.join('\n')}\n`)
  return 0
}
