/**
 * From image sets to training-ready arrays: pixels / 255 as inputs, one-hot labels as targets. With a
 * separate test set (MNIST's t10k files) the test split is that set and validation is drawn, stratified, from
 * the training set; with a single set all three splits are drawn from it.
 */
import type { ImagePreprocessing } from '../../shared/preprocessing'
import { DatasetError } from './errors'
import { classCount, type ImageSet } from './images'
import { DEFAULT_SPLIT, type PrepareOptions } from './prepare-options'
import { oneHot, type PreparedDataset, type PreparedSplit } from './prepared'
import { splitRows } from './split'

export function prepareImages(train: ImageSet, test: ImageSet | null, options: PrepareOptions = {}): PreparedDataset {
  if (test && (test.width !== train.width || test.height !== train.height)) {
    throw new DatasetError(`test images are ${test.width}x${test.height} but training images are ${train.width}x${train.height}`, { file: test.source })
  }
  const warnings: string[] = []
  const classes = classCount(test ? [train, test] : [train])
  const present = new Set<number>([...train.labels, ...(test?.labels ?? [])])
  if (present.size < classes) {
    warnings.push(`Labels run from 0 to ${classes - 1}, but only ${present.size} of these classes occur; the others get output units with no examples.`)
  }
  if (present.size === 1) warnings.push(`Every image has the label ${[...present][0]}: there is nothing to learn.`)

  const ratios = options.split ?? DEFAULT_SPLIT
  const seed = options.seed ?? 1
  const all = Uint32Array.from({ length: train.count }, (_, i) => i)
  const labels = Uint32Array.from(train.labels)
  let trainIdx: Uint32Array
  let valIdx: Uint32Array
  let testIdx: Uint32Array
  if (test) {
    const s = splitRows(all, labels, { train: ratios.train, validation: ratios.validation, test: 0 }, seed, 'training images')
    trainIdx = s.train
    valIdx = s.validation
    testIdx = Uint32Array.from({ length: test.count }, (_, i) => i)
  } else {
    const s = splitRows(all, labels, ratios, seed, 'images')
    trainIdx = s.train
    valIdx = s.validation
    testIdx = s.test
  }

  const { width, height } = train
  const preprocessing: ImagePreprocessing = {
    kind: 'image',
    width,
    height,
    target: { task: 'classification', name: 'label', classes: Array.from({ length: classes }, (_, i) => String(i)) },
  }
  return {
    task: 'classification',
    inputs: width * height,
    outputs: classes,
    featureNames: Array.from({ length: width * height }, (_, i) => `pixel ${Math.floor(i / width)},${i % width}`),
    classLabels: preprocessing.target.task === 'classification' ? preprocessing.target.classes : undefined,
    train: imageSplit(train, trainIdx, classes),
    validation: imageSplit(train, valIdx, classes),
    test: imageSplit(test ?? train, testIdx, classes),
    preprocessing,
    warnings,
  }
}

/** Pixels of images `idx` as floats in [0, 1] (x / 255) with one-hot labels. */
export function imageSplit(set: ImageSet, idx: Uint32Array, classes: number): PreparedSplit {
  const size = set.width * set.height
  const X = new Float32Array(idx.length * size)
  const labels = new Uint32Array(idx.length)
  for (let k = 0; k < idx.length; k++) {
    const from = idx[k] * size
    const o = k * size
    for (let p = 0; p < size; p++) X[o + p] = set.pixels[from + p] / 255
    labels[k] = set.labels[idx[k]]
  }
  return { X, T: oneHot(labels, classes), labels, rows: idx.length, sourceIndex: idx }
}

/** Encodes raw images (count x height x width bytes) for a model trained on images of that size. */
export function encodeImages(p: ImagePreprocessing, set: ImageSet): Float32Array {
  if (set.width !== p.width || set.height !== p.height) {
    throw new DatasetError(`the model reads ${p.width}x${p.height} images; these are ${set.width}x${set.height}`, { file: set.source })
  }
  const X = new Float32Array(set.count * p.width * p.height)
  for (let i = 0; i < X.length; i++) X[i] = set.pixels[i] / 255
  return X
}
