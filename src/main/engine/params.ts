import type { ActivationName } from '../../shared/config'
import type { FloatArray } from './kernels/types'

/**
 * A network's parameters, the unit that the engine trains, the model file stores and every exporter reads.
 * sizes = [inputs, hidden..., outputs]; layer l (0-based) maps sizes[l] → sizes[l+1] with activations[l].
 * W[l]: sizes[l+1] x sizes[l], row-major ([out][in]); b[l]: sizes[l+1]. z = W a + b; batch rows: Z = A Wᵀ + b.
 */
export interface NetworkParams<F extends FloatArray = FloatArray> {
  sizes: number[]
  activations: ActivationName[]
  W: F[]
  b: F[]
}
