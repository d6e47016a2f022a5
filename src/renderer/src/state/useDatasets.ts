import { computed, onScopeDispose, ref, shallowRef } from 'vue'
import type { ComputedRef, Ref } from 'vue'
import type { Api, DatasetProgress, DatasetView, ExampleName, PrepareOptions } from '../../../shared/ipc'
import type { ReadOptions } from '../../../shared/read-options'
import { callApi } from './api-call'
import type { Notices } from './notices'

/** localStorage key remembering that the app has launched before (the first launch loads an example). */
export const LAUNCHED_KEY = 'backprop-studio.launched.v1'
/** The example loaded on first launch: 2-D, so the decision boundary shows what the network learns. */
export const FIRST_EXAMPLE: ExampleName = 'spirals'

export interface DatasetsState {
  /** Every dataset main holds, in load order. */
  all: Readonly<Ref<readonly DatasetView[]>>
  /** The dataset the views work on (null before any loads). */
  current: ComputedRef<DatasetView | null>
  currentId: Ref<string | null>
  /** Progress of the load under way (null when idle). */
  progress: Readonly<Ref<DatasetProgress | null>>
  /** A load or a prepare is under way. */
  busy: Readonly<Ref<boolean>>
  /** How the next file opened or dropped is read (encoding, rows to skip …); {} = all automatic. */
  reading: Ref<ReadOptions>
  openDialog: (kind: 'csv' | 'mnist' | 'folder') => Promise<DatasetView | null>
  openDropped: (file: File) => Promise<DatasetView | null>
  openExample: (name: ExampleName) => Promise<DatasetView | null>
  prepare: (options: PrepareOptions) => Promise<DatasetView | null>
  /** Reads the current file again with `read` (which also becomes the choice for the next files). */
  readAgain: (read: ReadOptions) => Promise<DatasetView | null>
  close: (id: string) => Promise<void>
  /** Reads main's list; on the very first launch with nothing loaded, opens FIRST_EXAMPLE. */
  init: (storage?: Pick<Storage, 'getItem' | 'setItem'> | null) => Promise<void>
}

/**
 * The loaded datasets. A refused file leaves `current` where it was (the previous dataset stays loaded) and puts
 * main's message in the notices; `dataset:progress` drives the load bar.
 */
export function useDatasets(api: Api, notices: Notices): DatasetsState {
  const all = shallowRef<readonly DatasetView[]>([])
  const currentId = ref<string | null>(null)
  const progress = shallowRef<DatasetProgress | null>(null)
  const busy = ref(false)
  const reading = ref<ReadOptions>({})
  const current = computed(() => all.value.find((d) => d.id === currentId.value) ?? null)

  /** The reading choices as an optional last argument: none when all are automatic. */
  const withReading = (): [ReadOptions] | [] => (Object.keys(reading.value).length ? [{ ...reading.value }] : [])

  const off = api.on('dataset:progress', (p) => {
    progress.value = p
  })
  onScopeDispose(off)

  /** Adds or replaces a dataset and makes it current. */
  function accept(view: DatasetView): DatasetView {
    const i = all.value.findIndex((d) => d.id === view.id)
    all.value = i === -1 ? [...all.value, view] : all.value.map((d) => (d.id === view.id ? view : d))
    currentId.value = view.id
    return view
  }

  async function load(title: string, work: () => Promise<DatasetView | null>): Promise<DatasetView | null> {
    busy.value = true
    try {
      const view = await work()
      return view ? accept(view) : null
    } catch (err) {
      notices.report(title, err instanceof Error ? err.message : String(err))
      return null
    } finally {
      busy.value = false
      progress.value = null
    }
  }

  return {
    all,
    current,
    currentId,
    progress,
    busy,
    reading,
    openDialog: (kind) => load('Could not open the file', () => callApi(api, notices, 'Could not open the file', 'dataset:open-dialog', kind, ...withReading())),
    openDropped: (file) =>
      load(`Could not open ${file.name}`, async () => {
        const result = await api.openDroppedFile(file, ...withReading())
        if (result.ok) return result.value
        notices.report(`Could not open ${file.name}`, result.error)
        return null
      }),
    openExample: (name) => load(`Could not load the example ${name}`, () => callApi(api, notices, `Could not load the example ${name}`, 'dataset:open-example', name)),
    prepare: (options) => {
      const id = currentId.value
      if (!id) return Promise.resolve(null)
      return load('Could not apply the data settings', () => callApi(api, notices, 'Could not apply the data settings', 'dataset:prepare', id, options))
    },
    readAgain: (read) => {
      const id = currentId.value
      if (!id) return Promise.resolve(null)
      reading.value = read
      return load('Could not read the file again', () => callApi(api, notices, 'Could not read the file again', 'dataset:reopen', id, read))
    },
    async close(id) {
      const ok = await callApi(api, notices, 'Could not close the dataset', 'dataset:close', id)
      if (!ok) return
      all.value = all.value.filter((d) => d.id !== id)
      if (currentId.value === id) currentId.value = all.value.at(-1)?.id ?? null
    },
    async init(storage = safeStorage()) {
      const list = await callApi(api, notices, 'Could not list the loaded datasets', 'dataset:list')
      // main did not answer: loading an example would only fail the same way
      if (list === null) return
      if (list.length > 0) {
        all.value = list
        currentId.value = list[list.length - 1].id
        return
      }
      let launched = false
      try {
        launched = storage?.getItem(LAUNCHED_KEY) === '1'
        storage?.setItem(LAUNCHED_KEY, '1')
      } catch {
        launched = false
      }
      if (!launched) await load(`Could not load the example ${FIRST_EXAMPLE}`, () => callApi(api, notices, `Could not load the example ${FIRST_EXAMPLE}`, 'dataset:open-example', FIRST_EXAMPLE))
    },
  }
}

function safeStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null
  } catch {
    return null
  }
}
