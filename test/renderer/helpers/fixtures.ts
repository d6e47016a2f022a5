import { DEFAULT_EXPERIMENT } from '../../../src/shared/config'
import type { ExperimentConfig } from '../../../src/shared/config'
import type { DatasetView, EpochMessage, RunView } from '../../../src/shared/views'

/** A small 2-input classification dataset view as main would describe it (x1, x2 → label). */
export function datasetView(id = 'ds1', name = 'spirals', patch: Partial<DatasetView> = {}): DatasetView {
  return {
    id,
    name,
    origin: { kind: 'example', name: 'spirals' },
    summary: {
      kind: 'tabular',
      source: name,
      rows: 400,
      columns: 3,
      format: null,
      columnInfo: [
        { name: 'x1', type: 'numeric', storage: 'numeric', role: 'input', note: null, missing: 0, distinct: 400, distinctCapped: false, min: -1.2, max: 1.1, mean: 0.01, top: [] },
        { name: 'x2', type: 'numeric', storage: 'numeric', role: 'input', note: null, missing: 3, distinct: 397, distinctCapped: false, min: -0.9, max: 1.3, mean: 0.02, top: [] },
        { name: 'label', type: 'categorical', storage: 'categorical', role: 'target', note: null, missing: 0, distinct: 2, distinctCapped: false, min: null, max: null, mean: null, top: [{ label: '0', count: 200 }, { label: '1', count: 200 }] },
      ],
      target: 'label',
      task: 'classification',
      classCounts: [{ label: '0', count: 200 }, { label: '1', count: 150 }],
      preview: { header: ['x1', 'x2', 'label'], rows: [['0.5', '-0.25', '0'], ['1.1', '', '1']] },
      image: null,
      warnings: [],
    },
    options: {},
    prepared: { task: 'classification', inputs: 2, outputs: 2, classLabels: ['0', '1'], featureNames: ['x1', 'x2'], rows: { train: 280, validation: 60, test: 60 }, warnings: [] },
    fingerprint: { name: `example:${name}`, bytes: 0, sha256: 'ab', target: 'label', roles: { x1: 'input', x2: 'input', label: 'target' }, splitSeed: 1 },
    ...patch,
  }
}

export function runView(id: string, patch: Partial<RunView> = {}, config: ExperimentConfig = DEFAULT_EXPERIMENT): RunView {
  return {
    id,
    label: `run ${id}`,
    groupId: null,
    datasetId: 'ds1',
    dataset: null,
    config,
    status: 'running',
    message: null,
    backend: 'ts',
    threads: 1,
    parameterCount: 82,
    warnings: [],
    queuedAt: 0,
    startedAt: 0,
    endedAt: null,
    epochCount: 0,
    bestEpoch: null,
    lastMetrics: null,
    bestMetrics: null,
    testMetrics: null,
    lastProgress: null,
    seconds: null,
    samplesPerSecond: null,
    fromHistory: false,
    hasModel: false,
    trainRows: 280,
    ...patch,
  }
}

export function epoch(n: number, metrics: Record<string, number>): EpochMessage {
  return { type: 'epoch', epoch: n, metrics, samplesPerSecond: 1000, elapsedSeconds: n, etaSeconds: 10 - n, best: false }
}
