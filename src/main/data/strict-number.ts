/**
 * The one definition of "a number" in a data file: plain decimal notation, optionally signed, optionally with
 * an exponent — `3`, `-0.5`, `.5`, `5.`, `+1e-3`. Nothing else. `Number()` is too lenient for data: it turns
 * '' into 0, '0x1A' into 26, ' ' into 0 and 'Infinity' into Infinity, each a silently different number.
 */

const STRICT_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * The value of `trimmed` if it is a strict decimal number, else null. A number that overflows a double
 * (1e999) comes back as ±Infinity so that the caller can refuse it with its line and column.
 */
export function parseStrictNumber(trimmed: string): number | null {
  if (!STRICT_DECIMAL.test(trimmed)) return null
  return Number(trimmed)
}

const HINTS: [RegExp, string][] = [
  [/^[+-]?\d+,\d+$/, 'a decimal comma (write 5.1, not 5,1)'],
  [/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/, 'thousands separators (write 1234567, not 1,234,567)'],
  [/^[+-]?0[xX][0-9a-fA-F]+$/, 'hexadecimal notation'],
  [/^[+-]?0[bBoO][0-9a-fA-F]+$/, 'binary or octal notation'],
  [/^[+-]?\d+(?:\.\d+){2,}$/, 'more than one decimal point'],
  [/^[+-]?(?:inf|infinity)$/i, 'an infinite value'],
  [/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*[a-zA-Z%°µ$€£][a-zA-Z%°µ/²³]*$/, 'a unit or symbol after the number'],
  [/^[$€£]\s*[+-]?\d/, 'a currency symbol'],
  [/^[+-]?\d+(?:_\d+)+(?:\.\d+)?$/, 'underscores between digits'],
]

/** 1st, 2nd, 23rd, 4th: words, not numbers with a unit. */
const ORDINAL = /^\d+(?:st|nd|rd|th)$/i

/**
 * Why `trimmed`, which is not a strict number, still looks like someone meant a number ("a decimal comma",
 * "hexadecimal notation", ...), or null when it is plainly a word. Used to refuse numeric columns written in
 * a notation we will not guess at, rather than quietly reading them as categories.
 */
export function numberLookalike(trimmed: string): string | null {
  if (ORDINAL.test(trimmed)) return null
  for (const [re, hint] of HINTS) if (re.test(trimmed)) return hint
  return null
}
