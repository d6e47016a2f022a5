import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import DigitGrid from '../../../src/renderer/src/components/DigitGrid.vue'
import WeightImages from '../../../src/renderer/src/components/WeightImages.vue'
import ConfusionMatrix from '../../../src/renderer/src/components/ConfusionMatrix.vue'
import { divergingColor, grayToRgba, weightsToRgba } from '../../../src/renderer/src/components/image-pixels'

// happy-dom has no canvas 2D context: a stub records every putImageData.
const drawn: Array<{ canvas: HTMLCanvasElement; data: Uint8ClampedArray; width: number; height: number }> = []
beforeEach(() => {
  drawn.length = 0
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const canvas = this
    return {
      createImageData: (width: number, height: number) => ({ width, height, data: new Uint8ClampedArray(width * height * 4) }),
      putImageData: (img: { data: Uint8ClampedArray; width: number; height: number }) => drawn.push({ canvas, ...img }),
    } as unknown as CanvasRenderingContext2D
  } as never)
})
afterEach(() => vi.restoreAllMocks())

const gray = (rgba: Uint8ClampedArray): number[] => Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4])

describe('pixel helpers', () => {
  it('draws ink dark on white, clamping and zeroing bad values', () => {
    expect(gray(grayToRgba([0, 255, 300, NaN]))).toEqual([255, 0, 0, 255])
    expect(gray(grayToRgba([0, 200], false))).toEqual([0, 200])
  })
  it('maps weights on a blue–white–red scale, symmetric per unit', () => {
    expect(divergingColor(0)).toEqual([255, 255, 255])
    expect(divergingColor(-1)).toEqual([0x21, 0x66, 0xac])
    expect(divergingColor(5)).toEqual([0xb2, 0x18, 0x2b])
    const rgba = weightsToRgba([-0.5, 0, 0.25])
    expect(Array.from(rgba.slice(0, 3))).toEqual([0x21, 0x66, 0xac])
    expect(Array.from(rgba.slice(4, 7))).toEqual([255, 255, 255])
    expect(Array.from(rgba.slice(8, 11))).toEqual(divergingColor(0.5))
  })
})

describe('DigitGrid', () => {
  it('puts each image into its canvas with labels and marks wrong predictions', () => {
    const a = [0, 255, 128, 0]
    const b = [255, 255, 0, 0]
    const wrapper = mount(DigitGrid, { props: { width: 2, height: 2, images: [{ pixels: a, label: '7', predicted: '7' }, { pixels: new Uint8Array(b), label: '3', predicted: '8' }] } })
    expect(drawn).toHaveLength(2)
    expect(drawn[0]).toMatchObject({ width: 2, height: 2 })
    expect(gray(drawn[0].data)).toEqual([255, 0, 127, 255])
    expect(gray(drawn[1].data)).toEqual([0, 0, 255, 255])
    const tiles = wrapper.findAll('[data-test=tile]')
    expect(tiles[1].classes()).toContain('wrong')
    expect(tiles[0].classes()).not.toContain('wrong')
    expect(tiles[1].text()).toContain('3 → 8')
  })
  it('shows a message instead of drawing an image of the wrong size', () => {
    const wrapper = mount(DigitGrid, { props: { width: 2, height: 2, images: [{ pixels: [1, 2, 3] }] } })
    expect(drawn).toHaveLength(0)
    expect(wrapper.text()).toContain('3 pixels, expected 2 × 2 = 4')
  })
})

describe('WeightImages', () => {
  it('draws one diverging image per hidden unit', () => {
    // 2 units × 4 inputs shown as 2×2 images
    const W = new Float32Array([1, -1, 0, 0.5, 0, 0, 0, -2])
    const wrapper = mount(WeightImages, { props: { weights: W, inputs: 4, width: 2, height: 2 } })
    expect(wrapper.findAll('[data-test=unit]')).toHaveLength(2)
    expect(drawn).toHaveLength(2)
    expect(Array.from(drawn[0].data)).toEqual(Array.from(weightsToRgba([1, -1, 0, 0.5])))
    expect(Array.from(drawn[1].data.slice(12, 15))).toEqual([0x21, 0x66, 0xac])
  })
  it('refuses weights that do not fit the image size', () => {
    const wrapper = mount(WeightImages, { props: { weights: [1, 2, 3], inputs: 4, width: 2, height: 2 } })
    expect(wrapper.text()).toContain('not a multiple of 4 inputs')
    expect(drawn).toHaveLength(0)
  })
})

describe('ConfusionMatrix', () => {
  const matrix = [[8, 2], [1, 9]]
  it('shows counts, then row shares, with accuracy and per-class metrics', async () => {
    const wrapper = mount(ConfusionMatrix, { props: { matrix, labels: ['cat', 'dog'] } })
    expect(wrapper.findAll('[data-test=cell]').map((c) => c.text())).toEqual(['8', '2', '1', '9'])
    expect(wrapper.get('[data-test=accuracy]').text()).toBe('Accuracy 85.0 %')
    await wrapper.get('[data-test=normalise]').setValue(true)
    expect(wrapper.findAll('[data-test=cell]').map((c) => c.text())).toEqual(['80 %', '20 %', '10 %', '90 %'])
    const metrics = wrapper.get('[data-test=metrics]').findAll('tbody tr').map((r) => r.text())
    // cat: precision 8/9, recall 0.8
    expect(metrics[0]).toContain('cat88.9 %80.0 %')
  })
  it('shades cells by heat and refuses a ragged matrix', () => {
    const wrapper = mount(ConfusionMatrix, { props: { matrix } })
    const cells = wrapper.findAll('[data-test=cell]')
    // heat = count / largest count (happy-dom drops color-mix() from style, so the heat is read from data-heat)
    expect(cells.map((c) => c.attributes('data-heat'))).toEqual(['0.89', '0.22', '0.11', '1.00'])
    expect(cells[3].attributes('style')).toContain('color: #fff')
    expect(cells[2].attributes('style')).toContain('var(--fg)')
    expect(mount(ConfusionMatrix, { props: { matrix: [[1, 2], [3]] } }).text()).toContain('Row 1 of the confusion matrix')
  })
})
