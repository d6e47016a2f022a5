import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunView } from '../../../../src/shared/views'
import { loadModelFile } from '../../../../src/main/engine/model-file-io'
import { example, harness, small, waitFor, type Harness } from './fixtures'

let h: Harness | null = null
let dir: string | null = null
afterEach(async () => {
  await h?.dispose()
  h = null
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = null
  vi.restoreAllMocks()
})

describe('a run whose files cannot be written', () => {
  // Tests run as root, where chmod does not stop a write: the runs folder is a regular file instead (ENOTDIR).
  it('says so in its message, sends a notice, claims no file on disk, and keeps its model exportable from memory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'runs-unwritable-'))
    await writeFile(join(dir, 'runs'), 'a file where the runs folder should be')
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    h = await harness({ dir })
    const d = h.datasets.add('blobs', example('blobs'))
    const view = await h.ok<RunView>('run:start', { datasetId: d.view.id, config: small, label: 'doomed' })
    const failedView = (): RunView | undefined =>
      h!.eventsOf('run:status').filter((v) => v.id === view.id).findLast((v) => v.status === 'completed' && /Not saved to disk/.test(v.message ?? ''))
    await waitFor(() => failedView()?.message?.includes('model.json') === true)
    const last = failedView()!
    expect(last.message).toMatch(/could not write .*run\.json/)
    expect(last.message).toMatch(/ENOTDIR/)
    expect(last.message).toMatch(/Export the model now/)

    const notices = h.eventsOf('app:notice')
    expect(notices).toHaveLength(1) // once per run, however many writes fail
    expect(notices[0].level).toBe('error')
    expect(notices[0].message).toMatch(/Run "doomed" could not be saved: writing \S+ in .*runs-unwritable-.*ENOTDIR/)

    // Nothing on disk, and the listing does not pretend otherwise; the model is still there to export.
    const listed = (await h.ok<RunView[]>('run:list')).find((r) => r.id === view.id)!
    expect(listed.message).toMatch(/Not saved to disk/)
    const out = join(dir, 'exported.model.json')
    h.saveAnswers.push(out)
    expect(await h.ok('export:model', view.id)).toBe(out)
    const model = loadModelFile(await readFile(out, 'utf8'), 'exported.model.json')
    expect(model.params.sizes).toEqual([2, 6, model.params.sizes.at(-1)])

    // A new session finds no run: the notice said it would be missing.
    await h.restart()
    expect(await h.ok('run:list')).toEqual([])
  })
})
