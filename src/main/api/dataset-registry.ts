import type { LoadedDataset } from '../data/dataset'
import type { PreparedDataset } from '../data/prepared'
import type { DatasetView } from '../../shared/views'
import type { RunDataset } from '../training/run-manager-types'

/** A loaded dataset in main: what the renderer sees, the source data, and the training-ready splits. */
export interface DatasetEntry {
  view: DatasetView
  loaded: LoadedDataset
  prepared: PreparedDataset
  /** The prepared splits as the run manager takes them; its id changes on every re-prepare. */
  runData: RunDataset
}

/** The datasets loaded in this session, by id. */
export interface DatasetRegistry {
  /** Throws Error(`No dataset "<id>" is loaded ...`) for an unknown id. */
  get(id: string): DatasetEntry
  list(): DatasetEntry[]
}
