/**
 * Collects items arriving in a stream (epoch events, progress) and hands them over at most once per animation
 * frame, so a fast run costs one chart update per frame, never one per event. Without requestAnimationFrame
 * (a hidden window, tests) a 50 ms timer does the same.
 */
export interface FrameBatch<T> {
  push: (item: T) => void
  /** Hands over what is pending now (tests, and before reading state that must be complete). */
  flush: () => void
  dispose: () => void
}

export function createFrameBatch<T>(apply: (items: T[]) => void): FrameBatch<T> {
  let pending: T[] = []
  let handle: { kind: 'raf' | 'timer'; id: number } | null = null

  function flush(): void {
    cancel()
    if (pending.length === 0) return
    const items = pending
    pending = []
    apply(items)
  }
  function cancel(): void {
    if (!handle) return
    if (handle.kind === 'raf') cancelAnimationFrame(handle.id)
    else clearTimeout(handle.id)
    handle = null
  }
  function schedule(): void {
    if (handle) return
    // A hidden page gets no animation frames: the timer keeps the data flowing so it is current on return.
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
      handle = { kind: 'raf', id: requestAnimationFrame(flush) }
    } else {
      handle = { kind: 'timer', id: setTimeout(flush, 50) as unknown as number }
    }
  }
  return {
    push(item) {
      pending.push(item)
      schedule()
    },
    flush,
    dispose() {
      cancel()
      pending = []
    },
  }
}
