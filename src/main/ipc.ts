import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { ZodType } from 'zod'
import type { CommandChannel, Commands, EventChannel, Events, Result } from '../shared/ipc'
import { runCommand, type HandlerTable } from './api/commands'

/**
 * Typed IPC helpers: the only file that imports ipcMain. Handlers receive arguments already validated by their
 * zod schema; a wrong shape, a thrown error or a message from a sender that is not the app's window becomes an
 * error Result (or is dropped), never an exception that kills main.
 */

type Handler<C extends CommandChannel> = (...args: Commands[C]['args']) => Promise<Commands[C]['result']> | Commands[C]['result']

/** Decides whether a message comes from the app's own window (set once the window exists). */
let isTrustedSender: (sender: WebContents, frameUrl: string | undefined) => boolean = () => false

export function trustSender(check: (sender: WebContents, frameUrl: string | undefined) => boolean): void {
  isTrustedSender = check
}

/**
 * Registers a command. `argsSchema` validates the argument tuple (e.g. z.tuple([...])).
 * Returns the wrapped function too, so tests can call it with a fake event.
 */
export function handle<C extends CommandChannel>(
  channel: C,
  argsSchema: ZodType<Commands[C]['args']>,
  handler: Handler<C>,
): (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, ...raw: unknown[]) => Promise<Result<Commands[C]['result']>> {
  const wrapped = async (
    event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
    ...raw: unknown[]
  ): Promise<Result<Commands[C]['result']>> => {
    if (!isTrustedSender(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: `Refused "${channel}": the message did not come from the app's window` }
    }
    return runCommand(channel, { schema: argsSchema, run: handler }, raw)
  }
  ipcMain.handle(channel, wrapped)
  return wrapped
}

/** Sends an event to a window, if it is still there. */
export function send<E extends EventChannel>(target: WebContents | null | undefined, channel: E, payload: Events[E]): void {
  if (target && !target.isDestroyed()) target.send(channel, payload)
}

/** Registers every command of a feature's handler table. */
export function handleAll(table: Partial<HandlerTable>): void {
  for (const [channel, h] of Object.entries(table)) {
    if (h) handle(channel as CommandChannel, h.schema as ZodType<never>, h.run as never)
  }
}
