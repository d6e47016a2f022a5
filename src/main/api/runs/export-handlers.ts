import { saveVerified } from '../../files'
import { longMetricRows, metricsToLongCsv, type RunMetrics } from '../../training/metrics-csv'
import { tensorboardScalarsCsv } from '../../export'
import type { HandlerTable } from '../commands'
import type { AppEnvironment } from '../context'
import type { DatasetRegistry } from '../dataset-registry'
import { evaluateNetwork } from './evaluation'
import { compatibility, evaluationData } from './model-inputs'
import type { ModelRegistry } from './models'
import type { RunLookup } from './run-lookup'
import * as s from './schemas'

/** Export of model files, metrics and chart images (save dialog, then an atomic write), and model import. */

export type ExportChannels = 'export:model' | 'export:metrics' | 'export:png' | 'model:import' | 'model:list' | 'model:compatibility' | 'model:evaluate'

const JSON_FILTER = [{ name: 'JSON', extensions: ['json'] }]

/** A label as a file name: no folder separators or characters file systems refuse. */
export function fileNameOf(label: string, fallback: string): string {
  const clean = label.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80)
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean
}

export function createExportHandlers(d: { env: AppEnvironment; datasets: DatasetRegistry; runs: RunLookup; models: ModelRegistry }): HandlerTable<ExportChannels> {
  const { env, runs, models, datasets } = d
  return {
    'export:model': {
      schema: s.runIdArgs,
      run: async (id) => {
        // Exactly the file the run wrote when it ended (model.json, with reference pairs from its own data), once
        // the model-file reader has accepted it: a damaged file is refused naming it, never copied.
        const { text } = await runs.checkedModel(id)
        const path = await env.dialogs.saveFile({ title: 'Export the model file', defaultName: `${fileNameOf(runs.label(id), id)}.model.json`, filters: JSON_FILTER })
        if (!path) return null
        await saveVerified(path, text)
        return path
      },
    },
    'export:metrics': {
      schema: s.exportMetricsArgs,
      run: async (ids, format) => {
        const selected: RunMetrics[] = []
        for (const id of ids) {
          const view = runs.view(id)
          selected.push({ run: id, group: view.groupId, epochs: await runs.epochs(id) })
        }
        const views = ids.map((id) => runs.view(id))
        const text =
          format === 'csv'
            ? metricsToLongCsv(selected)
            : format === 'json'
              ? metricsJson(selected, views)
              : tensorboardScalarsCsv(selected.map((r, i) => ({ run: uniqueNames(views)[i], epochs: r.epochs })))
        const path = await env.dialogs.saveFile({
          title: 'Export metrics',
          defaultName: format === 'tensorboard' ? 'scalars.csv' : `metrics.${format}`,
          filters: format === 'json' ? JSON_FILTER : [{ name: 'CSV', extensions: ['csv'] }],
        })
        if (!path) return null
        await saveVerified(path, text)
        return path
      },
    },
    'export:png': {
      schema: s.pngArgs,
      run: async (dataUrl, suggestedName) => {
        const bytes = s.pngBytes(dataUrl)
        if (!bytes) throw new Error('The chart image is not a PNG') // the schema already checked; kept for the type
        const name = fileNameOf(suggestedName.replace(/\.png$/i, ''), 'chart')
        const path = await env.dialogs.saveFile({ title: 'Save the chart as PNG', defaultName: `${name}.png`, filters: [{ name: 'PNG image', extensions: ['png'] }] })
        if (!path) return null
        await saveVerified(path, bytes)
        return path
      },
    },
    'model:import': {
      schema: s.noArgs,
      run: async () => {
        const paths = await env.dialogs.openFiles({ title: 'Import a model file', filters: JSON_FILTER })
        if (!paths || paths.length === 0) return null
        return models.importFile(paths[0])
      },
    },
    'model:list': { schema: s.noArgs, run: () => models.list() },
    'model:compatibility': { schema: s.modelAndDatasetArgs, run: (modelId, datasetId) => compatibility(models.get(modelId).model, datasets.get(datasetId)) },
    'model:evaluate': {
      schema: s.modelAndDatasetArgs,
      run: (modelId, datasetId) => {
        const m = models.get(modelId).model
        return evaluateNetwork(m.params, evaluationData(m, datasets.get(datasetId)))
      },
    },
  }
}

/**
 * Metrics as JSON: the runs (id, label, group, config, dataset) and the long form rows. JSON has no NaN or
 * Infinity: such a value is written as the string "NaN" / "Infinity" / "-Infinity", never dropped or nulled.
 */
function metricsJson(runs: RunMetrics[], views: { id: string; label: string; groupId: string | null; config: unknown; dataset: unknown }[]): string {
  const rows = longMetricRows(runs).map((r) => ({ ...r, value: Number.isFinite(r.value) ? r.value : String(r.value) }))
  const meta = views.map((v) => ({ id: v.id, label: v.label, group: v.groupId, config: v.config, dataset: v.dataset }))
  return `${JSON.stringify({ runs: meta, metrics: rows }, null, 1)}\n`
}

/** Run labels as names, with the id added to any label that two selected runs share. */
function uniqueNames(views: { id: string; label: string }[]): string[] {
  const count = new Map<string, number>()
  for (const v of views) count.set(v.label, (count.get(v.label) ?? 0) + 1)
  return views.map((v) => (count.get(v.label)! > 1 ? `${v.label} (${v.id})` : v.label))
}
