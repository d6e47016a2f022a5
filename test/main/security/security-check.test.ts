import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script without type declarations
import * as check from '../../../scripts/security-check.mjs'

type Finding = { id: string; severity: string; file: string }
type Allowance = { check: string; file: string; why: string }
const { evaluate, readAllowList, pinnedElectronVersion } = check as {
  evaluate: (f: Finding[], a: Allowance[], docs: string) => { failures: Finding[]; allowed: Finding[]; notes: Finding[]; stale: Allowance[]; undocumented: Allowance[]; ok: boolean }
  readAllowList: (path: string) => Allowance[]
  pinnedElectronVersion: () => string
}

const ROOT = new URL('../../../', import.meta.url)
const tmp = mkdtempSync(join(tmpdir(), 'security-check-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const WHY = 'Explained at length: the handler denies it and a test pins that decision.'
const finding = (id: string, severity: string, file = 'main/index.js'): Finding => ({ id, severity, file })

describe('judging findings', () => {
  it('fails on HIGH and MEDIUM findings nobody allowed, reports LOW ones', () => {
    const r = evaluate([finding('A_CHECK', 'HIGH'), finding('B_CHECK', 'MEDIUM'), finding('C_CHECK', 'LOW')], [], '')
    expect(r.failures.map((f) => f.id)).toEqual(['A_CHECK', 'B_CHECK'])
    expect(r.notes.map((f) => f.id)).toEqual(['C_CHECK'])
    expect(r.ok).toBe(false)
  })

  it('lets an allowed, documented finding pass, but only in the file the allowance names', () => {
    const allow = [{ check: 'B_CHECK', file: 'main/index.js', why: WHY }]
    expect(evaluate([finding('B_CHECK', 'MEDIUM')], allow, 'B_CHECK is fine because...').ok).toBe(true)
    const elsewhere = evaluate([finding('B_CHECK', 'MEDIUM', 'preload/index.cjs')], allow, 'B_CHECK')
    expect(elsewhere.failures).toHaveLength(1)
    expect(elsewhere.stale).toEqual(allow)
  })

  it('fails on an allowance docs/security.md does not explain', () => {
    const r = evaluate([finding('B_CHECK', 'MEDIUM')], [{ check: 'B_CHECK', file: 'main/index.js', why: WHY }], 'nothing here')
    expect(r.undocumented).toHaveLength(1)
    expect(r.ok).toBe(false)
  })

  it('fails on an allowance that no longer matches anything (it must be removed)', () => {
    const r = evaluate([], [{ check: 'GONE_CHECK', file: 'main/index.js', why: WHY }], 'GONE_CHECK')
    expect(r.stale).toHaveLength(1)
    expect(r.ok).toBe(false)
  })
})

describe('the allow-list file', () => {
  function allowFile(content: string): string {
    const path = join(tmp, `allow-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(path, content)
    return path
  }

  it('refuses entries without a check, a file or a real reason, naming the entry', () => {
    expect(() => readAllowList(allowFile('{}'))).toThrow(/must be a JSON array/)
    expect(() => readAllowList(allowFile('[{"check":"X","file":"f"}]'))).toThrow(/\[0\]: "why" must be a non-empty string/)
    expect(() => readAllowList(allowFile(`[{"check":"X","file":"f","why":"${WHY}"},{"check":"Y","file":"f","why":"ok"}]`))).toThrow(/\[1\]: "why" is too short/)
    expect(() => readAllowList(allowFile('[oops'))).toThrow(/cannot read the allow-list/)
  })

  it("is valid as committed, and docs/security.md explains each of its checks", () => {
    const allow = readAllowList(new URL('security/electronegativity-allow.json', ROOT).pathname)
    const docs = readFileSync(new URL('docs/security.md', ROOT), 'utf8')
    expect(allow.length).toBeGreaterThan(0)
    for (const a of allow) expect(docs, a.check).toContain(a.check)
  })

  it('scans as the Electron version package.json pins', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { devDependencies: Record<string, string> }
    expect(pinnedElectronVersion()).toBe(pkg.devDependencies['electron'])
  })
})

describe('running electronegativity', () => {
  it('fails on a deliberately insecure app and names the problems', () => {
    const empty = join(tmp, 'empty-allow.json')
    writeFileSync(empty, '[]')
    const run = spawnSync(
      process.execPath,
      ['scripts/security-check.mjs', '--input', 'test/main/security/fixtures/insecure-app', '--allow', empty, '--report', join(tmp, 'report')],
      { cwd: ROOT, encoding: 'utf8' },
    )
    expect(run.status).toBe(1)
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      expect(run.stderr).toMatch(new RegExp(`FAIL\\s+\\w+\\s+${id}`))
    }
    const report = JSON.parse(readFileSync(join(tmp, 'report', 'electronegativity.json'), 'utf8')) as { electronVersion: string; findings: Finding[] }
    expect(report.electronVersion).toBe(pinnedElectronVersion())
    expect(report.findings.find((f) => f.id === 'CONTEXT_ISOLATION_JS_CHECK')?.severity).toBe('HIGH')
  })

  it('cannot reach the network: the HTTP client is stubbed and sockets are refused', () => {
    const probe = `
      const path = require('node:path');
      const real = require.resolve('got', { paths: [path.dirname(require.resolve('@doyensec/electronegativity'))] });
      require('got')('https://example.com/').then(() => console.log('REACHED'), (e) => console.log('STUB:', e.message));
      require(real)('https://example.com/', { retry: 0 }).then(() => console.log('REACHED'), (e) => console.log('REAL:', e.message));
      try { require('node:net').connect(443, 'example.com'); console.log('SOCKET OPEN') } catch (e) { console.log('NET:', e.message) }`
    const run = spawnSync(process.execPath, ['--require', './security/offline.cjs', '-e', probe], { cwd: ROOT, encoding: 'utf8' })
    expect(run.stdout).toMatch(/NET: network access refused/)
    expect(run.stdout).toMatch(/STUB: network access refused/)
    expect(run.stdout).toMatch(/REAL: network access refused/)
    expect(run.stdout).not.toMatch(/REACHED|SOCKET OPEN/)
  })
})
