/**
 * Records keyed by column name. Column names come from users' files, and a file may name a column
 * "constructor", "toString" or "__proto__": on a plain object, a lookup by such a name finds an inherited
 * member and an assignment to "__proto__" changes the prototype, so the column's role or type would be
 * silently lost. These helpers read only own keys and build records without a prototype.
 */
import { z } from 'zod'

/** `record[name]` if `name` is the record's own key, else undefined (never an inherited member). */
export function ownValue<V>(record: Readonly<Record<string, V>> | undefined, name: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined
}

/** A record with no prototype holding `entries`: any column name, "__proto__" included, is an ordinary key. */
export function nameRecord<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  return out
}

/**
 * A zod schema for an object of column name → value. zod's own z.record drops a "__proto__" key; this one
 * keeps every own key and returns a prototype-free record.
 */
export function nameRecordSchema<T extends z.ZodType>(value: T, what: string) {
  return z
    .custom<Record<string, z.output<T>>>(
      (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, x]) => k !== '' && value.safeParse(x).success),
      { message: `each ${what} must be one of the listed choices, given by column name` },
    )
    .transform((v) => nameRecord(Object.entries(v).map(([k, x]) => [k, value.parse(x) as z.output<T>] as const)))
}
