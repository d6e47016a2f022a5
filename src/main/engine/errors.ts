/** Errors the engine raises for people to read: each names what went wrong and where. */

/** A config (model, optimizer, training) that cannot train; `problems` lists every reason, each naming its field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `The configuration cannot train:\n- ${problems.join('\n- ')}`)
  }
}

/** Training data that does not fit the network or the loss (shape, non-finite values, targets out of range). */
export class DataError extends Error {
  override readonly name = 'DataError'
}

/**
 * The cost or the gradient became NaN or infinite: training stops here. `epoch` and `batch` are 1-based, the
 * batch counted within its epoch (batch 0: the end-of-epoch evaluation). No weights are handed out after this.
 */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError'
  constructor(
    readonly epoch: number,
    readonly batch: number,
    /** What became non-finite, e.g. 'the cost became Infinity'. */
    readonly detail: string,
  ) {
    super(
      `Training diverged at epoch ${epoch}, ${batch > 0 ? `batch ${batch}` : 'end-of-epoch evaluation'}: ${detail}. ` +
        'The weights grew until the numbers overflowed; lower the learning rate (or raise λ) and try again.',
    )
  }
}
