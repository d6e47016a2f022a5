import type { ActivationName, LossName } from '../../shared/config'
import type { FloatArray, Kernels } from './kernels/types'
import type { NetworkParams } from './params'
import type { Loss, LossOptions, FusedLoss } from './losses'
import { getLoss } from './losses'
import { getActivation } from './activations'
import { L2 } from './regularizer'

/** What a Network computes: its shape, activations and cost J = data loss + λ/(2m)·Σ‖W‖². */
export interface NetworkSpec {
  /** [inputs, hidden..., outputs]. */
  sizes: readonly number[]
  /** One per layer (sizes.length − 1). */
  activations: readonly ActivationName[]
  loss: LossName
  /** Huber's δ (read for 'huber'). */
  huberDelta: number
  /** L2 strength λ ≥ 0. */
  lambda: number
}

/**
 * A multilayer perceptron with its workspaces, allocated once for batches of up to `maxBatch` rows.
 * Every buffer comes from `kernels.alloc` and every hot operation goes through `kernels`, so any backend plugs in.
 *
 * Use: write m rows into `X` (m x inputs) and `T` (m x outputs), then `forward(m)`, `cost(m)` / `dataLoss(m)`,
 * and `backward(m)`, which fills `dW`/`db` with ∂J/∂W, ∂J/∂b (L2 term included). Layer l maps acts[l] → acts[l+1]:
 * Z[l] = acts[l]·W[l]ᵀ + b[l], acts[l+1] = f_l(Z[l]); acts[0] is X.
 */
export class Network<F extends FloatArray> {
  /** Live parameters (buffers from kernels.alloc). */
  readonly params: NetworkParams<F>
  /** ∂J/∂W[l] after backward (sizes[l+1] x sizes[l]). */
  readonly dW: F[]
  /** ∂J/∂b[l] after backward. */
  readonly db: F[]
  /** Input rows (maxBatch x inputs): acts[0], which useInput may swap for another buffer. */
  get X(): F {
    return this.acts[0]
  }
  /** Target rows (maxBatch x outputs): swappable like X (useTargets). */
  get T(): F {
    return this.targets
  }
  private targets: F
  readonly layers: number
  private readonly Z: F[]
  private readonly acts: F[]
  private readonly dZ: F[]
  /** dA[l] = ∂J/∂acts[l+1] (only where needed: the output layer without a fused loss, and hidden layers). */
  private readonly dA: F[]
  private readonly loss: Loss
  private readonly fused: FusedLoss | null
  private readonly lossOpts: LossOptions

