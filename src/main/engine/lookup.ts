/**
 * Looking a name up in one of the engine's registries (activations, losses, optimizers, inits).
 * Names can come from files and IPC, so the lookup must not be fooled by inherited keys such as
 * `__proto__` or `constructor`: only the table's own keys count, and an unknown name becomes an error that
 * lists the valid ones.
 */

/** Thrown when a name (from a config, a model file, IPC) is not one the engine implements. */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError'
  constructor(
    /** What kind of thing was looked up, e.g. 'activation', 'loss'. */
    readonly kind: string,
    /** The offending value, as received. */
    readonly value: unknown,
    /** The names that would have been accepted. */
    readonly valid: readonly string[],
  ) {
    super(`Unknown ${kind} ${JSON.stringify(String(value))}; valid: ${valid.join(', ')}`)
  }
}

/** table[name] if `name` is one of the table's own keys, else an UnknownNameError listing the valid names. */
export function lookup<K extends string, V>(table: Readonly<Record<K, V>>, name: unknown, kind: string): V {
  if (typeof name === 'string' && Object.hasOwn(table, name)) return table[name as K]
  throw new UnknownNameError(kind, name, Object.keys(table))
}

/** True when `name` is one of the table's own keys (never an inherited one like `__proto__`). */
export function isKnownName<K extends string>(table: Readonly<Record<K, unknown>>, name: unknown): name is K {
  return typeof name === 'string' && Object.hasOwn(table, name)
}
