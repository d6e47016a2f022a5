/**
 * The one error every exporter and importer in this folder throws. The message is for people: it names the
 * format, where the problem is (layer, field, byte) and what is wrong; the IPC layer shows it as is.
 */
export class ExportError extends Error {
  override readonly name = 'ExportError'
  constructor(
    message: string,
    /** Where the problem is, e.g. "layer 2 (activations[2])" or "modelTopology.config.layers[3]"; '' for the whole. */
    readonly where: string = '',
  ) {
    super(message)
  }
}
