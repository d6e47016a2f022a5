/**
 * Taking a trained model elsewhere (docs/export.md). Pure functions: objects and bytes in, bytes and text out;
 * the caller (IPC handler, CLI) reads and writes files. Every refusal is an ExportError whose message names
 * the layer, weight or field.
 */
export { ExportError } from './errors'
export { toOnnx, ONNX_OPSET, ONNX_IR_VERSION, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, ONNX_METADATA_KEYS } from './onnx'
export { toTfjs, tfjsUnsupported, type TfjsArtifacts } from './tfjs-export'
export { fromTfjs, type TfjsImport, type TfjsImportOptions } from './tfjs-import'
export { TFJS_WEIGHTS_FILE, TFJS_METADATA_KEY, type TfjsModelJson } from './tfjs-format'
export { predictionsToCsv } from './predictions-csv'
export { toPython, npy, PYTHON_EXPORT_FILES } from './python-export'
export { tensorboardScalars, tensorboardScalarsCsv, tensorboardScalarsJson, tensorboardTag, SCALAR_COLUMNS, type RunMetrics, type ScalarRow } from './metrics-tensorboard'
