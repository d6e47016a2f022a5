import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Absolute path of a file under test/fixtures/data. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url))
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)))
}
