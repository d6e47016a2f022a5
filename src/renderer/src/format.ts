/**
 * Number formatting for people: durations ("1 h 02 min", "45 s"), counts ("12.3k", "1.2M"), percentages
 * ("42.0 %"), rates ("12.3k/s") and metric values (4 significant digits). Every function returns "—" for a
 * value that is not a finite number, so a missing or broken metric never prints "NaN" in the window.
 */

const DASH = '—'

/** Seconds → "0.4 s", "45 s", "3 min 07 s", "1 h 02 min", "2 d 03 h". Negative or non-finite → "—". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return DASH
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  const pad = (n: number): string => String(n).padStart(2, '0')
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`
  if (s < 86400) return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`
  return `${Math.floor(s / 86400)} d ${pad(Math.floor((s % 86400) / 3600))} h`
}

/** A count → "999", "1,010" (exact below 10,000), "12.3k", "1.23M", "4.5G" (three significant digits). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return DASH
  const sign = n < 0 ? '-' : ''
  const a = Math.abs(n)
  if (a < 10_000) return sign + Math.round(a).toLocaleString('en')
  const units: Array<[number, string]> = [[1e3, 'k'], [1e6, 'M'], [1e9, 'G']]
  let i = units.findLastIndex(([size]) => a >= size)
  for (; i < units.length; i++) {
    const [size, unit] = units[i]
    const v = a / size
    const text = v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)
    // 999.96k would print as "1000k": promote it to the next unit instead.
    if (Number(text) < 1000 || i === units.length - 1) return `${sign}${stripZeros(text)}${unit}`
  }
  return sign + String(Math.round(a))
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

/** A fraction (0.4213) → "42.1 %". `digits` decimals of the percentage. */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return DASH
  return `${(fraction * 100).toFixed(digits)} %`
}

/** Samples per second → "12.3k/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return DASH
  return `${formatCount(perSecond)}/s`
}

/**
 * A metric value (loss, accuracy, RMSE) → 4 significant digits, switching to exponent notation for very small
 * or very large values ("0.0421", "1.234e-5", "3.142").
 */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH
  if (value === 0) return '0'
  const a = Math.abs(value)
  if (a < 1e-3 || a >= 1e6) return value.toExponential(3).replace(/\.?0+e/, 'e')
  return stripZeros(value.toPrecision(4))
}
