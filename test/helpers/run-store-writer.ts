// A child process for the kill-mid-write test: writes one run's history in a loop (metrics line, checkpoint,
// model file, run.json), each epoch's files naming the epoch, until it is killed. Usage: <root> <runId>.
import { DEFAULT_EXPERIMENT } from '../../src/shared/config'
import { serializeModelFile, toModelFile } from '../../src/main/engine/model-file-io'
import { createRunStore } from '../../src/main/training/run-store'
import type { RunRecord } from '../../src/main/training/run-store'

const [root, runId] = process.argv.slice(2)
const store = createRunStore(root, { appendDelayMs: 0 })
const sizes = [2, 96, 96, 2]
const W = sizes.slice(1).map((n, l) => new Float32Array(n * sizes[l]).map((_, i) => Math.sin(i)))
const b = sizes.slice(1).map((n) => new Float32Array(n))

function modelText(epoch: number): string {
  W[0][0] = epoch // a different file every epoch
  return serializeModelFile(
    toModelFile({
      params: { sizes, activations: ['tanh', 'tanh', 'softmax'], W, b },
      config: null,
      preprocessing: null,
      summary: { epochs: epoch, metrics: {}, backend: 'ts-f32', durationMs: 0, createdAt: new Date().toISOString(), appVersion: 'test' },
    }),
  )
}

const record: RunRecord = {
  version: 1, id: runId, label: runId, groupId: null, datasetId: null, dataset: null, config: DEFAULT_EXPERIMENT,
  status: 'running', message: null, backend: 'ts-f32', threads: 1, parameterCount: null, warnings: [],
  queuedAt: Date.now(), startedAt: Date.now(), endedAt: null, task: 'classification', inputs: 2, outputs: 2,
  featureNames: ['x1', 'x2'], classLabels: ['0', '1'], testMetrics: null, confusion: null, seconds: null, hasModel: false,
}

for (let epoch = 1; ; epoch++) {
  store.appendEpoch(runId, { type: 'epoch', epoch, metrics: { loss: 1 / epoch }, samplesPerSecond: 1, elapsedSeconds: epoch, etaSeconds: NaN, best: true })
  await store.flush(runId)
  await store.saveCheckpoint(runId, modelText(epoch))
  await store.saveModel(runId, modelText(epoch))
  await store.saveRecord({ ...record, message: `epoch ${epoch}`, hasModel: true })
  if (epoch === 1) process.stdout.write('writing\n')
}
