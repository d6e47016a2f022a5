/**
 * Which files make an MNIST-style dataset, from names alone: `X-images-idx3-ubyte[.gz]` goes with
 * `X-labels-idx1-ubyte[.gz]` (also `X-images.idx3-ubyte`); a folder with the four standard files gives a
 * training pair (train-*) and a test pair (t10k-*).
 */

export interface IdxPair {
  /** The shared prefix, e.g. "train", "t10k". */
  prefix: string
  images: string
  labels: string
}

export type MnistFiles =
  | { ok: true; train: IdxPair; test: IdxPair | null; /** Incomplete pairs that were passed over. */ notes: string[] }
  | { ok: false; message: string }

const IMAGES = /^(.*?)[-_.]images[-.]idx3[-.]ubyte(\.gz)?$/i
const LABELS = /^(.*?)[-_.]labels[-.]idx1[-.]ubyte(\.gz)?$/i

/** The role of a file by its name: images, labels, or neither. */
export function idxRoleOf(fileName: string): { role: 'images' | 'labels'; prefix: string } | null {
  const base = baseName(fileName)
  const i = IMAGES.exec(base)
  if (i) return { role: 'images', prefix: i[1] }
  const l = LABELS.exec(base)
  if (l) return { role: 'labels', prefix: l[1] }
  return null
}

/** The name of the partner of an images or labels file among `candidates` (names in the same folder). */
export function findPartner(fileName: string, candidates: string[]): string | null {
  const me = idxRoleOf(fileName)
  if (!me) return null
  const want = me.role === 'images' ? 'labels' : 'images'
  const matches = candidates.filter((c) => {
    const r = idxRoleOf(c)
    return r !== null && r.role === want && r.prefix.toLowerCase() === me.prefix.toLowerCase()
  })
  // Prefer the same compression as the given file.
  const gz = /\.gz$/i.test(fileName)
  return matches.find((m) => /\.gz$/i.test(m) === gz) ?? matches[0] ?? null
}

/**
 * Pairs the IDX files among `fileNames` (a folder's listing). With train-* and t10k-* pairs: training and
 * test. With one pair: that pair as training. Otherwise a message saying what is there and what is missing.
 */
export function findMnistFiles(fileNames: string[]): MnistFiles {
  const names = fileNames.map(baseName)
  const pairs = new Map<string, { images?: string; labels?: string }>()
  for (const n of [...names].sort((a, b) => Number(/\.gz$/i.test(a)) - Number(/\.gz$/i.test(b)))) {
    const r = idxRoleOf(n)
    if (!r) continue
    const key = r.prefix.toLowerCase()
    const p = pairs.get(key) ?? {}
    p[r.role] ??= n // the uncompressed file wins over its .gz twin
    pairs.set(key, p)
  }
  if (pairs.size === 0) {
    return { ok: false, message: 'no MNIST IDX files here (expected names like train-images-idx3-ubyte and train-labels-idx1-ubyte, optionally .gz)' }
  }
  const complete: IdxPair[] = []
  const missing: string[] = []
  for (const [prefix, p] of pairs) {
    if (p.images && p.labels) complete.push({ prefix, images: p.images, labels: p.labels })
    else if (p.images) missing.push(`${p.images} has no labels file (${prefix}-labels-idx1-ubyte[.gz])`)
    else missing.push(`${p.labels} has no images file (${prefix}-images-idx3-ubyte[.gz])`)
  }
  const train = complete.find((p) => p.prefix === 'train')
  const test = complete.find((p) => p.prefix === 't10k' || p.prefix === 'test')
  if (train) return { ok: true, train, test: test ?? null, notes: missing }
  if (complete.length === 1 && missing.length === 0) return { ok: true, train: complete[0], test: null, notes: [] }
  if (complete.length > 1) {
    return { ok: false, message: `several IDX pairs (${complete.map((p) => p.prefix).join(', ')}) and none named train-*; open one pair's file directly` }
  }
  return { ok: false, message: missing.join('; ') }
}

function baseName(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))
  return i >= 0 ? p.slice(i + 1) : p
}
