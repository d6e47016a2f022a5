/**
 * Run colours: a fixed palette (Tableau 10, readable on light and dark backgrounds) indexed by run index, so a
 * run keeps its colour in every chart and table however the list is sorted or filtered.
 */
export const RUN_PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const

/** The colour of the run with this index (wraps around after 10 runs; negative or fractional → 0). */
export function runColor(index: number): string {
  const i = Number.isInteger(index) && index >= 0 ? index % RUN_PALETTE.length : 0
  return RUN_PALETTE[i]
}

/** `#rrggbb` with an alpha in [0, 1] → `rgba(r, g, b, a)` (for the seed band fill). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`
}
