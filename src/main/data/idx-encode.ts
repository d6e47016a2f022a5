/** Writing IDX bytes (unsigned-byte data): used to build the MNIST sample and test fixtures. */

/** An IDX file of unsigned bytes with dimensions `dims` (big-endian uint32s) followed by `data`. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length)
  const view = new DataView(out.buffer)
  out[2] = 0x08
  out[3] = dims.length
  dims.forEach((d, k) => view.setUint32(4 + 4 * k, d, false))
  out.set(data, 4 + 4 * dims.length)
  return out
}
