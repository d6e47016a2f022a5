/**
 * The data layer's public API (pure: bytes in, typed arrays out). File access lives in ./node-io, imported
 * separately so that nothing reaching this barrel pulls in node:fs.
 */
export { DatasetError, type DataLocation } from './errors'
export { createCsvReader, parseCsv, SNIFF_BYTES, type CsvProgress, type CsvReadOptions, type CsvReader } from './csv-reader'
export type { Table, Column, NumericColumn, CategoricalColumn, CsvFormat, Delimiter } from './table'
export { COLUMN_TYPES, type ColumnType, type ColumnProfile, profileColumn } from './column-profile'
export { planColumns, type ColumnPlan } from './column-plan'
export {
  COLUMN_KINDS,
  COLUMN_ROLES,
  DEFAULT_SPLIT,
  MISSING_POLICIES,
  SCALINGS,
  prepareOptionsSchema,
  type ColumnKind,
  type ColumnRole,
  type MissingPolicy,
  type PrepareOptions,
  type SplitRatios,
} from './prepare-options'
export type { PreparedDataset, PreparedSplit } from './prepared'
export { prepareDataset, type LoadedDataset } from './dataset'
export { prepareTabular } from './prepare-tabular'
export { retypeTable } from './retype-table'
export { prepareImages, encodeImages } from './prepare-images'
export { encodeRecords, type EncodedRecords } from './encode-records'
export { summarizeDataset, type SummaryChoices, type DatasetSummary, type ColumnSummary, type SampleImage } from './summary'
export { decompressIdx, parseIdxImages, parseIdxLabels, MAX_IDX_DECOMPRESSED_BYTES, type Gunzip } from './idx'
export { imageSetFromIdx, type ImageSet } from './images'
export { findMnistFiles, findPartner, idxRoleOf, type IdxPair, type MnistFiles } from './mnist-files'
export { EXAMPLE_NAMES, EXAMPLES, GENERATED_EXAMPLES, generateExample, isExampleName, type ExampleName, type ExampleInfo } from './examples'
export { splitRows, type SplitIndices } from './split'
