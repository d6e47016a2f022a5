import type { Api, CommandChannel, Commands, EventChannel, Events, Result } from '../../../src/shared/ipc'
import type { DatasetView } from '../../../src/shared/views'

/** A handler's answer: a plain value (wrapped as ok) or `fail(message)`. */
export class Failure {
  constructor(readonly error: string) {}
}
export const fail = (error: string): Failure => new Failure(error)

type Handler<C extends CommandChannel> = (...args: Commands[C]['args']) => Commands[C]['result'] | Failure | Promise<Commands[C]['result'] | Failure>
export type FakeHandlers = { [C in CommandChannel]?: Handler<C> }

export interface FakeApi {
  api: Api
  /** Every invoke, in order (openDroppedFile records as 'dataset:open-dropped' with the file name). */
  calls: Array<{ channel: string; args: unknown[] }>
  /** Calls of one channel (their argument tuples). */
  callsOf: <C extends CommandChannel>(channel: C) => Array<Commands[C]['args']>
  /** Pushes an event to the page's listeners, as main would. */
  emit: <E extends EventChannel>(channel: E, payload: Events[E]) => void
  /** Listeners currently subscribed per channel (to check that views clean up). */
  listenerCount: (channel: EventChannel) => number
  handlers: FakeHandlers
}

/**
 * A `window.api` for component tests: answers commands from `handlers` (an unhandled channel answers with an
 * error Result naming it, like main's dispatch), records every call, and lets the test push events.
 */
export function createFakeApi(handlers: FakeHandlers = {}, dropped?: (file: File) => DatasetView | Failure): FakeApi {
  const calls: FakeApi['calls'] = []
  // Main answers an empty list when no run folder is damaged; tests about damaged runs pass their own.
  handlers['run:damaged'] ??= () => []
  const listeners = new Map<string, Set<(payload: never) => void>>()

  async function answer(channel: string, run: () => unknown): Promise<Result<never>> {
    try {
      const value = await run()
      if (value instanceof Failure) return { ok: false, error: value.error }
      return { ok: true, value: value as never }
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) }
    }
  }

  const api: Api = {
    invoke(channel, ...args) {
      calls.push({ channel, args })
      const handler = handlers[channel] as ((...a: unknown[]) => unknown) | undefined
      if (!handler) return Promise.resolve({ ok: false, error: `Unknown command "${channel}"` })
      return answer(channel, () => handler(...args))
    },
    openDroppedFile(file, read) {
      calls.push({ channel: 'dataset:open-dropped', args: read ? [file.name, read] : [file.name] })
      if (!dropped) return Promise.resolve({ ok: false, error: 'The dropped item is not a file on this computer' })
      return answer('dataset:open-dropped', () => dropped(file))
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      listeners.set(channel, set)
      set.add(listener as (payload: never) => void)
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    },
  }

  return {
    api,
    calls,
    callsOf: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.args as never),
    emit(channel, payload) {
      for (const l of listeners.get(channel) ?? []) (l as (p: typeof payload) => void)(payload)
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
    handlers,
  }
}
