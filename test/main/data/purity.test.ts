import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { prepareOptionsSchema } from '../../../src/main/data/prepare-options'

const dataDir = fileURLToPath(new URL('../../../src/main/data/', import.meta.url))

describe('the data layer stays pure', () => {
  it('imports no node API, electron or DOM module outside node-io.ts', () => {
    const offenders: string[] = []
    for (const f of readdirSync(dataDir)) {
      if (!f.endsWith('.ts') || f === 'node-io.ts') continue
      const src = readFileSync(dataDir + f, 'utf8')
      for (const m of src.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        if (/^(node:|electron|fs$|zlib$|path$)/.test(m[1])) offenders.push(`${f}: ${m[1]}`)
      }
      if (/\b(document|window)\./.test(src)) offenders.push(`${f}: DOM`)
    }
    expect(offenders).toEqual([])
  })
})

describe('prepareOptionsSchema (options arriving over IPC or the command line)', () => {
  it('accepts good options and refuses bad ones with the field named', () => {
    expect(prepareOptionsSchema.parse({ target: 'y', task: 'auto', roles: { id: 'ignored' }, missing: 'drop', scaling: 'min-max', split: { train: 0.8, validation: 0.1, test: 0.1 }, seed: 3 })).toBeTruthy()
    const bad = prepareOptionsSchema.safeParse({ scaling: 'log', split: { train: 0, validation: 1, test: 0 }, extra: 1 })
    expect(bad.success).toBe(false)
    const paths = bad.error!.issues.map((i) => i.path.join('.') || i.message)
    expect(paths.join(' ')).toMatch(/scaling/)
    expect(paths.join(' ')).toMatch(/split/)
    expect(JSON.stringify(bad.error!.issues)).toMatch(/extra/)
  })
})
