import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FuseV1Options, FuseVersion } from '@electron/fuses'
// Not re-exported by the package; the byte string Electron's docs give ("dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX").
import { SENTINEL } from '../../../node_modules/@electron/fuses/dist/constants.js'
import { applyFuses, checkFuses, fuseConfig, readFuses, wantedFuses } from '../../../scripts/fuses'

/**
 * The Electron binary cannot be downloaded here, so the flip runs against a fake one: filler bytes around the
 * fuse wire exactly as Electron lays it out (sentinel, version byte, length byte, one ASCII '0'/'1'/'r' per
 * fuse), with Electron 41's factory defaults.
 */
const ELECTRON_41_DEFAULTS = '101100011' // RunAsNode, Cookie, NODE_OPTIONS, inspect, integrity, asar only, snapshot, file:, wasm traps

function fakeBinary(wire: string, { sentinels = 1 } = {}): Buffer {
  const filler = (n: number, seed: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251))
  const block = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire, 'latin1')])
  const parts = [filler(70_000, 1)]
  for (let i = 0; i < sentinels; i++) parts.push(block, filler(5_000, i + 2))
  return Buffer.concat(parts)
}

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fuses-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function wireOf(path: string): Promise<string> {
  const bytes = await readFile(path)
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1')
}

describe('the fuse configuration', () => {
  it('turns off running as Node, NODE_OPTIONS and the inspector; on cookie encryption and asar-only with integrity', () => {
    const config = fuseConfig()
    expect(config).toMatchObject({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
      [FuseV1Options.WasmTrapHandlers]: true,
    })
  })

  it('decides every fuse @electron/fuses knows (none left to inherit)', () => {
    expect(Object.values(wantedFuses(fuseConfig()))).not.toContain('inherit')
    expect(Object.keys(wantedFuses(fuseConfig()))).toHaveLength(9)
  })

  it('leaves the asar fuses off for a package without app.asar, and only those', () => {
    const withAsar = wantedFuses(fuseConfig({ asar: true }))
    const without = wantedFuses(fuseConfig({ asar: false }))
    expect(without).toEqual({ ...withAsar, OnlyLoadAppFromAsar: 'off', EnableEmbeddedAsarIntegrityValidation: 'off' })
  })
})

describe('flipping a binary', () => {
  it('rewrites only the fuse wire, to the configured states, and verifies them', async () => {
    const path = join(dir, 'electron')
    const before = fakeBinary(ELECTRON_41_DEFAULTS)
    await writeFile(path, before)
    const report = await applyFuses(path)
    expect(await wireOf(path)).toBe('010011011')
    expect(report).toMatchObject({ RunAsNode: 'off', EnableNodeOptionsEnvironmentVariable: 'off', EnableNodeCliInspectArguments: 'off', OnlyLoadAppFromAsar: 'on' })
    const after = await readFile(path)
    expect(after.length).toBe(before.length)
    const changed = [...after].flatMap((b, i) => (b === before[i] ? [] : [i]))
    const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2
    expect(changed.every((i) => i >= wireStart && i < wireStart + 9)).toBe(true)
    await expect(checkFuses(path)).resolves.toEqual(report)
  })

  it('flips both slices of a universal macOS binary', async () => {
    const path = join(dir, 'universal')
    await writeFile(path, fakeBinary(ELECTRON_41_DEFAULTS, { sentinels: 2 }))
    await applyFuses(path, { asar: false })
    const bytes = await readFile(path)
    const first = bytes.indexOf(SENTINEL)
    const second = bytes.indexOf(SENTINEL, first + 1)
    for (const at of [first, second]) expect(bytes.subarray(at + SENTINEL.length + 2, at + SENTINEL.length + 11).toString('latin1')).toBe('010000011')
  })

  it('refuses a binary whose fuse wire has a fuse it does not know, and leaves it untouched', async () => {
    const path = join(dir, 'future')
    const before = fakeBinary(ELECTRON_41_DEFAULTS + '1')
    await writeFile(path, before)
    await expect(applyFuses(path)).rejects.toThrow(/strictlyRequireAllFuses/)
    expect((await readFile(path)).equals(before)).toBe(true)
  })

  it('refuses a file without a fuse wire with a clear message', async () => {
    const path = join(dir, 'not-electron')
    await writeFile(path, Buffer.alloc(10_000, 7))
    await expect(applyFuses(path)).rejects.toThrow(/Could not find sentinel/)
  })

  it('check mode fails on an unflipped binary and names the fuses', async () => {
    const path = join(dir, 'unflipped')
    await writeFile(path, fakeBinary(ELECTRON_41_DEFAULTS))
    await expect(checkFuses(path)).rejects.toThrow(/RunAsNode: is on, should be off/)
    expect(await readFuses(path)).toMatchObject({ RunAsNode: 'on', WasmTrapHandlers: 'on' })
  })

  it('works from the command line (npm run fuses -- <path>)', () => {
    const path = join(dir, 'cli-electron')
    return writeFile(path, fakeBinary(ELECTRON_41_DEFAULTS)).then(async () => {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fuses.ts', ...args], { cwd: new URL('../../../', import.meta.url), encoding: 'utf8' })
      const check = run(path, '--check')
      expect(check.status).toBe(1)
      expect(check.stderr).toMatch(/RunAsNode: is on, should be off/)
      const flip = run(path)
      expect(flip.stderr).toBe('')
      expect(flip.status).toBe(0)
      expect(flip.stdout).toMatch(/RunAsNode\s+off/)
      expect(run(path, '--check').status).toBe(0)
      expect(await wireOf(path)).toBe('010011011')
      const usage = run()
      expect(usage.status).toBe(1)
      expect(usage.stderr).toMatch(/Usage: npm run fuses --/)
    })
  })
})
