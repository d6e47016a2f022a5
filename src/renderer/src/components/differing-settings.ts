/**
 * Which settings differ between runs, so the runs table shows only the columns that tell runs apart (two runs
 * that differ only by loss show one "model.loss" column, not thirty identical ones).
 */

/**
 * Flattens a config into dotted paths → leaf values: {model: {hidden: [{units: 8}]}} →
 * {"model.hidden[0].units": 8}. A null or empty list/object is a leaf of its own (so "earlyStopping: null"
 * differs from "earlyStopping.patience: 5").
 */
export function flattenSettings(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    value.forEach((item, i) => flattenSettings(item, `${prefix}[${i}]`, out))
    // The layer count is a setting of its own: [8] vs [8, 8] must differ even where layer 0 agrees.
    out.set(`${prefix}.length`, value.length)
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) flattenSettings(item, prefix === '' ? key : `${prefix}.${key}`, out)
  } else {
    out.set(prefix, value)
  }
  return out
}

/**
 * Dotted paths (e.g. "model.loss", "model.hidden[0].units", "optimizer.beta1") whose values are not the same
 * across all `configs`, in order of first appearance. A path present in some configs and absent in others
 * (Adam's beta1 when another run uses sgd) differs. Fewer than two configs → [].
 */
export function differingSettings(configs: readonly unknown[]): string[] {
  if (configs.length < 2) return []
  const flats = configs.map((c) => flattenSettings(c))
  const paths: string[] = []
  const seen = new Set<string>()
  for (const flat of flats) for (const path of flat.keys()) if (!seen.has(path)) { seen.add(path); paths.push(path) }
  return paths.filter((path) => {
    const first = flats[0].has(path) ? JSON.stringify(flats[0].get(path)) : undefined
    return flats.some((flat) => (flat.has(path) ? JSON.stringify(flat.get(path)) : undefined) !== first)
  })
}

/** The value at a dotted path as produced by flattenSettings, or undefined. */
export function settingAt(config: unknown, path: string): unknown {
  return flattenSettings(config).get(path)
}
