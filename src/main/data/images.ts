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
  if (labels.length !== img.count) {
    throw new DatasetError(`${img.count.toLocaleString('en-US')} images but ${labels.length.toLocaleString('en-US')} labels in ${labelFile}; the two files do not belong together`, {
      file: imageFile,
    })
  }
  return { source: imageFile, count: img.count, width: img.width, height: img.height, pixels: img.pixels, labels }
}

/** Number of classes: the largest label present + 1 (labels are class indices, so this covers every label). */
export function classCount(sets: ImageSet[]): number {
  let max = 0
  for (const s of sets) for (let i = 0; i < s.labels.length; i++) if (s.labels[i] > max) max = s.labels[i]
  return max + 1
}
