import type { Api, CommandChannel, Commands } from '../../../shared/ipc'
import type { Notices } from './notices'

/**
 * One command through `window.api`, with its failure turned into a notice the user sees: resolves to the
 * value, or null after reporting `title` and the error message (a rejected promise too: the bridge broke).
 */
export async function callApi<C extends CommandChannel>(
  api: Api,
  notices: Notices,
  title: string,
  channel: C,
  ...args: Commands[C]['args']
): Promise<Commands[C]['result'] | null> {
  try {
    const result = await api.invoke(channel, ...args)
    if (result.ok) return result.value
    notices.report(title, result.error)
  } catch (err) {
    notices.report(title, err instanceof Error ? err.message : String(err))
  }
  return null
}
