/**
 * Flips Electron's fuses in a packaged build's binary: `npm run fuses -- <path to electron binary or .app>`.
 *
 *   --no-asar                 the package has no app.asar (leaves OnlyLoadAppFromAsar and the asar integrity
 *                             check off, since they would stop such an app from starting)
 *   --check                   change nothing; fail unless the binary already has exactly these fuses
 *   --reset-adhoc-signature   macOS arm64 builds that are not signed afterwards (see @electron/fuses)
 *
 * Run it in the packaging step after the app is assembled and before code signing: the signature is what
 * stops someone flipping the bits back. docs/security.md explains every fuse's setting.
 */
import { pathToFileURL } from 'node:url'
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses'

export interface FuseChoice {
  /** The package keeps the app in resources/app.asar (electron-builder and Forge do by default). */
  asar: boolean
  resetAdHocDarwinSignature?: boolean
}

/**
 * The fuse settings for a packaged Backprop Studio, every fuse decided explicitly (strictlyRequireAllFuses: a
 * newer Electron with a fuse this list does not name makes flipping fail instead of silently inheriting).
 */
export function fuseConfig(choice: FuseChoice = { asar: true }): FuseV1Config {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: choice.resetAdHocDarwinSignature ?? false,
    // Off: nothing of ours runs Electron as plain Node (training uses worker_threads, not fork/ELECTRON_RUN_AS_NODE).
    [FuseV1Options.RunAsNode]: false,
    // On: cookies are encrypted at rest with the OS key store (we keep none today; costs nothing).
    [FuseV1Options.EnableCookieEncryption]: true,
    // Off: NODE_OPTIONS / NODE_EXTRA_CA_CERTS cannot inject code or flags into the app.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // Off: --inspect / --inspect-brk / SIGUSR1 cannot attach a debugger to main.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // With asar: app.asar is checked against the hash the packager embeds (macOS and Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: choice.asar,
    // With asar: load the app only from app.asar, never from a loose resources/app folder dropped beside it.
    [FuseV1Options.OnlyLoadAppFromAsar]: choice.asar,
    // Off (default): we ship no browser-process-specific V8 snapshot.
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // On (default): the renderer is loaded from file:// and its Vite module scripts need file:'s extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
    // On (default): V8's signal-handler bounds checks keep WebAssembly fast (the training kernels use it).
    [FuseV1Options.WasmTrapHandlers]: true,
  }
}

/** One line per fuse: its name and the state it should have / has ('on', 'off', 'removed', 'inherit'). */
export type FuseReport = Record<string, string>

function stateName(state: number | undefined): string {
  switch (state) {
    case FuseState.ENABLE:
      return 'on'
    case FuseState.DISABLE:
      return 'off'
    case FuseState.REMOVED:
      return 'removed'
    default:
      return 'inherit'
  }
}

function fuseIndices(): number[] {
  return Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number')
}

/** The wanted state of each fuse in `config`, by name. */
export function wantedFuses(config: FuseV1Config): FuseReport {
  const report: FuseReport = {}
  const byIndex = config as unknown as Record<number, boolean | undefined>
  for (const i of fuseIndices()) report[FuseV1Options[i]] = byIndex[i] === undefined ? 'inherit' : byIndex[i] ? 'on' : 'off'
  return report
}

/** The fuses as they are in the binary at `electronPath`, by name (unknown extra fuses as `fuse<index>`). */
export async function readFuses(electronPath: string): Promise<FuseReport> {
  const wire = (await getCurrentFuseWire(electronPath)) as unknown as Record<string, number | string>
  const report: FuseReport = {}
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'version') continue
    const index = Number(key)
    report[FuseV1Options[index] ?? `fuse${index}`] = stateName(Number(value))
  }
  return report
}

/** Differences between wanted and actual fuses; a removed fuse counts as fine (Electron dropped it). */
export function fuseMismatches(wanted: FuseReport, actual: FuseReport): string[] {
  const problems: string[] = []
  for (const [name, want] of Object.entries(wanted)) {
    const have = actual[name]
    if (have === undefined) problems.push(`${name}: not in this binary's fuse wire (older Electron?)`)
    else if (have !== want && have !== 'removed') problems.push(`${name}: is ${have}, should be ${want}`)
  }
  for (const name of Object.keys(actual)) if (!(name in wanted)) problems.push(`${name}: unknown to this script; decide its setting`)
  return problems
}

/** Flips the fuses, then reads them back and throws if any is not as configured. */
export async function applyFuses(electronPath: string, choice: FuseChoice = { asar: true }): Promise<FuseReport> {
  const config = fuseConfig(choice)
  await flipFuses(electronPath, config)
  const actual = await readFuses(electronPath)
  const problems = fuseMismatches(wantedFuses(config), actual)
  if (problems.length) throw new Error(`Fuses not as configured in ${electronPath}:\n  ${problems.join('\n  ')}`)
  return actual
}

/** Reads the fuses and throws unless they are exactly as configured (changes nothing). */
export async function checkFuses(electronPath: string, choice: FuseChoice = { asar: true }): Promise<FuseReport> {
  const actual = await readFuses(electronPath)
  const problems = fuseMismatches(wantedFuses(fuseConfig(choice)), actual)
  if (problems.length) throw new Error(`Fuses not as configured in ${electronPath}:\n  ${problems.join('\n  ')}`)
  return actual
}

async function main(argv: string[]): Promise<void> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')))
  const known = new Set(['--no-asar', '--check', '--reset-adhoc-signature'])
  const unknown = [...flags].filter((f) => !known.has(f))
  const paths = argv.filter((a) => !a.startsWith('--'))
  if (unknown.length || paths.length !== 1) {
    throw new Error(
      `${unknown.length ? `Unknown option ${unknown.join(', ')}. ` : ''}Usage: npm run fuses -- <path to the packaged electron binary or .app> [--no-asar] [--check] [--reset-adhoc-signature]`,
    )
  }
  const path = paths[0]!
  const choice: FuseChoice = { asar: !flags.has('--no-asar'), resetAdHocDarwinSignature: flags.has('--reset-adhoc-signature') }
  const report = flags.has('--check') ? await checkFuses(path, choice) : await applyFuses(path, choice)
  for (const [name, state] of Object.entries(report)) console.log(`${name.padEnd(40)} ${state}`)
  console.log(flags.has('--check') ? `Fuses of ${path} are as configured.` : `Fuses flipped and verified in ${path}.`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err))
    process.exit(1)
  })
}
