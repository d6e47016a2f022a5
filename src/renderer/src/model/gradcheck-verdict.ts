import type { GradientCheckResult } from '../../../main/engine/gradcheck'

/**
 * The one sentence that says what a gradient check's numbers mean for the user: whether backpropagation's
 * gradients agree with finite differences, and what to suspect when they do not.
 */
export function gradcheckVerdict(r: GradientCheckResult): string {
  const worst = r.layers.reduce<{ layer: number; err: number } | null>((w, l) => {
    const err = Math.max(l.maxRelErrorW, l.maxRelErrorB)
    return w === null || err > w.err ? { layer: l.layer, err } : w
  }, null)
  if (r.pass) {
    return `Backpropagation's gradients match finite differences in every layer (worst relative error ${r.maxRelError.toExponential(1)} ≤ ${r.tolerance.toExponential(0)}), so training follows the true slope of this cost.`
  }
  const where = worst ? ` (worst: layer ${worst.layer + 1})` : ''
  return `The analytic and numerical gradients disagree beyond ${r.tolerance.toExponential(0)}${where}: with relu, mae or huber a perturbation crossing a kink can cause this on its own; re-run with another seed, and if it persists the gradient for this configuration is wrong.`
}
