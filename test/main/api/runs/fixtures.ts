import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { DEFAULT_EXPERIMENT, type ExperimentConfig } from '../../../../src/shared/config'
import type { EventChannel, Events, Result } from '../../../../src/shared/ipc'
import { prepareDataset, type LoadedDataset } from '../../../../src/main/data/dataset'
import { generateExample, type GeneratedExampleName } from '../../../../src/main/data/examples'
import { parseCsv } from '../../../../src/main/data/csv-reader'
import { summarizeDataset } from '../../../../src/main/data/summary'
import type { ImageSet } from '../../../../src/main/data/images'
import type { PrepareOptions } from '../../../../src/main/data/prepare-options'
import { dispatch, type HandlerTable } from '../../../../src/main/api/commands'
import type { AppEnvironment, Dialogs } from '../../../../src/main/api/context'
import type { DatasetEntry, DatasetRegistry } from '../../../../src/main/api/dataset-registry'
import { createDatasetStore } from '../../../../src/main/api/datasets/registry'
import { createRunFeature } from '../../../../src/main/api/runs'

/**
 * Shared by the run feature's tests: the app's dataset registry filled from src/main/data in-process, a
 * recording environment with scripted dialogs, and a feature on a temporary user-data folder with real workers.
 */

export const WORKER = new URL('../../../helpers/training-worker.mjs', import.meta.url)

export interface FakeRegistry extends DatasetRegistry {
  add(name: string, loaded: LoadedDataset, options?: PrepareOptions): DatasetEntry
}

/** The app's dataset registry (src/main/api/datasets/registry.ts), filled in-process instead of by the dataset worker. */
export function fakeRegistry(): FakeRegistry {
  const store = createDatasetStore()
  return {
    get: (id) => store.get(id),
    list: () => store.list(),
    add(name, loaded, options = {}) {
      const prepared = prepareDataset(loaded, options)
      const summary = summarizeDataset(loaded, options)
      const sha256 = createHash('sha256').update(name).digest('hex')
      return store.add(store.nextId(), { name, origin: { kind: 'file', paths: [name] }, loaded, prepared, summary, options, fingerprint: { bytes: 100, sha256 } })
    },
  }
}

export function example(name: GeneratedExampleName, seed = 1): LoadedDataset {
  return { kind: 'tabular', source: name, table: generateExample(name, seed) }
}

export function csv(text: string, source = 'data.csv'): LoadedDataset {
  return { kind: 'tabular', source, table: parseCsv(text) }
}

