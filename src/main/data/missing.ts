/**
 * Cell texts that mean "no value". Compared after trimming, case-insensitively. Deliberately short: a word
 * such as "none" or "-" may be a real category, so it is not on the list.
 */
export const MISSING_TOKENS = ['', 'na', 'n/a', 'nan', 'null', '?'] as const

const TOKENS = new Set<string>(MISSING_TOKENS)

/** True when the (already trimmed) cell text means a missing value. */
export function isMissingToken(trimmed: string): boolean {
  return trimmed.length <= 4 && TOKENS.has(trimmed.toLowerCase())
}
