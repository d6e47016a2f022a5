import { expect } from 'vitest'
import { DatasetError, type DataLocation } from '../../../src/main/data/errors'

/**
 * Runs `fn`, expects a DatasetError whose message matches `pattern` and names `where` (the line, column and
 * file both as fields and in the message text the user reads).
 */
export function expectRefusal(fn: () => unknown, pattern: RegExp, where: DataLocation = {}): DatasetError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught, 'expected a DatasetError').toBeInstanceOf(DatasetError)
  const e = caught as DatasetError
  expect(e.message).toMatch(pattern)
  if (where.line !== undefined) {
    expect(e.location.line).toBe(where.line)
    expect(e.message).toContain(`line ${where.line}`)
  }
  if (where.column !== undefined) {
    expect(e.location.column).toBe(where.column)
    expect(e.message).toContain(`column "${where.column}"`)
  }
  if (where.file !== undefined) expect(e.message.startsWith(where.file)).toBe(true)
  return e
}

export async function expectRefusalAsync(p: Promise<unknown>, pattern: RegExp, where: DataLocation = {}): Promise<DatasetError> {
  let caught: unknown
  try {
    await p
  } catch (e) {
    caught = e
  }
  return expectRefusal(() => {
    if (caught) throw caught
  }, pattern, where)
}
