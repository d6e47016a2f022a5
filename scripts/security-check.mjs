/**
 * `npm run security`: runs electronegativity over the built app (out/: main, preload and the renderer with its
 * compiled Vue components) as Electron <version pinned in package.json>, writes its findings to
 * out/security/electronegativity.{json,sarif}, and fails on any HIGH or MEDIUM finding that is not in
 * security/electronegativity-allow.json with a reason that docs/security.md also explains.
 *
 *   node scripts/security-check.mjs [--input <folder>] [--allow <file>] [--report <folder>]
 *
 * Why in-process rather than the CLI's output file: in 1.10.3 the CSV writer races its header against the rows
 * (the first finding comes out truncated), the SARIF writer drops the severity, and `-s` filters only the
 * console table. The runner's result has every finding with its severity, so this script reads that.
 * No network: security/offline.cjs stubs electronegativity's HTTP client and refuses sockets, and the one
 * check that needs the internet (AvailableSecurityFixesGlobalCheck, Electron's release list) is excluded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

/** Checks that cannot run offline, with the reason (printed, and in docs/security.md). */
export const EXCLUDED_CHECKS = {
  availablesecurityfixesglobalcheck: "downloads Electron's release list from GitHub on every run",
}

/** Severities that fail the check unless allowed. */
export const FAILING = new Set(['HIGH', 'MEDIUM'])

/**
 * @typedef {{ id: string, severity: string, confidence: string, file: string, line: number, column: number,
 *   sample: string, description: string, manualReview: boolean }} Finding
 * @typedef {{ check: string, file: string, why: string }} Allowance
 */

/** Electron's exact version as pinned in package.json (the `-e` of the CLI). */
export function pinnedElectronVersion(root = ROOT) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const version = pkg.devDependencies?.electron ?? pkg.dependencies?.electron
  if (!/^\d+\.\d+\.\d+$/.test(version ?? '')) throw new Error(`package.json must pin electron exactly (found "${version}")`)
  return version
}

/**
 * Reads and validates the allow-list: an array of { check, file, why }, each `why` a real sentence.
 * @returns {Allowance[]}
 */
export function readAllowList(path) {
  let raw
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new Error(`${path}: cannot read the allow-list (${err instanceof Error ? err.message : err})`)
  }
  if (!Array.isArray(raw)) throw new Error(`${path}: must be a JSON array of { "check", "file", "why" }`)
  return raw.map((entry, i) => {
    const where = `${path} [${i}]`
    if (typeof entry !== 'object' || entry === null) throw new Error(`${where}: must be an object`)
    for (const key of ['check', 'file', 'why']) {
      if (typeof entry[key] !== 'string' || !entry[key].trim()) throw new Error(`${where}: "${key}" must be a non-empty string`)
    }
    if (entry.why.trim().length < 40) throw new Error(`${where}: "why" is too short to explain anything ("${entry.why}")`)
    return { check: entry.check, file: entry.file, why: entry.why }
  })
}

/** Electronegativity's issue objects → plain findings (paths relative to the scanned folder, '/' separators). */
export function toFindings(issues) {
  return issues.map((i) => ({
    id: i.id,
    severity: i.severity?.name ?? 'UNKNOWN',
    confidence: i.confidence?.name ?? 'UNKNOWN',
    file: String(i.file ?? 'N/A').replaceAll('\\', '/'),
    line: i.location?.line ?? 0,
    column: i.location?.column ?? 0,
    sample: typeof i.sample === 'string' ? i.sample.slice(0, 200) : '',
    description: i.description ?? '',
    manualReview: Boolean(i.manualReview),
  }))
}

/**
 * Sorts findings against the allow-list.
 * - failures: HIGH/MEDIUM findings no allowance covers (an allowance covers a finding of the same check id in
 *   the same file);
 * - stale: allowances that cover no finding (the problem went away, so the entry must go too);
 * - undocumented: allowances whose check id docs/security.md never mentions;
 * - allowed / notes: covered HIGH/MEDIUM findings, and LOW/INFORMATIONAL ones (reported, not failing).
 * @param {Finding[]} findings @param {Allowance[]} allow @param {string} docs
 */
