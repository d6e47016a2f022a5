import os from 'node:os'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { ExperimentConfig, HiddenActivation, OutputActivation } from '../../shared/config'
import { TASKS } from '../../shared/config'
import { loadModelFile, serializeModelFile, toModelFile } from '../engine/model-file-io'
import { prepareDataset } from '../data/dataset'
import type { PreparedDataset } from '../data/prepared'
import { saveTextAtomic } from '../files'
import { startWorkerRun } from '../training/worker-client'
import { trainingWorkerUrl } from '../training/worker-entry'
import { metricsToCsv } from '../training/metrics-csv'
import type { BackendChoice, EpochMessage, WireParams } from '../training/protocol'
import { choiceFlag, numberFlag, parseCommand, requireString, UsageError, type CommandSpec } from './args'
import { CONFIG_HELP, CONFIG_OPTIONS, configFromFlags } from './config-flags'
import { loadDataArg } from './dataset-arg'
import type { LoadedDataset } from '../data/dataset'
import { DEFAULT_SPLIT, type SplitRatios } from '../data/prepare-options'
import { FILE_HELP, FILE_OPTIONS, fileOptions } from './file-flags'
import { ProgressBar } from './progress'
import type { Io } from './io'

export const TRAIN: CommandSpec = {
  name: 'train',
  summary: 'Train a network on a dataset in a worker thread and write the model file.',
  usage: 'train --data <file|folder|example:name> --out model.json [options]',
  options: { ...FILE_OPTIONS, 
    data: { type: 'string' },
    target: { type: 'string' },
    task: { type: 'string' },
    out: { type: 'string' },
    metrics: { type: 'string' },
    init: { type: 'string' },
    backend: { type: 'string' },
    validation: { type: 'string' },
    ...CONFIG_OPTIONS,
  },
  help: {
    ...FILE_HELP,
    '--data <spec>': 'a CSV file, IDX file(s) or folder, or example:<name> (xor, spirals, iris, mnist-sample, ...)',
    '--target <col>': 'target column (default: the last)',
    '--task <t>': 'classification or regression (default: detected)',
    '--out <file>': 'where to write the model file (written atomically at the end)',
    '--metrics <file>': 'also write per-epoch metrics as CSV',
    '--init <model.json>': 'start from the weights (and architecture) of a model file',
    '--backend <b>': 'auto, ts, wasm or wasm-threads (default auto)',
    '--validation <share>': 'share of the rows held out for validation, 0 to 0.8 (default 0.15; with a separate test file, e.g. MNIST t10k-*, of the training file — 0 trains on all of it, without early stopping)',
    ...CONFIG_HELP,
  },
}

