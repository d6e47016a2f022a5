import { HIDDEN_ACTIVATIONS, LOSSES, OPTIMIZERS } from '../../../shared/config'
import type { HiddenActivation, HiddenLayer, LossName, OptimizerName } from '../../../shared/config'
import type { GroupSetting, GroupVary } from '../../../shared/runs'

/** What each comparable setting is called in the window. */
export const SETTING_LABELS: Record<GroupSetting, string> = {
  loss: 'Loss',
  activation: 'Hidden activation',
  lambda: 'L2 strength λ',
  learningRate: 'Learning rate',
  optimizer: 'Optimizer',
  layers: 'Layer sizes',
}

/** Settings whose values are picked from a list (the others are typed). */
export const CHOICES: Partial<Record<GroupSetting, readonly string[]>> = { loss: LOSSES, activation: HIDDEN_ACTIVATIONS, optimizer: OPTIMIZERS }

/** Typed values: "0, 0.001, 0.01" → numbers; every problem names the value and why. */
export function parseNumbers(text: string, what: string): { values: number[] } | { error: string } {
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '')
  const values: number[] = []
  for (const p of parts) {
    const v = Number(p)
    if (!Number.isFinite(v) || v < 0) return { error: `${what}: "${p}" is not a number ≥ 0` }
    values.push(v)
  }
  return values.length >= 2 ? { values: [...new Set(values)] } : { error: `${what}: give at least two values, separated by commas` }
}

/**
 * Layer sizes: one network per ";"-separated entry, its hidden widths separated by commas or spaces ("16; 32,
 * 16; 64" → [16], [32, 16], [64]); "0" or an empty entry is a network without hidden layer. Each layer takes
 * `activation`.
 */
export function parseLayers(text: string, activation: HiddenActivation): { values: HiddenLayer[][] } | { error: string } {
  const entries = text.split(';').map((e) => e.trim())
  // A trailing ";" is a typing habit, not a network without hidden layers.
  while (entries.length > 1 && entries[entries.length - 1] === '') entries.pop()
  const values: HiddenLayer[][] = []
  for (const entry of entries) {
    const widths = entry === '' || entry === '0' ? [] : entry.split(/[,\s]+/).map(Number)
    const bad = widths.find((w) => !Number.isInteger(w) || w < 1)
    if (bad !== undefined) return { error: `Layer sizes: "${entry}" must be whole numbers ≥ 1 separated by commas` }
    values.push(widths.map((units) => ({ units, activation })))
  }
  return values.length >= 2 ? { values } : { error: 'Layer sizes: give at least two networks, separated by ";"' }
}

/** The GroupVary for a setting from the picked choices or the typed text; an error names what is wrong. */
export function buildVary(setting: GroupSetting, picked: readonly string[], typed: string, activation: HiddenActivation): { vary: GroupVary } | { error: string } {
  if (CHOICES[setting]) {
    if (picked.length < 2) return { error: `${SETTING_LABELS[setting]}: pick at least two values` }
    if (setting === 'loss') return { vary: { setting, values: picked as LossName[] } }
    if (setting === 'activation') return { vary: { setting, values: picked as HiddenActivation[] } }
    return { vary: { setting: 'optimizer', values: picked as OptimizerName[] } }
  }
  if (setting === 'layers') {
    const r = parseLayers(typed, activation)
    return 'error' in r ? r : { vary: { setting, values: r.values } }
  }
  const r = parseNumbers(typed, SETTING_LABELS[setting])
  if ('error' in r) return r
  return setting === 'lambda' ? { vary: { setting, values: r.values } } : { vary: { setting: 'learningRate', values: r.values } }
}
