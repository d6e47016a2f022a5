import { afterEach, describe, expect, it } from 'vitest'
import type { RunManager } from '../../../src/main/training/run-manager'
import { dataset, recordingManager, small } from './run-manager-fixtures'

let current: RunManager[] = []
afterEach(async () => {
  await Promise.all(current.map((m) => m.dispose()))
  current = []
})

describe('run manager: weights with epochs, ids across sessions', () => {
  it("sends every epoch's weights with 'every', only the best epochs' with 'best', none by default; never keeps them", async () => {
    const { manager, events } = recordingManager({ concurrency: 3, cores: 2 })
    current.push(manager)
    const config = { ...small, training: { ...small.training, epochs: 5 } }
    const every = manager.start({ dataset: dataset(), config, backend: 'ts', epochParams: 'every' })
    const best = manager.start({ dataset: dataset(), config, backend: 'ts', epochParams: 'best' })
    const none = manager.start({ dataset: dataset(), config, backend: 'ts' })
    await Promise.all([every, best, none].map((id) => manager.whenDone(id)))
    const epochsOf = (id: string) => events.flatMap((e) => (e.type === 'epoch' && e.runId === id ? [e.epoch] : []))

    const e = epochsOf(every)
    expect(e).toHaveLength(5)
    for (const m of e) {
      expect(m.params!.sizes).toEqual([2, 6, 2])
      expect(m.params!.W[0]).toBeInstanceOf(Float32Array)
      expect(m.params!.W[0].length).toBe(12)
    }
    // Training changes the weights between epochs.
    expect(Array.from(e[0].params!.W[0])).not.toEqual(Array.from(e[4].params!.W[0]))

    const b = epochsOf(best)
    expect(b.some((m) => m.best)).toBe(true)
    for (const m of b) expect(m.params !== undefined).toBe(m.best)

    for (const m of epochsOf(none)) expect(m.params).toBeUndefined()
    for (const id of [every, best, none]) for (const m of manager.get(id)!.epochs) expect(m).not.toHaveProperty('params')
    expect(manager.startMessage(every)!.epochParams).toBe('every')
    expect(manager.startMessage(none)!.epochParams).toBe('none')
  })

  it('gives ids that differ between two managers (sessions) and carry no path characters', () => {
    const a = recordingManager({ concurrency: 1 }).manager
    const b = recordingManager({ concurrency: 1 }).manager
    current.push(a, b)
    const idA = a.start({ dataset: dataset(), config: small, backend: 'ts' })
    const idB = b.start({ dataset: dataset(), config: small, backend: 'ts' })
    expect(idA).not.toBe(idB)
    for (const id of [idA, idB]) expect(id).toMatch(/^[a-z0-9-]+-run-1$/)
    const g = a.startGroup({ dataset: dataset(), base: small, vary: { setting: 'lambda', values: [0, 0.01] } })
    expect(g.groupId).toMatch(/^[a-z0-9-]+-group-1$/)
  })
})