export function evaluate(findings, allow, docs) {
  const covers = (a, f) => a.check === f.id && a.file === f.file
  const failures = []
  const allowed = []
  const notes = []
  for (const f of findings) {
    if (!FAILING.has(f.severity)) notes.push(f)
    else if (allow.some((a) => covers(a, f))) allowed.push(f)
    else failures.push(f)
  }
  const stale = allow.filter((a) => !findings.some((f) => FAILING.has(f.severity) && covers(a, f)))
  const undocumented = allow.filter((a) => !docs.includes(a.check))
  return { failures, allowed, notes, stale, undocumented, ok: failures.length === 0 && stale.length === 0 && undocumented.length === 0 }
}

/**
 * Runs electronegativity on `input` offline and returns its findings and the files it could not parse.
 * @returns {Promise<{ findings: Finding[], errors: Array<{ file: string, message: string, tolerable: boolean }>, checks: number }>}
 */
export async function scan(input, { electronVersion, sarif } = {}) {
  require('../security/offline.cjs')
  process.env.LANG = 'en-US' // its messages are looked up by locale; keep them predictable
  const mod = require('@doyensec/electronegativity')
  const run = mod.default ?? mod
  // Its i18n loader logs this on every offline run; it is expected here and says nothing about the scan.
  const log = console.log
  console.log = (...args) => {
    if (!String(args[0]).startsWith('Could not retrieve updated translations')) log(...args)
  }
  try {
    const result = await run(
      {
        input: resolve(input),
        output: sarif,
        isSarif: Boolean(sarif),
        isRelative: true,
        electronVersionOverride: electronVersion,
        customScan: [],
        excludeFromScan: Object.keys(EXCLUDED_CHECKS),
        parserPlugins: [],
      },
      false,
    )
    return { findings: toFindings(result.issues), errors: result.errors, checks: result.globalChecks + result.atomicChecks }
  } finally {
    console.log = log
  }
}

function describe(f) {
  return `${f.severity.padEnd(6)} ${f.id} ${f.file}:${f.line}:${f.column}${f.manualReview ? ' (manual review)' : ''}\n         ${f.description}`
}

async function main(argv) {
  const opt = (name, fallback) => {
    const i = argv.indexOf(name)
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback
  }
  const input = resolve(ROOT, opt('--input', 'out'))
  const allowPath = resolve(ROOT, opt('--allow', 'security/electronegativity-allow.json'))
  const reportDir = resolve(ROOT, opt('--report', 'out/security'))
  if (!existsSync(input)) throw new Error(`${input} does not exist: run \`npm run build\` first (the check reads the built app)`)

  const electronVersion = pinnedElectronVersion()
  const allow = readAllowList(allowPath)
  const docs = readFileSync(join(ROOT, 'docs/security.md'), 'utf8')
  mkdirSync(reportDir, { recursive: true })
  const { findings, errors, checks } = await scan(input, { electronVersion, sarif: join(reportDir, 'electronegativity.sarif') })
  writeFileSync(join(reportDir, 'electronegativity.json'), JSON.stringify({ input, electronVersion, findings, errors }, null, 2))

  console.log(`electronegativity: ${checks} checks as Electron ${electronVersion} over ${input}; ${findings.length} findings`)
  for (const [id, why] of Object.entries(EXCLUDED_CHECKS)) console.log(`  skipped ${id}: ${why}`)
  const result = evaluate(findings, allow, docs)
  for (const f of result.allowed) console.log(`  allowed ${describe(f)}\n         why: ${allow.find((a) => a.check === f.id && a.file === f.file)?.why}`)
  for (const f of result.notes) console.log(`  note    ${describe(f)}`)
  const broken = errors.filter((e) => !e.tolerable)
  for (const e of broken) console.error(`  could not parse ${e.file}: ${e.message}`)
  for (const f of result.failures) console.error(`  FAIL    ${describe(f)}`)
  for (const a of result.stale) console.error(`  STALE   allow-list entry ${a.check} ${a.file} matches no HIGH/MEDIUM finding: remove it`)
  for (const a of result.undocumented) console.error(`  UNDOCUMENTED allow-list entry ${a.check}: docs/security.md must explain it`)
  if (!result.ok || broken.length) {
    console.error(`security check failed (details in ${join(reportDir, 'electronegativity.json')})`)
    process.exitCode = 1
  } else {
    console.log(`security check passed: no unexplained HIGH or MEDIUM finding (${result.allowed.length} allowed, ${result.notes.length} low/informational)`)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err instanceof Error ? err.message : String(err))
    process.exit(1)
  })
}
