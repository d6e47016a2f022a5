/**
 * Pixels for the image views, kept pure (RGBA bytes out) so they are tested without a canvas: grayscale
 * digits, a diverging colour map for weights, and the heat shade of a confusion-matrix cell.
 */

/**
 * Grayscale values (0..255, row-major width × height) → RGBA bytes. With `ink` (default) high values are drawn
 * dark on white, like pen on paper; otherwise as stored (MNIST: white digit on black). Values outside 0..255
 * are clamped; a non-finite value is drawn as 0.
 */
export function grayToRgba(pixels: ArrayLike<number>, ink = true): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(pixels.length * 4)
  for (let i = 0; i < pixels.length; i++) {
    const raw = pixels[i]
    const v = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), 255) : 0
    const g = ink ? 255 - v : v
    out[i * 4] = g
    out[i * 4 + 1] = g
    out[i * 4 + 2] = g
    out[i * 4 + 3] = 255
  }
  return out
}

/**
 * A value in [-1, 1] → RGB on a blue–white–red diverging map: -1 blue (#2166ac), 0 white, +1 red (#b2182b).
 * Out-of-range values are clamped; NaN is white.
 */
export function divergingColor(t: number): [number, number, number] {
  const v = Number.isFinite(t) ? Math.min(Math.max(t, -1), 1) : 0
  const [end, a] = v < 0 ? [[0x21, 0x66, 0xac], -v] : [[0xb2, 0x18, 0x2b], v]
  return [Math.round(255 + (end[0] - 255) * a), Math.round(255 + (end[1] - 255) * a), Math.round(255 + (end[2] - 255) * a)]
}

/**
 * Weights of one unit → RGBA bytes on the diverging map, scaled symmetrically by the largest |w| so 0 is
 * white and the sign shows as colour. All-zero weights give a white image.
 */
export function weightsToRgba(weights: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  let max = 0
  for (let i = 0; i < weights.length; i++) if (Number.isFinite(weights[i])) max = Math.max(max, Math.abs(weights[i]))
  const out = new Uint8ClampedArray(weights.length * 4)
  for (let i = 0; i < weights.length; i++) {
    const [r, g, b] = divergingColor(max > 0 ? weights[i] / max : 0)
    out.set([r, g, b, 255], i * 4)
  }
  return out
}

/** Draws RGBA bytes into a canvas of the same size (no-op when the canvas has no 2D context). */
export function paint(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): void {
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  const image = ctx.createImageData(width, height)
  image.data.set(rgba)
  ctx.putImageData(image, 0, 0)
}
