import { TASKS } from '../../shared/config'
import { prepareDataset } from '../data/dataset'
import { checkConfigGradients } from '../training/config-gradcheck'
import { choiceFlag, numberFlag, parseCommand, requireString, type CommandSpec } from './args'
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags } from './config-flags'
import { loadDataArg } from './dataset-arg'
import type { Io } from './io'

export const GRADCHECK: CommandSpec = {
  name: 'gradcheck',
  summary: 'Check the analytic gradients against central differences on a small batch, per layer.',
  usage: 'gradcheck --data <file|folder|example:name> [--rows 8] [network options]',
  options: { labels: { type: 'string' }, data: { type: 'string' }, target: { type: 'string' }, task: { type: 'string' }, rows: { type: 'string' }, json: { type: 'boolean' }, ...CONFIG_OPTIONS },
  help: { '--labels <file>': 'labels of an IDX images file that are not beside it under the standard name', 
    '--data <spec>': 'the dataset whose first training rows are used',
    '--rows <n>': 'rows in the checked batch (default 8)',
    '--json': 'print the result as JSON',
    ...CONFIG_HELP,
  },
}

export async function gradcheckCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(GRADCHECK, argv)
  if (values['help']) return io.help(GRADCHECK)
  const seed = numberFlag(values, 'seed', 1, { integer: true, min: 0 })
  const task = choiceFlag(values, 'task', ['auto', ...TASKS] as const, 'auto')
  const data = prepareDataset(await loadDataArg(requireString(values, 'data', 'gradcheck'), seed, undefined, values['labels'] as string | undefined), { target: values['target'] as string | undefined, task, seed })
  const config = configFromFlags(values, data.task)
  const rows = Math.min(numberFlag(values, 'rows', 8, { min: 1, max: 256, integer: true }), data.train.rows)
  const result = checkConfigGradients({
    config: { ...config, training: { ...config.training, seed } },
    inputs: data.inputs,
    outputs: data.outputs,
    X: data.train.X,
    T: data.train.T,
    rows,
  })
  if (values['json']) {
    io.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    io.stdout.write(`gradient check on ${rows} rows, ε = ${result.epsilon} (central differences, float64)\n`)
    for (const l of result.layers) {
      io.stdout.write(`  layer ${l.layer + 1}: max relative error W ${l.maxRelErrorW.toExponential(2)}, b ${l.maxRelErrorB.toExponential(2)}\n`)
    }
    io.stdout.write(
      `${result.pass ? 'PASS' : 'FAIL'}: worst ${result.maxRelError.toExponential(2)} against tolerance ${result.tolerance.toExponential(0)}. ` +
        `${result.pass ? 'Backpropagation computes the same gradients as nudging each weight.' : 'The analytic gradients disagree with the numerical ones.'}\n`,
    )
  }
  return result.pass ? 0 : 1
}
