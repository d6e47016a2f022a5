import type { ZodType } from 'zod'
import { formatPath, peopleErrors } from '../../shared/config-schema'
import type { CommandChannel, Commands, Result } from '../../shared/ipc'

/**
 * Commands as plain functions with their argument schema, apart from Electron: main's IPC registers them
 * (src/main/ipc.ts adds the sender check), and tests and the end-to-end bridge call `dispatch` directly.
 */

/** One command: its argument-tuple schema and the function that answers it. */
export interface CommandHandler<C extends CommandChannel> {
  schema: ZodType<Commands[C]['args']>
  run: (...args: Commands[C]['args']) => Promise<Commands[C]['result']> | Commands[C]['result']
}

/** Handlers for some channels (each feature provides the channels it owns). */
export type HandlerTable<C extends CommandChannel = CommandChannel> = { [K in C]: CommandHandler<K> }

/** Validates `raw` against the channel's schema and runs the handler; every failure becomes an error Result. */
export async function runCommand<C extends CommandChannel>(channel: C, handler: CommandHandler<C>, raw: unknown[]): Promise<Result<Commands[C]['result']>> {
  const parsed = handler.schema.safeParse(raw, { error: peopleErrors, reportInput: true })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    // Paths start with the argument's index: [0, 'config', 'model'] → "argument 1: config.model".
    const where = issue?.path.length ? ` at argument ${Number(issue.path[0]) + 1}${issue.path.length > 1 ? ` (${formatPath(issue.path.slice(1))})` : ''}` : ''
    return { ok: false, error: `Invalid request "${channel}"${where}: ${issue?.message ?? 'wrong shape'}` }
  }
  try {
    return { ok: true, value: await handler.run(...parsed.data) }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

/** Runs `channel` from a table that may not have it (unknown channels are an error Result). */
export function dispatch(table: Partial<HandlerTable>, channel: string, raw: unknown[]): Promise<Result<unknown>> {
  const handler = (table as Record<string, CommandHandler<CommandChannel> | undefined>)[channel]
  if (!handler) return Promise.resolve({ ok: false, error: `Unknown command "${channel}"` })
  return runCommand(channel as CommandChannel, handler, raw)
}
