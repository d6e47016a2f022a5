import { mkdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { loadModelFile } from '../engine/model-file-io'
import { predict } from '../engine/predict'
import { predictionsToCsv, PYTHON_EXPORT_FILES, toOnnx, toPython, toTfjs, TFJS_WEIGHTS_FILE } from '../export'
import { writeExportFolder } from './export-folder'
import { verifyPythonFolder } from './verify-python'
import { choiceFlag, parseCommand, requireString, UsageError, type CommandSpec } from './args'
import { loadDataArg } from './dataset-arg'
import { FILE_HELP, FILE_OPTIONS, fileOptions } from './file-flags'
import { encodeForModel } from '../data/encode-for-model'
import type { Io } from './io'

const FORMATS = ['onnx', 'tfjs', 'python', 'predictions-csv'] as const

export const EXPORT: CommandSpec = {
  name: 'export',
  summary: 'Convert a model file to ONNX or TensorFlow.js, or write its predictions for a dataset as CSV (docs/export.md).',
  usage: 'export --model model.json --format onnx|tfjs|python|predictions-csv --out <path> [--data <file|folder|example:name>]',
  options: { model: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, data: { type: 'string' }, ...FILE_OPTIONS },
  help: {
    '--model <file>': 'a model file',
    '--format <f>': 'onnx (one .onnx file), tfjs (a folder: model.json + weights.bin), python (a new folder: model.py, weights.npz, preprocessing.json, README.md), predictions-csv (needs --data)',
    '--out <path>': 'the .onnx file, the TF.js folder, or the CSV file',
    '--data <spec>': 'predictions-csv only: raw data with the columns the model was trained on',
    ...Object.fromEntries(Object.entries(FILE_HELP).map(([flag, text]) => [flag, `predictions-csv only: ${text}`])),
  },
}

async function save(path: string, data: string | Uint8Array): Promise<void> {
  await writeFileAtomic(path, typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { fsync: true })
}

export async function exportCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(EXPORT, argv)
  if (values['help']) return io.help(EXPORT)
  const modelPath = requireString(values, 'model', 'export')
  const out = requireString(values, 'out', 'export')
  if (values['format'] === undefined) throw new UsageError(`export: --format is required (${FORMATS.join(', ')})`)
  const format = choiceFlag(values, 'format', FORMATS, 'onnx')
  const dataFlags = ['data', ...Object.keys(FILE_OPTIONS)].filter((f) => values[f] !== undefined)
  if (format !== 'predictions-csv' && dataFlags.length) throw new UsageError(`export: ${dataFlags.map((f) => `--${f}`).join(', ')} only apply to --format predictions-csv`)
  const model = loadModelFile(await readFile(modelPath, 'utf8'), basename(modelPath))
  if (format === 'onnx') {
    await save(out, toOnnx(model, io.version))
    io.stderr.write(`wrote ${out} (ONNX opset 13; input "input" takes preprocessed rows, see docs/export.md)\n`)
  } else if (format === 'tfjs') {
    const { modelJson, weights } = toTfjs(model, io.version)
    await mkdir(out, { recursive: true })
    // Weights first: a reader never finds a model.json whose weights are not there yet.
    await save(join(out, TFJS_WEIGHTS_FILE), weights)
    await save(join(out, 'model.json'), `${JSON.stringify(modelJson, null, 1)}\n`)
    io.stderr.write(`wrote ${join(out, 'model.json')} and ${join(out, TFJS_WEIGHTS_FILE)}\n`)
  } else if (format === 'python') {
    await writeExportFolder(out, await toPython(model, io.version), (dir) => verifyPythonFolder(dir, model))
    io.stderr.write(`wrote ${out}/ (${PYTHON_EXPORT_FILES.join(', ')}; checked by reading back; see its README.md)\n`)
  } else {
    const data = requireString(values, 'data', 'export --format predictions-csv')
    if (!model.preprocessing) throw new UsageError(`${basename(modelPath)} has no preprocessing section, so it cannot read raw data`)
    const inputs = encodeForModel(model.preprocessing, await loadDataArg(data, 1, undefined, fileOptions(values)))
    for (const p of inputs.problems) io.stderr.write(`warning: ${p}\n`)
    const K = model.params.sizes.at(-1)!
    await save(out, predictionsToCsv(model.preprocessing.target, predict(model.params, inputs.X, inputs.rows), inputs.rows, K, inputs.rowNumbers))
    io.stderr.write(`wrote ${inputs.rows} predictions to ${out}\n`)
  }
  return 0
}
