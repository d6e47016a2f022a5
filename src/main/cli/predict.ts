import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { loadModelFile, type LoadedModel } from '../engine/model-file-io'
import { predict } from '../engine/predict'
import { yardsticks } from '../engine/metrics'
import { oneHot } from '../data/prepared'
import { saveTextAtomic } from '../files'
import { parseCommand, requireString, UsageError, type CommandSpec } from './args'
import { loadDataArg } from './dataset-arg'
import { FILE_HELP, FILE_OPTIONS, fileOptions } from './file-flags'
import { encodeForModel, type ModelInputs } from '../data/encode-for-model'
import { predictionsToCsv } from '../export/predictions-csv'
import type { Io } from './io'

export const PREDICT: CommandSpec = {
  name: 'predict',
  summary: "Apply a model file to raw data (its preprocessing included) and write the predictions as CSV.",
  usage: 'predict --model model.json --data <file|folder|example:name> --out predictions.csv',
  options: { ...FILE_OPTIONS, model: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' } },
  help: { ...FILE_HELP, '--model <file>': 'a model file', '--data <spec>': 'raw data with the columns the model was trained on', '--out <file>': 'the predictions CSV' },
}

export const EVALUATE: CommandSpec = {
  name: 'evaluate',
  summary: 'Measure a model file on data that holds the target (accuracy and cross-entropy, or RMSE, MAE and R²).',
  usage: 'evaluate --model model.json --data <file|folder|example:name> [--json]',
  options: { ...FILE_OPTIONS, model: { type: 'string' }, data: { type: 'string' }, json: { type: 'boolean' } },
  help: { ...FILE_HELP, '--model <file>': 'a model file', '--data <spec>': 'data with the target column', '--json': 'print the metrics as JSON' },
}

async function modelAndInputs(values: Record<string, unknown>, command: string): Promise<{ model: LoadedModel; inputs: ModelInputs; Y: Float64Array }> {
  const path = requireString(values, 'model', command)
  const model = loadModelFile(await readFile(path, 'utf8'), basename(path))
  if (!model.preprocessing) throw new UsageError(`${basename(path)} has no preprocessing section, so it cannot read raw data`)
  const inputs = encodeForModel(model.preprocessing, await loadDataArg(requireString(values, 'data', command), 1, undefined, fileOptions(values)))
  const Y = predict(model.params, inputs.X, inputs.rows)
  return { model, inputs, Y }
}

export async function predictCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(PREDICT, argv)
  if (values['help']) return io.help(PREDICT)
  const out = requireString(values, 'out', 'predict')
  const { model, inputs, Y } = await modelAndInputs(values, 'predict')
  for (const p of inputs.problems) io.stderr.write(`warning: ${p}\n`)
  const csv = predictionsToCsv(model.preprocessing!.target, Y, inputs.rows, model.params.sizes.at(-1)!, inputs.rowNumbers)
  await saveTextAtomic(out, csv)
  io.stderr.write(`wrote ${inputs.rows} predictions to ${out}\n`)
  return 0
}

export async function evaluateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(EVALUATE, argv)
  if (values['help']) return io.help(EVALUATE)
  const { model, inputs, Y } = await modelAndInputs(values, 'evaluate')
  for (const p of inputs.problems) io.stderr.write(`warning: ${p}\n`)
  const target = model.preprocessing!.target
  const K = model.params.sizes.at(-1)!
  if (!inputs.targets) throw new UsageError(`the data has no usable "${target.name}" column to evaluate against`)
  let T: Float64Array | Float32Array
  if ('labels' in inputs.targets) {
    if (target.task !== 'classification') throw new UsageError('the model predicts values, but the data holds class labels')
    T = oneHot(inputs.targets.labels, K)
  } else {
    if (target.task !== 'regression') throw new UsageError('the model predicts classes, but the data holds values')
    T = inputs.targets.values.map((v) => (v - target.offset) / target.scale)
  }
  const y = yardsticks(target.task, Y, T, inputs.rows, K)
  // Regression errors are reported in the target's own units.
  const scale = target.task === 'regression' ? target.scale : 1
  const metrics: Record<string, number> =
    y.task === 'classification' ? { accuracy: y.accuracy, cross_entropy: y.crossEntropy } : { rmse: y.rmse * scale, mae: y.mae * scale, r2: y.r2 }
  if (values['json']) io.stdout.write(`${JSON.stringify({ rows: inputs.rows, ...metrics })}\n`)
  else io.stdout.write(`${inputs.rows} rows: ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toPrecision(5)}`).join(', ')}\n`)
  return 0
}
