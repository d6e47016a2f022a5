import { shallowRef } from 'vue'
import type { Ref } from 'vue'

/** A problem to show the user: what failed (title) and why (the main process's message, for people). */
export interface Notice {
  id: number
  title: string
  message: string
  level: 'error' | 'warning' | 'info'
}

export interface Notices {
  /** The notices not yet dismissed, newest last (at most 5 kept: older ones are stale by then; a message already shown is not repeated). */
  list: Readonly<Ref<readonly Notice[]>>
  report: (title: string, message: string, level?: Notice['level']) => void
  dismiss: (id: number) => void
  clear: () => void
}

/** The window's notices: every failed command lands here and is shown above the current view. */
export function createNotices(): Notices {
  const list = shallowRef<readonly Notice[]>([])
  let next = 1
  return {
    list,
    report(title, message, level = 'error') {
      // The same cause reported by several commands (main not answering) is said once.
      if (list.value.some((n) => n.message === message)) return
      list.value = [...list.value, { id: next++, title, message, level }].slice(-5)
    },
    dismiss(id) {
      list.value = list.value.filter((n) => n.id !== id)
    },
    clear() {
      list.value = []
    },
  }
}
