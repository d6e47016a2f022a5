import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { TASKS, type Task } from '../../shared/config'
import { prepareDataset } from '../data/dataset'
import { encodeForModel } from '../data/encode-for-model'
import { gradientCheck, type GradientCheckResult } from '../engine/gradcheck'
import { loadModelFile } from '../engine/model-file-io'
import { checkConfigGradients, checkedEntriesFor, DEFAULT_CHECKED_ENTRIES } from '../training/config-gradcheck'
import { choiceFlag, numberFlag, parseCommand, requireString, UsageError, type CommandSpec } from './args'
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags } from './config-flags'
import { loadDataArg } from './dataset-arg'
import { FILE_HELP, FILE_OPTIONS, fileOptions } from './file-flags'
import type { LoadOptions } from '../data/node-io'
import type { Io } from './io'
import { modelTargets } from './model-targets'

export const GRADCHECK: CommandSpec = {
  name: 'gradcheck',
  summary: 'Check the analytic gradients against central differences on a small batch, per layer.',
  usage: 'gradcheck --data <file|folder|example:name> [--rows 8] [--init model.json | network options]',
  options: { ...FILE_OPTIONS, data: { type: 'string' }, target: { type: 'string' }, task: { type: 'string' }, rows: { type: 'string' }, json: { type: 'boolean' }, init: { type: 'string' }, ...CONFIG_OPTIONS },
  help: {
    ...FILE_HELP,
    '--data <spec>': 'the dataset whose first training rows are used',
    '--rows <n>': 'rows in the checked batch (default 8)',
    '--init <model.json>': "check a trained model's weights instead of the seed's starting point: its loss and λ, and its own preprocessing of the data's first rows",
    '--json': 'print the result as JSON',
    ...CONFIG_HELP,
  },
}

export async function gradcheckCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(GRADCHECK, argv)
  if (values['help']) return io.help(GRADCHECK)
  const seed = numberFlag(values, 'seed', 1, { integer: true, min: 0 })
  const task = choiceFlag(values, 'task', ['auto', ...TASKS] as const, 'auto')
  const wanted = numberFlag(values, 'rows', 8, { min: 1, max: 256, integer: true })
  const spec = requireString(values, 'data', 'gradcheck')
  const file = fileOptions(values)
  const { result, rows, what } =
    typeof values['init'] === 'string' ? await checkModelFile(values['init'], spec, file, wanted) : await checkSeedInit(values, spec, file, seed, task, wanted)
  if (values['json']) {
    io.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    io.stdout.write(`gradient check of ${what} on ${rows} rows, ε = ${result.epsilon} (central differences, float64)\n`)
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

interface Checked {
  result: GradientCheckResult
  rows: number
  what: string
}

/** The network the flags describe, at the initial weights drawn from the seed, on the first training rows. */
async function checkSeedInit(values: Record<string, string | boolean | undefined>, spec: string, file: LoadOptions, seed: number, task: Task | 'auto', wanted: number): Promise<Checked> {
  const data = prepareDataset(await loadDataArg(spec, seed, undefined, file), { target: values['target'] as string | undefined, task, seed })
  const config = configFromFlags(values, data.task)
  const rows = Math.min(wanted, data.train.rows)
  const result = checkConfigGradients({
    config: { ...config, training: { ...config.training, seed } },
    inputs: data.inputs,
    outputs: data.outputs,
    X: data.train.X,
    T: data.train.T,
    rows,
  })
  return { result, rows, what: `the initial weights (seed ${seed})` }
}

/** A model file's own weights, loss and λ, on the data's first rows encoded with the file's own preprocessing. */
async function checkModelFile(path: string, spec: string, file: LoadOptions, wanted: number): Promise<Checked> {
  const name = basename(path)
  const model = loadModelFile(await readFile(path, 'utf8'), name)
  if (!model.preprocessing) throw new UsageError(`${name} has no preprocessing section, so it cannot read raw data to check its gradients on`)
  if (!model.config) throw new UsageError(`${name} does not say which loss and λ it was trained with (no config section), so its gradients cannot be checked`)
  const inputs = encodeForModel(model.preprocessing, await loadDataArg(spec, 1, undefined, file))
  const { sizes, activations } = model.params
  const outputs = sizes[sizes.length - 1]
  const T = modelTargets(model.preprocessing.target, inputs, outputs)
  const rows = Math.min(wanted, inputs.rows)
  if (rows < 1) throw new UsageError(`the data has no rows ${name} can read`)
  const result = gradientCheck({
    model: model.config.model,
    params: { sizes: [...sizes], activations: [...activations], W: model.params.W.map((w) => Float64Array.from(w)), b: model.params.b.map((b) => Float64Array.from(b)) },
    X: inputs.X.subarray(0, rows * sizes[0]),
    T: T.subarray(0, rows * outputs),
    rows,
    maxEntriesPerTensor: checkedEntriesFor(sizes, rows, DEFAULT_CHECKED_ENTRIES),
  })
  return { result, rows, what: `the weights of ${name}` }
}
