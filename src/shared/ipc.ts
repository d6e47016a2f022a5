/**
 * The IPC contract: every channel between the renderer and main, declared once. Main's typed handlers, the
 * preload's bridge and the type of `window.api` all derive from these declarations; nothing is typed twice.
 *
 * Commands are `invoke` (renderer asks, main answers with a Result); events stream from main to the renderer.
 * Channel names read `domain:verb`.
 */

/** What every command resolves to: a value, or an error message for people (never a thrown exception). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string }

export interface AppInfo {
  name: string
  version: string
  electron: string
  chrome: string
  node: string
  platform: string
  cores: number
}

/** Command channels: argument tuple and result value. */
export interface Commands {
  'app:info': { args: []; result: AppInfo }
}

/** Event channels: the payload main sends. */
export interface Events {
  'app:notice': { level: 'info' | 'warning' | 'error'; message: string }
}

export type CommandChannel = keyof Commands
export type EventChannel = keyof Events

/** Every command channel at run time (the preload builds one function per entry). */
export const COMMAND_CHANNELS = ['app:info'] as const satisfies readonly CommandChannel[]
/** Every event channel at run time (the preload only lets the renderer subscribe to these). */
export const EVENT_CHANNELS = ['app:notice'] as const satisfies readonly EventChannel[]

// A channel added to the interfaces but not to the arrays (or the reverse) fails to compile here.
type Missing<All, Listed> = Exclude<All, Listed>
const _commandsComplete: Missing<CommandChannel, (typeof COMMAND_CHANNELS)[number]> extends never ? true : never = true
const _eventsComplete: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : never = true
void _commandsComplete
void _eventsComplete

/** The renderer's `window.api`: `invoke(channel, ...args)` for commands, `on(event, listener)` for events. */
export interface Api {
  invoke<C extends CommandChannel>(channel: C, ...args: Commands[C]['args']): Promise<Result<Commands[C]['result']>>
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventChannel>(channel: E, listener: (payload: Events[E]) => void): () => void
}