export async function trainCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommand(TRAIN, argv)
  if (values['help']) return io.help(TRAIN)
  const dataSpec = requireString(values, 'data', 'train')
  const out = requireString(values, 'out', 'train')
  const backend = choiceFlag(values, 'backend', ['auto', 'ts', 'wasm', 'wasm-threads'] as const, 'auto') as BackendChoice
  const task = choiceFlag(values, 'task', ['auto', ...TASKS] as const, 'auto')
  const seed = numberFlag(values, 'seed', 1, { integer: true, min: 0 })

  const bar = new ProgressBar(io.stderr)
  const t0 = performance.now()
  const loaded = await loadDataArg(
    dataSpec,
    seed,
    (p) => bar.update({ label: 'loading', done: p.bytesDone, total: p.totalBytes ?? p.bytesDone, elapsedSeconds: (performance.now() - t0) / 1000, unit: 'B' }),
    fileOptions(values),
  )
  bar.clear()
  const data = prepareDataset(loaded, { target: values['target'] as string | undefined, task, seed, split: validationSplit(values, loaded) })
  for (const w of data.warnings) io.stderr.write(`warning: ${w}\n`)

  let config = configFromFlags(values, data.task)
  let initialParams: WireParams | null = null
  if (typeof values['init'] === 'string') {
    const init = await loadInit(values['init'], data, config)
    config = init.config
    initialParams = init.params
  }

  io.stderr.write(
    `training ${data.inputs}-${config.model.hidden.map((h) => h.units).join('-')}${config.model.hidden.length ? '-' : ''}${data.outputs} ` +
      `(${config.model.loss}, ${config.optimizer.kind}) on ${data.train.rows} rows, validating on ${data.validation.rows}\n`,
  )
  const epochs: EpochMessage[] = []
  let header = false
  let backendUsed = backend as string
  const start = performance.now()
  const run = startWorkerRun(
    trainingWorkerUrl(),
    {
      type: 'start',
      runId: 'cli',
      config,
      task: data.task,
      inputs: data.inputs,
      outputs: data.outputs,
      train: data.train,
      validation: data.validation.rows > 0 ? data.validation : null,
      test: data.test.rows > 0 ? data.test : null,
      initialParams,
      batchSeed: null,
      backend,
      threads: os.availableParallelism(),
      trainingMetrics: 'full-pass',
      progressPerSecond: 10,
      ...(data.preprocessing.target.task === 'regression' ? { targetScale: data.preprocessing.target.scale } : {}),
    },
    (m) => {
      if (m.type === 'started') {
        backendUsed = m.backend
        io.stderr.write(`backend ${m.backend} (${m.threads} thread${m.threads === 1 ? '' : 's'}), ${m.parameterCount} parameters\n`)
        for (const w of m.warnings) io.stderr.write(`warning: ${w}\n`)
      } else if (m.type === 'progress') {
        const total = m.epochs * m.batches
        bar.update({ label: `epoch ${m.epoch}/${m.epochs}`, done: (m.epoch - 1) * m.batches + m.batch, total, elapsedSeconds: m.elapsedSeconds, unit: 'batches' })
      } else if (m.type === 'epoch') {
        bar.clear()
        epochs.push(m)
        const names = Object.keys(m.metrics).filter((k) => k !== 'cost')
        const cols = ['epoch', ...names, 'samples/s']
        const cell = (s: string, i: number): string => s.padStart(Math.max(12, cols[i].length + 2))
        if (!header) {
          io.stdout.write(`${cols.map(cell).join('')}\n`)
          header = true
        }
        io.stdout.write(`${[String(m.epoch), ...names.map((k) => m.metrics[k].toPrecision(5)), Math.round(m.samplesPerSecond).toString()].map(cell).join('')}\n`)
      }
    },
  )
  const outcome = await run.done
  bar.clear()
  if (outcome.type !== 'finished') throw new Error(`training failed: ${outcome.message}`)
  if (outcome.testMetrics) io.stdout.write(`test: ${Object.entries(outcome.testMetrics).map(([k, v]) => `${k} ${v.toPrecision(5)}`).join(', ')}\n`)

  const last = epochs.at(-1)
  const file = toModelFile({
    params: outcome.params as never,
    config,
    preprocessing: data.preprocessing,
    summary: {
      epochs: outcome.epochsRun,
      metrics: { ...(last?.metrics ?? {}), ...(outcome.testMetrics ?? {}) },
      backend: backendUsed,
      durationMs: Math.round(performance.now() - start),
      createdAt: new Date().toISOString(),
      appVersion: io.version,
    },
    referenceInputs: data.validation.rows > 0 ? { X: data.validation.X, rows: Math.min(5, data.validation.rows) } : undefined,
  })
  await saveTextAtomic(out, serializeModelFile(file))
  io.stderr.write(`wrote ${out} (${outcome.reason}, ${outcome.epochsRun} epochs)\n`)
  if (typeof values['metrics'] === 'string') {
    await saveTextAtomic(values['metrics'], metricsToCsv(epochs))
    io.stderr.write(`wrote ${values['metrics']}\n`)
  }
  return 0
}

/** `--init`: a model file's weights and architecture, checked against the dataset's widths. */
async function loadInit(path: string, data: PreparedDataset, config: ExperimentConfig): Promise<{ config: ExperimentConfig; params: WireParams }> {
  const model = loadModelFile(await readFile(path, 'utf8'), basename(path))
  const { sizes, activations } = model.params
  if (sizes[0] !== data.inputs || sizes.at(-1) !== data.outputs) {
    throw new UsageError(`--init ${basename(path)} maps ${sizes[0]} inputs to ${sizes.at(-1)} outputs, but the data has ${data.inputs} inputs and ${data.outputs} outputs`)
  }
  const hidden = sizes.slice(1, -1).map((units, l) => ({ units, activation: activations[l] as HiddenActivation }))
  return {
    config: { ...config, model: { ...config.model, hidden, output: activations.at(-1) as OutputActivation } },
    params: { sizes: [...sizes], activations: [...activations], W: model.params.W, b: model.params.b },
  }
}

/**
 * The split --validation asks for: that share held out for validation; the test share stays the default 15 %,
 * or 0 when the data come with their own test set (MNIST's t10k-* files). Undefined without the flag.
 */
function validationSplit(values: Record<string, unknown>, loaded: LoadedDataset): SplitRatios | undefined {
  if (values['validation'] === undefined) return undefined
  const separateTest = loaded.kind === 'image' && loaded.test !== null
  const validation = numberFlag(values, 'validation', DEFAULT_SPLIT.validation, { min: 0, max: separateTest ? 0.9 : 0.8 })
  const test = separateTest ? 0 : DEFAULT_SPLIT.test
  return { train: 1 - test - validation, validation, test }
}
