import type { ExperimentConfig } from '../../../shared/config'
import type { MetricRecord } from '../../../shared/views'
import type { NetworkParams } from '../../engine/params'
import { serializeModelFile, toModelFile } from '../../engine/model-file-io'
import type { LiveExtras } from './run-record'
import { finiteMetrics } from './run-record'

/** The model file text of a run's weights (final or best so far), with reference pairs from its own data. */
export function runModelText(
  params: NetworkParams,
  config: ExperimentConfig,
  x: LiveExtras,
  info: { epochs: number; metrics: MetricRecord | null; testMetrics?: MetricRecord | null; backend: string | null; seconds: number | null; appVersion: string },
): string {
  return serializeModelFile(
    toModelFile({
      params,
      config,
      preprocessing: x.preprocessing,
      summary: {
        epochs: info.epochs,
        metrics: finiteMetrics(info.metrics, info.testMetrics),
        backend: info.backend ?? 'unknown',
        durationMs: Math.round((info.seconds ?? 0) * 1000),
        createdAt: new Date().toISOString(),
        appVersion: info.appVersion,
      },
      referenceInputs: x.reference.rows > 0 ? x.reference : undefined,
    }),
  )
}
