/**
 * Progress display for long work on a terminal: a bar with percentage, ETA and rate, redrawn in place on a TTY
 * and printed at most every few seconds otherwise (so logs stay readable).
 */

/** Seconds as "1h02m", "3m05s" or "12.3s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--'
  if (seconds < 60) return `${seconds.toFixed(1)}s`
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(r).padStart(2, '0')}s`
}

/** 1234567 → "1.23M", 12345 → "12.3k". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '--'
  const a = Math.abs(n)
  if (a >= 1e9) return `${(n / 1e9).toPrecision(3)}G`
  if (a >= 1e6) return `${(n / 1e6).toPrecision(3)}M`
  if (a >= 1e4) return `${(n / 1e3).toPrecision(3)}k`
  return String(Math.round(n))
}

export interface ProgressState {
  label: string
  done: number
  total: number
  elapsedSeconds: number
  /** Unit for the rate, e.g. "samples" or "MB". */
  unit: string
}

/** One line: `label [#####.....]  45%  ETA 3.1s  12.3k samples/s`. */
export function formatProgress(p: ProgressState, width = 24): string {
  const frac = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0
  const filled = Math.round(frac * width)
  const rate = p.elapsedSeconds > 0 ? p.done / p.elapsedSeconds : NaN
  const eta = rate > 0 ? (p.total - p.done) / rate : NaN
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled)
  return `${p.label} [${bar}] ${String(Math.floor(frac * 100)).padStart(3)}%  ETA ${formatDuration(eta)}  ${formatCount(rate)} ${p.unit}/s`
}

/** Writes progress lines to a stream: in place on a TTY, throttled to every `everySeconds` otherwise. */
export class ProgressBar {
  // Work that finishes within the first interval shows no bar at all.
  private lastDraw = 0
  private drawn = false
  constructor(
    private readonly out: { write(s: string): unknown; isTTY?: boolean },
    private readonly everySeconds = out.isTTY ? 0.1 : 5,
  ) {}

  update(p: ProgressState, force = false): void {
    if (!force && p.elapsedSeconds - this.lastDraw < this.everySeconds) return
    this.lastDraw = p.elapsedSeconds
    const line = formatProgress(p)
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`)
      this.drawn = true
    } else {
      this.out.write(`${line}\n`)
    }
  }

  /** Ends the in-place line so the next output starts on a fresh line. */
  clear(): void {
    if (this.drawn && this.out.isTTY) this.out.write('\r\x1b[2K')
    this.drawn = false
  }
}
