/** Image datasets (MNIST-like): pixels and labels as bytes, straight from IDX files. */
import { DatasetError } from './errors'
import { parseIdxImages, parseIdxLabels } from './idx'

export interface ImageSet {
  /** Name for messages and the summary, e.g. "train-images-idx3-ubyte.gz". */
  source: string
  count: number
  width: number
  height: number
  /** count x height x width, row-major bytes, 0 .. 255. */
  pixels: Uint8Array
  /** Class of each image, 0 .. 255. */
  labels: Uint8Array
}

/** Pairs decoded (decompressed) image and label files, checking that they belong together. */
export function imageSetFromIdx(imageBytes: Uint8Array, imageFile: string, labelBytes: Uint8Array, labelFile: string): ImageSet {
  const img = parseIdxImages(imageBytes, imageFile)
  const labels = parseIdxLabels(labelBytes, labelFile)
  checkLabelRange(labels, labelFile)
  if (labels.length !== img.count) {
    throw new DatasetError(`${img.count.toLocaleString('en-US')} images but ${labels.length.toLocaleString('en-US')} labels in ${labelFile}; the two files do not belong together`, {
      file: imageFile,
    })
  }
  return { source: imageFile, count: img.count, width: img.width, height: img.height, pixels: img.pixels, labels }
}

/**
 * Number of classes: the largest label present + 1 (labels are class indices, so this covers every label).
 * Refuses labels far beyond the others (see checkLabelRange) rather than make many empty output units.
 */
export function classCount(sets: ImageSet[]): number {
  let max = 0
  for (const s of sets) {
    checkLabelRange(s.labels, s.source)
    for (let i = 0; i < s.labels.length; i++) if (s.labels[i] > max) max = s.labels[i]
  }
  return max + 1
}

/**
 * IDX labels are class numbers 0..K-1, and the network gets one output unit per number up to the largest.
 * A few missing classes are fine (they are reported as a warning), but a label far past the others — the
 * largest label is at least twice the number of distinct labels, and above 9 — is almost surely an error in
 * the file (label 200 among 0–9 would make 201 outputs, 190 of them for classes without a single image).
 * Refuses such labels, naming the first image that has one (1-based) and its label.
 */
export function checkLabelRange(labels: Uint8Array, file: string): void {
  const seen = new Uint8Array(256)
  let max = 0
  for (let i = 0; i < labels.length; i++) {
    seen[labels[i]] = 1
    if (labels[i] > max) max = labels[i]
  }
  let distinct = 0
  for (let v = 0; v < 256; v++) distinct += seen[v]
  const limit = Math.max(2 * distinct, 10) // labels from `limit` up are far out of range
  if (max < limit) return
  const first = labels.findIndex((l) => l >= limit)
  let far = 0
  let lo = 256
  let hi = -1
  let smallest = 256
  for (let v = 0; v < 256; v++) {
    if (!seen[v]) continue
    smallest = Math.min(smallest, v)
    if (v >= limit) far++
    else (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  }
  let images = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] >= limit) images++
  const label = labels[first]
  const others =
    hi < 0
      ? `every label is ${smallest} or more (${distinct} distinct value${distinct === 1 ? '' : 's'})`
      : `the other labels are ${lo === hi ? lo : `${lo}–${hi}`} (${distinct - far} distinct value${distinct - far === 1 ? '' : 's'})`
  const more = images > 1 ? `; ${images.toLocaleString('en-US')} images have labels of ${limit} or more` : ''
  throw new DatasetError(
    `label ${label} at image ${(first + 1).toLocaleString('en-US')}: ${others}${more}. An IDX labels file holds class numbers 0..K-1, ` +
      `so this would make ${max + 1} output units, ${max + 1 - distinct} of them for classes without a single image — ` +
      `fix or remove the stray labels, or renumber the classes 0..K-1`,
    { file },
  )
}
