import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadDatasetFromPath, type LoadOptions } from '../../../src/main/data/node-io'
import type { Table } from '../../../src/main/data/table'

/** Absolute path of a file under test/fixtures/data. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/data/${name}`, import.meta.url))
}

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)))
}

/** The table of a file read as the app and the CLI read it (loadDatasetFromPath); a test error for image data. */
export async function loadTable(path: string, opts: LoadOptions = {}): Promise<Table> {
  const ds = await loadDatasetFromPath(path, opts)
  if (ds.kind !== 'tabular') throw new Error(`${path} is not a table`)
  return ds.table
}
