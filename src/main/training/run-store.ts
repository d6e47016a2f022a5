import { access, appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { saveTextAtomic } from '../files'
import { epochLine, parseEpochLines, RunRecordSchema, UNFINISHED, type RunRecord, type StoredEpoch } from './run-store-format'
import type { EpochMessage } from './protocol'

export type { RunRecord, StoredEpoch, StoredStatus } from './run-store-format'

/**
 * The run history on disk: one folder per run under `root` (`<userDataDir>/runs`), see run-store-format.ts for
 * the files. Whole files are written atomically (temp file + fsync + rename), metrics are appended in batches;
 * every write of one run happens in order (a per-run queue), so a later status never lands before an earlier
 * one. Nothing here throws at the caller for a single unreadable run: it is listed as damaged, with a warning.
 */

/** A past run as found on disk, with a summary of its epochs. */
export interface HistoryRun {
  record: RunRecord
  epochCount: number
  bestEpoch: number | null
  last: StoredEpoch | null
  best: StoredEpoch | null
  /** best.json exists (a run cut off before its end still has its best weights so far). */
  hasCheckpoint: boolean
}

/**
 * A run folder whose run.json is missing, truncated, not JSON, of the wrong shape or names another run: listed
 * rather than dropped, with what it still holds, so that the user can save that and delete the folder.
 */
export interface DamagedRun {
  id: string
  folder: string
  /** What is wrong with run.json, for people. */
  problem: string
  /** Its epochs as far as metrics.jsonl can be read (a damaged metrics.jsonl reads as what parses). */
  epochCount: number
  last: StoredEpoch | null
  best: StoredEpoch | null
  /** model.json / best.json are there (whether they are whole is for a model-file reader to say). */
  hasModel: boolean
  hasCheckpoint: boolean
}

export interface HistoryScan {
  /** Runs with a readable run.json, oldest first. */
  runs: HistoryRun[]
  /** Folders whose run.json cannot be read, by id. */
  damaged: DamagedRun[]
}

export interface RunStore {
  readonly root: string
  /**
   * Every run folder under root: readable runs oldest first (runs whose run.json says queued/running/paused
   * become 'interrupted' and are rewritten so) and damaged ones (run.json unreadable: warned and listed).
   */
  scan(): Promise<HistoryScan>
  /** scan()'s readable runs. */
  loadHistory(): Promise<HistoryRun[]>
  /** Writes run.json (atomic), creating the run's folder; resolves to whether it reached the disk (never rejects). */
  saveRecord(record: RunRecord): Promise<boolean>
  /** Queues an epoch for metrics.jsonl; queued lines are appended together within `appendDelayMs`. */
  appendEpoch(runId: string, epoch: EpochMessage | StoredEpoch): void
  /** The run's epochs from metrics.jsonl (a torn last line skipped); [] when there is none. */
  readEpochs(runId: string): Promise<StoredEpoch[]>
  /** Writes model.json (atomic); resolves to whether it reached the disk (never rejects). */
  saveModel(runId: string, text: string): Promise<boolean>
  /** Writes best.json (atomic); resolves to whether it reached the disk (never rejects). */
  saveCheckpoint(runId: string, text: string): Promise<boolean>
  /** model.json's / best.json's text, or null when absent. */
  readModel(runId: string): Promise<string | null>
  readCheckpoint(runId: string): Promise<string | null>
  /** Waits for the run's pending writes, then deletes its folder; later writes for it are dropped. */
  remove(runId: string): Promise<void>
  /** Appends every queued epoch and waits for all pending writes (of one run, or of all). */
  flush(runId?: string): Promise<void>
}

export interface RunStoreOptions {
  /** How long queued epochs wait to be appended together (default 200 ms). */
  appendDelayMs?: number
  /** Where problems with single runs go (default console.warn). */
  warn?: (message: string) => void
  /**
   * Called when a write of a run fails (disk full, folder not writable, root under a file): the file's name
   * (run.json, metrics.jsonl, model.json, best.json), the folder and the reason. The caller tells the user; the
   * store only reports (a failed write is never thrown at the next write of the run).
   */
  onWriteError?: (failure: WriteFailure) => void
}

/** A write of a run that did not reach the disk. */
export interface WriteFailure {
  runId: string
  file: string
  folder: string
  /** The system's reason, e.g. "ENOSPC: no space left on device, write". */
  reason: string
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/
/** write-file-atomic's temporary names for the files of a run folder: `<file>.<decimal uint32>`. */
const TEMP_FILE = /^(run\.json|model\.json|best\.json|metrics\.jsonl)\.\d{1,10}$/

/** A store under `root` (created on first write). */
export function createRunStore(root: string, options: RunStoreOptions = {}): RunStore {
  const appendDelayMs = options.appendDelayMs ?? 200
  const warn = options.warn ?? ((m: string) => console.warn(`run history: ${m}`))
  /** The tail of each run's write queue. */
  const tails = new Map<string, Promise<void>>()
  const pendingLines = new Map<string, string[]>()
  const timers = new Map<string, NodeJS.Timeout>()
  const removed = new Set<string>()

  const dir = (runId: string): string => {
    // Ids become folder names: refuse anything that could leave root.
    if (!SAFE_ID.test(runId)) throw new Error(`Invalid run id ${JSON.stringify(runId)}: letters, digits, - and _ only`)
    return join(root, runId)
  }

  /** Runs `op` after the run's earlier writes; a failed write is reported, not thrown at the next one. */
  const enqueue = (runId: string, what: string, op: () => Promise<void>): Promise<boolean> => {
    const folder = dir(runId)
    const written = (tails.get(runId) ?? Promise.resolve()).then(async (): Promise<boolean> => {
      if (removed.has(runId)) return false
      try {
        await mkdir(folder, { recursive: true })
        await op()
        return true
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err)
        warn(`could not write ${what} of run ${runId}: ${reason}`)
        try {
          options.onWriteError?.({ runId, file: what, folder, reason })
        } catch (listenerErr) {
          console.error('run history: onWriteError threw', listenerErr)
        }
        return false
      }
    })
    const next = written.then(() => {})
    tails.set(runId, next)
    void next.then(() => {
      if (tails.get(runId) === next) tails.delete(runId)
    })
    return written
  }

  const flushLines = (runId: string): Promise<void> => {
    const timer = timers.get(runId)
    if (timer) clearTimeout(timer)
    timers.delete(runId)
    const lines = pendingLines.get(runId)
    pendingLines.delete(runId)
    if (!lines?.length) return tails.get(runId) ?? Promise.resolve()
    return enqueue(runId, 'metrics.jsonl', () => appendFile(join(dir(runId), 'metrics.jsonl'), lines.join(''), 'utf8')).then(() => {})
  }

  const readText = async (runId: string, file: string): Promise<string | null> => {
    try {
      return await readFile(join(dir(runId), file), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  const readEpochs = async (runId: string): Promise<StoredEpoch[]> => {
    const text = await readText(runId, 'metrics.jsonl')
    return text === null ? [] : parseEpochLines(text, (m) => warn(`run ${runId}, metrics.jsonl ${m}`))
  }

  const exists = (runId: string, file: string): Promise<boolean> => access(join(dir(runId), file)).then(() => true, () => false)

  /** What a folder with an unreadable run.json still holds; `problem` says what is wrong with run.json. */
  const damagedOne = async (runId: string, problem: string): Promise<DamagedRun> => {
    warn(`run ${runId} is damaged: ${problem}`)
    let epochs: StoredEpoch[] = []
    try {
      epochs = await readEpochs(runId)
    } catch (err) {
      warn(`run ${runId}: cannot read metrics.jsonl (${err instanceof Error ? err.message : String(err)})`)
    }
    let best: StoredEpoch | null = null
    for (const e of epochs) if (e.best) best = e
    return {
      id: runId,
      folder: dir(runId),
      problem,
      epochCount: epochs.length,
      last: epochs.at(-1) ?? null,
      best,
      hasModel: await exists(runId, 'model.json'),
      hasCheckpoint: await exists(runId, 'best.json'),
    }
  }

  const loadOne = async (runId: string): Promise<HistoryRun | DamagedRun> => {
    let text: string | null
    try {
      text = await readText(runId, 'run.json')
    } catch (err) {
      return damagedOne(runId, `run.json cannot be read (${err instanceof Error ? err.message : String(err)})`)
    }
    if (text === null) return damagedOne(runId, 'run.json is missing')
    if (text.trim() === '') return damagedOne(runId, 'run.json is empty')
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return damagedOne(runId, `run.json is not valid JSON (${text.length} characters; it may be cut short)`)
    }
    const parsed = RunRecordSchema.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      return damagedOne(runId, `run.json ${issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'has the wrong shape'}`)
    }
    const record = parsed.data
    if (record.id !== runId) return damagedOne(runId, `run.json names run ${record.id}`)
    const epochs = await readEpochs(runId)
    if (UNFINISHED.includes(record.status)) {
      record.status = 'interrupted'
      record.message = record.message ?? 'The app was closed or stopped while this run was in progress.'
      await enqueue(runId, 'run.json', () => saveTextAtomic(join(dir(runId), 'run.json'), `${JSON.stringify(record, null, 2)}\n`))
    }
    let best: StoredEpoch | null = null
    for (const e of epochs) if (e.best) best = e
    const hasCheckpoint = await exists(runId, 'best.json')
    return { record, epochCount: epochs.length, bestEpoch: best?.epoch ?? null, last: epochs.at(-1) ?? null, best, hasCheckpoint }
  }

  /**
   * Leftovers of writes cut off by a kill. saveTextAtomic (src/main/files.ts) is write-file-atomic: it writes
   * `<target>.<n>` beside the target (n: a uint32 from a hash of pid, thread and call count), fsyncs, then
   * renames it over the target; a kill before the rename leaves the temp file (as large as the file being
   * written: a big network's model.json is tens of MB) and its exit handler never runs. Removed when the store
   * is scanned at start, before this session writes anything.
   */
  const removeTempFiles = async (runId: string): Promise<void> => {
    let names: string[]
    try {
      names = await readdir(dir(runId))
    } catch {
      return // loadOne says what is wrong with the folder
    }
    const temps = names.filter((n) => TEMP_FILE.test(n))
    for (const name of temps) {
      try {
        await rm(join(dir(runId), name), { force: true })
      } catch (err) {
        warn(`run ${runId}: could not remove the leftover temporary file ${name} (${err instanceof Error ? err.message : String(err)})`)
      }
    }
    if (temps.length) warn(`run ${runId}: removed ${temps.length} temporary file${temps.length === 1 ? '' : 's'} left by an interrupted write (${temps.join(', ')})`)
  }

  const scan = async (): Promise<HistoryScan> => {
    let names: string[]
    try {
      names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory() && SAFE_ID.test(d.name)).map((d) => d.name)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], damaged: [] }
      throw err
    }
    const runs: HistoryRun[] = []
    const damaged: DamagedRun[] = []
    for (const name of names) {
      await removeTempFiles(name)
      const run = await loadOne(name)
      if ('record' in run) runs.push(run)
      else damaged.push(run)
    }
    return { runs: runs.sort((a, b) => a.record.queuedAt - b.record.queuedAt), damaged: damaged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }
  }

  return {
    root,

    scan,

    async loadHistory() {
      return (await scan()).runs
    },

    saveRecord(record) {
      const text = `${JSON.stringify(record, null, 2)}\n`
      return enqueue(record.id, 'run.json', () => saveTextAtomic(join(dir(record.id), 'run.json'), text))
    },

    appendEpoch(runId, epoch) {
      dir(runId)
      if (removed.has(runId)) return
      const lines = pendingLines.get(runId) ?? []
      lines.push(epochLine(epoch))
      pendingLines.set(runId, lines)
      if (!timers.has(runId)) timers.set(runId, setTimeout(() => void flushLines(runId), appendDelayMs))
    },

    async readEpochs(runId) {
      await flushLines(runId)
      return readEpochs(runId)
    },

    saveModel: (runId, text) => enqueue(runId, 'model.json', () => saveTextAtomic(join(dir(runId), 'model.json'), text)),
    saveCheckpoint: (runId, text) => enqueue(runId, 'best.json', () => saveTextAtomic(join(dir(runId), 'best.json'), text)),
    readModel: (runId) => readText(runId, 'model.json'),
    readCheckpoint: (runId) => readText(runId, 'best.json'),

    async remove(runId) {
      const folder = dir(runId)
      const timer = timers.get(runId)
      if (timer) clearTimeout(timer)
      timers.delete(runId)
      pendingLines.delete(runId)
      removed.add(runId)
      await tails.get(runId)
      await rm(folder, { recursive: true, force: true })
    },

    async flush(runId) {
      const ids = runId === undefined ? [...new Set([...pendingLines.keys(), ...tails.keys()])] : [runId]
      await Promise.all(ids.map((id) => flushLines(id)))
      await Promise.all(ids.map((id) => tails.get(id)))
    },
  }
}
