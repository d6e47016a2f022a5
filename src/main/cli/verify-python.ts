/**
 * Checks a written Python export before it is reported: the weights read back from weights.npz, in the layout
 * model.py and PyTorch expect, reproduce the model file's own reference outputs; preprocessing.json is the
 * model's preprocessing.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import JSZip from 'jszip'
import type { LoadedModel } from '../engine/model-file-io'
import { predict } from '../engine/predict'
import { readNpy } from '../export/python-export'

export async function verifyPythonFolder(dir: string, model: LoadedModel): Promise<void> {
  const { sizes, activations } = model.params
  const zip = await JSZip.loadAsync(await readFile(join(dir, 'weights.npz')))
  const W: Float32Array[] = []
  const b: Float32Array[] = []
  for (let k = 0; k < sizes.length - 1; k++) {
    for (const [part, shape, into] of [['weight', [sizes[k + 1], sizes[k]], W], ['bias', [sizes[k + 1]], b]] as const) {
      const name = `layers.${k}.${part}.npy`
      const entry = zip.file(name)
      if (!entry) throw new Error(`the export check failed: weights.npz has no ${name}`)
      const arr = readNpy(await entry.async('uint8array'), name)
      if (arr.shape.join(',') !== shape.join(',')) throw new Error(`the export check failed: ${name} has shape (${arr.shape.join(', ')}), not (${shape.join(', ')})`)
      into.push(arr.data)
    }
  }
  for (const ref of model.reference) {
    const y = predict({ sizes, activations, W, b }, Float64Array.from(ref.input), 1)
    const worst = Math.max(...ref.output.map((o, i) => Math.abs(o - y[i])))
    if (!(worst <= 1e-9)) throw new Error(`the export check failed: the exported weights give outputs ${worst.toExponential(2)} away from the model's reference`)
  }
  const pre = JSON.parse(await readFile(join(dir, 'preprocessing.json'), 'utf8')) as unknown
  if (JSON.stringify(pre) !== JSON.stringify(model.preprocessing)) throw new Error('the export check failed: preprocessing.json differs from the model file')
}