/** y = 2·a − b + 1 with a little deterministic wobble: a regression table. */
export function linearCsv(rows = 120): LoadedDataset {
  const lines = ['a,b,y']
  for (let i = 0; i < rows; i++) {
    const a = Math.sin(i) * 3
    const b = Math.cos(i * 0.7) * 2
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${(2 * a - b + 1 + 0.01 * Math.sin(i * 13)).toFixed(4)}`)
  }
  return csv(`${lines.join('\n')}\n`, 'linear.csv')
}

/** 8x8 images of 3 classes: a bright row band at the top, middle or bottom, with noise. */
export function tinyImages(count = 240): LoadedDataset {
  const width = 8
  const height = 8
  const pixels = new Uint8Array(count * width * height)
  const labels = new Uint8Array(count)
  let s = 7
  const rand = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  for (let i = 0; i < count; i++) {
    const cls = i % 3
    labels[i] = cls
    for (let p = 0; p < width * height; p++) {
      const row = Math.floor(p / width)
      const band = Math.floor(row / 3) === cls || (cls === 2 && row === 7)
      pixels[i * 64 + p] = Math.round((band ? 180 : 20) + rand() * 60)
    }
  }
  const train: ImageSet = { source: 'tiny-images', count, width, height, pixels, labels }
  return { kind: 'image', source: 'tiny-images', train, test: null, warnings: [] }
}

export const small: ExperimentConfig = {
  ...DEFAULT_EXPERIMENT,
  model: { ...DEFAULT_EXPERIMENT.model, hidden: [{ units: 6, activation: 'tanh' }] },
  optimizer: { kind: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  training: { ...DEFAULT_EXPERIMENT.training, epochs: 5, batchSize: 16 },
}

export const regression: ExperimentConfig = {
  ...small,
  model: { ...small.model, output: 'identity', loss: 'mse' },
}

export const endless: ExperimentConfig = { ...small, training: { ...small.training, epochs: 100000, batchSize: 1 } }

export interface Harness {
  dir: string
  env: AppEnvironment
  events: { channel: EventChannel; payload: unknown }[]
  datasets: FakeRegistry
  /** Paths the next dialogs return (shifted per call; null = cancel). */
  saveAnswers: (string | null)[]
  openAnswers: (string[] | null)[]
  feature: Awaited<ReturnType<typeof createRunFeature>>
  call<T = unknown>(channel: string, ...args: unknown[]): Promise<Result<T>>
  /** The value of a command that must succeed. */
  ok<T = unknown>(channel: string, ...args: unknown[]): Promise<T>
  eventsOf<E extends EventChannel>(channel: E): Events[E][]
  /** A new feature on the same folder (a new session); the old one is disposed first. */
  restart(options?: { worker?: URL }): Promise<void>
  dispose(): Promise<void>
}

export async function harness(options: { dir?: string; worker?: URL; datasets?: FakeRegistry; concurrency?: number } = {}): Promise<Harness> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'runs-feature-')))
  const events: Harness['events'] = []
  const saveAnswers: (string | null)[] = []
  const openAnswers: (string[] | null)[] = []
  const dialogs: Dialogs = {
    openFiles: async () => (openAnswers.length ? openAnswers.shift()! : null),
    saveFile: async () => (saveAnswers.length ? saveAnswers.shift()! : null),
  }
  const makeEnv = (worker: URL): AppEnvironment => ({
    userDataDir: dir,
    resourcesDir: dir,
    dialogs,
    emit: (channel, payload) => void events.push({ channel, payload }),
    trainingWorker: worker,
    datasetWorker: worker,
    concurrency: options.concurrency ?? 2,
  })
  const datasets = options.datasets ?? fakeRegistry()
  let env = makeEnv(options.worker ?? WORKER)
  let feature = await createRunFeature(env, datasets, { appVersion: 'test', checkpointEveryMs: 0 })
  const h: Harness = {
    dir,
    get env() {
      return env
    },
    events,
    datasets,
    saveAnswers,
    openAnswers,
    get feature() {
      return feature
    },
    call: (channel, ...args) => dispatch(feature.handlers as Partial<HandlerTable>, channel, args) as never,
    async ok(channel, ...args) {
      const r = await h.call(channel, ...args)
      if (!r.ok) throw new Error(`${channel} failed: ${r.error}`)
      return r.value as never
    },
    eventsOf: (channel) => events.filter((e) => e.channel === channel).map((e) => e.payload as never),
    async restart(o = {}) {
      await feature.dispose()
      env = makeEnv(o.worker ?? WORKER)
      feature = await createRunFeature(env, datasets, { appVersion: 'test', checkpointEveryMs: 0 })
    },
    async dispose() {
      await feature.dispose()
      if (!options.dir) await rm(dir, { recursive: true, force: true })
    },
  }
  return h
}

export async function waitFor(cond: () => boolean | Promise<boolean>, ms = 20000): Promise<void> {
  const t0 = Date.now()
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

const UNFINISHED = ['queued', 'running', 'paused']

/**
 * Waits until the run has ended (per its status events) and its writes are on disk: run.json is written after
 * model.json in the run's write queue, so once it shows the ending, the model file is there too.
 */
export async function untilEnded(h: Harness, runId: string): Promise<void> {
  await waitFor(() => h.eventsOf('run:status').some((v) => v.id === runId && !UNFINISHED.includes(v.status)))
  await waitFor(async () => {
    try {
      return !UNFINISHED.includes(JSON.parse(await readFile(join(h.dir, 'runs', runId, 'run.json'), 'utf8')).status)
    } catch {
      return false
    }
  })
}
