/**
 * The distinct ArrayBuffers under a message (typed arrays at any depth), for postMessage's transfer list.
 * Each buffer is listed once (listing one twice throws) and SharedArrayBuffers are left out (they are shared).
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>()
  const seen = new Set<object>()
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return
    seen.add(v)
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) found.add(v.buffer)
      return
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child)
  }
  visit(value)
  return [...found]
}
