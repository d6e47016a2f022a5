import { readonly, ref, shallowRef, watch } from 'vue'
import type { Ref } from 'vue'
import { DEFAULT_EXPERIMENT } from '../../../shared/config'
import type { ExperimentConfig } from '../../../shared/config'
import { checkExperimentConfig } from '../../../shared/config-schema'

/** The localStorage key; bump the version when ExperimentConfig changes shape so an old value is not read. */
export const SETTINGS_KEY = 'backprop-studio.settings.v1'

export interface SettingsPersistenceOptions {
  /** Defaults to SETTINGS_KEY. */
  key?: string
  /** Defaults to window.localStorage (absent or throwing storage is tolerated: nothing persists). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  /** What to use when nothing valid is stored. Defaults to DEFAULT_EXPERIMENT. */
  fallback?: ExperimentConfig
}

export interface SettingsPersistence {
  /** The current config; assign it (or bind it with v-model) and every valid value is saved. */
  config: Ref<ExperimentConfig>
  /** Where the initial config came from. */
  source: Readonly<Ref<'saved' | 'default'>>
  /** Why a stored value was ignored (corrupt JSON, old shape, invalid field), or why saving failed; else null. */
  problem: Readonly<Ref<string | null>>
  /** Forget the stored value and go back to the fallback. */
  reset: () => void
}

function defaultStorage(): SettingsPersistenceOptions['storage'] {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null
  } catch {
    return null // some sandboxes throw on merely touching localStorage
  }
}

/**
 * Keeps an ExperimentConfig in localStorage under a versioned key. On start the stored value is parsed and
 * validated by checkExperimentConfig; corrupt JSON, an old or foreign shape, or an invalid field falls back to
 * the default (with the reason in `problem`), never crashes. Only valid configs are written, so a half-typed
 * invalid form never replaces the last good settings.
 */
export function useSettingsPersistence(options: SettingsPersistenceOptions = {}): SettingsPersistence {
  const key = options.key ?? SETTINGS_KEY
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const fallback = options.fallback ?? DEFAULT_EXPERIMENT
  const problem = ref<string | null>(null)
  const source = ref<'saved' | 'default'>('default')

  function load(): ExperimentConfig {
    let text: string | null = null
    try {
      text = storage?.getItem(key) ?? null
    } catch (e) {
      problem.value = `Could not read saved settings: ${String(e)}`
      return structuredClone(fallback)
    }
    if (text === null) return structuredClone(fallback)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      problem.value = 'Saved settings were not valid JSON; using the defaults.'
      return structuredClone(fallback)
    }
    const checked = checkExperimentConfig(parsed)
    if (!checked.ok) {
      problem.value = `Saved settings were ignored (${checked.error.replace(/\n/g, '; ')}); using the defaults.`
      return structuredClone(fallback)
    }
    source.value = 'saved'
    return checked.value
  }

  // shallowRef: the form replaces the whole config on every edit, so deep reactivity would only cost.
  const config = shallowRef<ExperimentConfig>(load())

  function save(value: ExperimentConfig): void {
    if (!checkExperimentConfig(value).ok) return
    try {
      storage?.setItem(key, JSON.stringify(value))
    } catch (e) {
      problem.value = `Could not save settings: ${String(e)}`
    }
  }

  watch(config, (value) => save(value))

  function reset(): void {
    try {
      storage?.removeItem(key)
    } catch {
      // nothing stored is the goal; a failing storage already had its say in `problem`
    }
    problem.value = null
    source.value = 'default'
    config.value = structuredClone(fallback)
  }

  return { config, source: readonly(source), problem: readonly(problem), reset }
}