  constructor(
    readonly kernels: Kernels<F>,
    readonly spec: NetworkSpec,
    readonly maxBatch: number,
    /** Starting parameters, copied into the network's own buffers; omitted: all zeros. */
    initial?: NetworkParams,
  ) {
    const { sizes, activations } = spec
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`)
    if (activations.length !== sizes.length - 1) throw new RangeError(`need ${sizes.length - 1} activations for sizes ${sizes.join('-')}, got ${activations.length}`)
    activations.forEach((a) => getActivation(a))
    this.layers = sizes.length - 1
    this.loss = getLoss(spec.loss)
    const output = activations[this.layers - 1]
    this.fused = this.loss.fused && this.loss.fused.output === output ? this.loss.fused : null
    this.lossOpts = { huberDelta: spec.huberDelta }
    const L = this.layers
    const W: F[] = []
    const b: F[] = []
    this.dW = []
    this.db = []
    this.Z = []
    this.dZ = []
    this.dA = []
    this.acts = [kernels.alloc(maxBatch * sizes[0])]
    for (let l = 0; l < L; l++) {
      const n = sizes[l + 1]
      W.push(kernels.alloc(n * sizes[l]))
      b.push(kernels.alloc(n))
      this.dW.push(kernels.alloc(n * sizes[l]))
      this.db.push(kernels.alloc(n))
      this.Z.push(kernels.alloc(maxBatch * n))
      this.acts.push(kernels.alloc(maxBatch * n))
      this.dZ.push(kernels.alloc(maxBatch * n))
      this.dA.push(l < L - 1 || !this.fused ? kernels.alloc(maxBatch * n) : kernels.alloc(0))
    }
    this.targets = kernels.alloc(maxBatch * sizes[L])
    this.params = { sizes: [...sizes], activations: [...activations], W, b }
    if (initial) this.setParams(initial)
  }

  /**
   * Makes `X` (maxBatch x inputs, from the same kernels) the input buffer. The trainer alternates two, so that
   * the next batch's rows can be copied into one while the current step still reads the other.
   */
  useInput(X: F): void {
    const need = this.maxBatch * this.spec.sizes[0]
    if (X.length < need) throw new RangeError(`input buffer of ${X.length} elements: needs maxBatch x inputs = ${need}`)
    this.acts[0] = X
  }

  /** Makes `T` (maxBatch x outputs, from the same kernels) the target buffer; see useInput. */
  useTargets(T: F): void {
    const need = this.maxBatch * this.spec.sizes[this.layers]
    if (T.length < need) throw new RangeError(`target buffer of ${T.length} elements: needs maxBatch x outputs = ${need}`)
    this.targets = T
  }

  /** Copies `p` (same sizes) into the live parameters. */
  setParams(p: NetworkParams): void {
    for (let l = 0; l < this.layers; l++) {
      if (p.W[l].length !== this.params.W[l].length || p.b[l].length !== this.params.b[l].length) {
        throw new RangeError(`layer ${l}: parameters of shape ${p.sizes.join('-')} do not fit a ${this.spec.sizes.join('-')} network`)
      }
      this.params.W[l].set(p.W[l])
      this.params.b[l].set(p.b[l])
    }
  }

  /** Runs the first m rows of X through the network; returns the output buffer (first m x outputs valid). */
  forward(m: number): F {
    this.checkBatch(m)
    const { sizes, activations } = this.spec
    const k = this.kernels
    for (let l = 0; l < this.layers; l++) {
      k.gemmABtBias(this.acts[l], this.params.W[l], this.params.b[l], this.Z[l], m, sizes[l], sizes[l + 1])
      k.activate(activations[l], this.Z[l], this.acts[l + 1], m, sizes[l + 1])
    }
    return this.acts[this.layers]
  }

  /** The output buffer of the last forward pass. */
  get output(): F {
    return this.acts[this.layers]
  }

  /** Data loss of the last forward pass of m rows against the first m rows of T (no L2 term). */
  dataLoss(m: number): number {
    const L = this.layers - 1
    const K = this.spec.sizes[this.layers]
    const Y = this.acts[this.layers]
    return this.fused ? this.fused.value(this.Z[L], Y, this.T, m, K) : this.loss.value(Y, this.T, m, K, this.lossOpts)
  }

  /** L2 penalty λ/(2m)·Σ‖W‖² for a batch of m rows. */
  penalty(m: number): number {
    return L2.penalty(this.kernels, this.params.W, this.spec.lambda, m)
  }

  /** The cost J = data loss + L2 penalty of the last forward pass of m rows. */
  cost(m: number): number {
    return this.dataLoss(m) + this.penalty(m)
  }

  /** Fills dW, db with the gradient of J (as `cost(m)` defines it) for the last forward pass of m rows. */
  backward(m: number): void {
    this.checkBatch(m)
    const { sizes, activations } = this.spec
    const k = this.kernels
    const L = this.layers - 1
    const K = sizes[this.layers]
    const Y = this.acts[this.layers]
    if (this.fused) {
      this.fused.gradZ(this.Z[L], Y, this.T, this.dZ[L], m, K)
    } else {
      this.loss.grad(Y, this.T, this.dA[L], m, K, this.lossOpts)
      k.activateBackward(activations[L], this.Z[L], Y, this.dA[L], this.dZ[L], m, K)
    }
    for (let l = L; l >= 0; l--) {
      k.gemmAtB(this.dZ[l], this.acts[l], this.dW[l], m, sizes[l + 1], sizes[l])
      k.colSum(this.dZ[l], this.db[l], m, sizes[l + 1])
      if (l > 0) {
        // The input layer's error is never needed, so the first layer skips this product.
        k.gemmAB(this.dZ[l], this.params.W[l], this.dA[l - 1], m, sizes[l + 1], sizes[l])
        k.activateBackward(activations[l - 1], this.Z[l - 1], this.acts[l], this.dA[l - 1], this.dZ[l - 1], m, sizes[l])
      }
    }
    L2.grad(k, this.params.W, this.dW, this.spec.lambda, m)
  }

  private checkBatch(m: number): void {
    if (!Number.isInteger(m) || m < 1 || m > this.maxBatch) throw new RangeError(`batch of ${m} rows: must be an integer in [1, ${this.maxBatch}]`)
  }
}
