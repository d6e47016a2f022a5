/**
 * Cell texts that mean "no value": the shared list of src/shared/preprocessing.ts (also what a model file's
 * preprocessing and docs/model-format.md use). Compared after trimming, case-insensitively.
 */
import { MISSING_VALUE_TOKENS } from '../../shared/preprocessing'

export const MISSING_TOKENS = MISSING_VALUE_TOKENS

const TOKENS = new Set<string>(MISSING_VALUE_TOKENS)

/** True when the (already trimmed) cell text means a missing value. */
export function isMissingToken(trimmed: string): boolean {
  return trimmed.length <= 4 && TOKENS.has(trimmed.toLowerCase())
}
