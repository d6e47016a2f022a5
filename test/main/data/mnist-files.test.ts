import { describe, expect, it } from 'vitest'
import { findMnistFiles, findPartner, idxRoleOf } from '../../../src/main/data/mnist-files'

const STANDARD = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']

describe('MNIST file names', () => {
  it('knows the role of each standard name and the dotted variant', () => {
    expect(idxRoleOf('train-images-idx3-ubyte')).toEqual({ role: 'images', prefix: 'train' })
    expect(idxRoleOf('/data/t10k-labels-idx1-ubyte.gz')).toEqual({ role: 'labels', prefix: 't10k' })
    expect(idxRoleOf('emnist-letters-train-images.idx3-ubyte')).toEqual({ role: 'images', prefix: 'emnist-letters-train' })
    expect(idxRoleOf('data.csv')).toBeNull()
  })

  it('pairs an images file with its labels file (and back), preferring the same compression', () => {
    const names = ['x-images-idx3-ubyte.gz', 'x-labels-idx1-ubyte', 'x-labels-idx1-ubyte.gz', 'y-labels-idx1-ubyte']
    expect(findPartner('x-images-idx3-ubyte.gz', names)).toBe('x-labels-idx1-ubyte.gz')
    expect(findPartner('x-labels-idx1-ubyte', names)).toBe('x-images-idx3-ubyte.gz')
    expect(findPartner('y-labels-idx1-ubyte', names)).toBeNull()
    expect(findPartner('fashion-images.idx3-ubyte', ['fashion-labels.idx1-ubyte'])).toBe('fashion-labels.idx1-ubyte')
  })

  it('finds the training and test pairs in a folder of the four standard files, raw or gzipped', () => {
    expect(findMnistFiles([...STANDARD, 'README.md'])).toEqual({
      ok: true,
      train: { prefix: 'train', images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
      test: { prefix: 't10k', images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
      notes: [],
    })
    const gz = findMnistFiles(STANDARD.map((n) => `${n}.gz`))
    expect(gz.ok && gz.test?.labels).toBe('t10k-labels-idx1-ubyte.gz')
  })

  it('takes a lone pair as training data', () => {
    const r = findMnistFiles(['digits-images-idx3-ubyte', 'digits-labels-idx1-ubyte'])
    expect(r.ok && r.train.prefix).toBe('digits')
    expect(r.ok && r.test).toBeNull()
  })

  it('says what is missing', () => {
    expect(findMnistFiles(['notes.txt'])).toMatchObject({ ok: false, message: expect.stringMatching(/no MNIST IDX files/) })
    expect(findMnistFiles(['train-images-idx3-ubyte'])).toEqual({
      ok: false,
      message: 'train-images-idx3-ubyte has no labels file (train-labels-idx1-ubyte[.gz])',
    })
    const partial = findMnistFiles([...STANDARD.slice(0, 3)])
    expect(partial).toMatchObject({ ok: true, test: null, notes: ['t10k-images-idx3-ubyte has no labels file (t10k-labels-idx1-ubyte[.gz])'] })
    expect(findMnistFiles(['a-images-idx3-ubyte', 'a-labels-idx1-ubyte', 'b-images-idx3-ubyte', 'b-labels-idx1-ubyte'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/several IDX pairs \(a, b\)/),
    })
  })
})
