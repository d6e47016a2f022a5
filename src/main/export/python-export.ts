/**
 * A runnable Python export: a folder a data scientist can open beside a pandas DataFrame of raw rows.
 *
 *   model.py            NumPy-only `load()` → Model with encode(rows), forward(X), predict_raw(rows); and, when
 *                       PyTorch is installed, `torch_module()` → an nn.Module with the same layers (to fine-tune)
 *   weights.npz         layers.<k>.weight (out × in) and layers.<k>.bias (out), float32: PyTorch's state_dict
 *                       layout, so `module.load_state_dict` takes them as they are
 *   preprocessing.json  the model file's preprocessing (columns, scaling, imputation, classes / target units)
 *   README.md           how to use it
 *
 * Pure: the model in, the files as bytes out; the caller writes the folder (src/main/cli/export.ts).
 */
import JSZip from 'jszip'
import type { LoadedModel } from '../engine/model-file-io'
import { MISSING_VALUE_TOKENS } from '../../shared/preprocessing'
import { ExportError } from './errors'

export const PYTHON_EXPORT_FILES = ['model.py', 'weights.npz', 'preprocessing.json', 'README.md'] as const

/** The folder's files by name. */
export async function toPython(loaded: LoadedModel, appVersion = 'unknown'): Promise<Map<string, Uint8Array>> {
  const { sizes, activations, W, b } = loaded.params
  const enc = new TextEncoder()
  const zip = new JSZip()
  for (let k = 0; k < W.length; k++) {
    zip.file(`layers.${k}.weight.npy`, npy(W[k], [sizes[k + 1], sizes[k]]))
    zip.file(`layers.${k}.bias.npy`, npy(b[k], [sizes[k + 1]]))
  }
  const npz = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' })
  const pre = loaded.preprocessing
  const files = new Map<string, Uint8Array>()
  files.set('model.py', enc.encode(modelPy(sizes, activations, appVersion)))
  files.set('weights.npz', npz)
  files.set('preprocessing.json', enc.encode(`${JSON.stringify(pre, null, 1)}\n`))
  files.set('README.md', enc.encode(readme(loaded)))
  return files
}

/** One array in NumPy's .npy format, version 1.0: little-endian float32, C order. */
export function npy(data: Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, d) => a * d, 1)
  if (data.length !== count) throw new ExportError(`an array of ${data.length} numbers cannot have the shape (${shape.join(', ')})`, 'W')
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${dims}, }`
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64
  header = header.padEnd(total - 10 - 1, ' ') + '\n'
  const out = new Uint8Array(total + data.length * 4)
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0)
  new DataView(out.buffer).setUint16(8, header.length, true)
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i)
  const view = new DataView(out.buffer, total)
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true)
  return out
}

function pyList(xs: readonly string[]): string {
  return `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`
}

function modelPy(sizes: number[], activations: readonly string[], appVersion: string): string {
  return `"""A Backprop Studio model (exported by Backprop Studio ${appVersion}): ${sizes.join('-')}, activations ${activations.join(', ')}.

NumPy only:
    import pandas as pd, model
    m = model.load()
    rows = pd.read_csv("new.csv", dtype=str, keep_default_na=False)   # raw text, as the app reads it
    print(m.predict_raw(rows))          # labels and probabilities, or values in the target's units

With PyTorch, to continue training:  net = model.torch_module()   (the same layers, weights loaded)
"""
import json
import math
import pathlib
import re

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
SIZES = ${JSON.stringify(sizes)}
ACTIVATIONS = ${pyList(activations)}
# Cell texts that mean "no value" (any letter case), the app's own list.
_NUMBER = re.compile(r"[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")
MISSING = {${MISSING_VALUE_TOKENS.map((t) => JSON.stringify(t)).join(', ')}}


def activate(name, z):
    if name == "identity":   return z
    if name == "sigmoid":    return np.exp(-np.logaddexp(0, -z))
    if name == "tanh":       return np.tanh(z)
    if name == "relu":       return np.maximum(z, 0)
    if name == "leaky-relu": return np.where(z > 0, z, 0.01 * z)
    if name == "softplus":   return np.logaddexp(0, z)
    if name == "elu":        return np.where(z > 0, z, np.expm1(np.minimum(z, 0)))
    if name == "step":       return (z >= 0).astype(z.dtype)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    raise ValueError(f"unknown activation {name!r}")


def _records(rows):
    """A pandas DataFrame, a list of dicts (column -> value) or one dict, as a list of dicts."""
    if hasattr(rows, "to_dict"):
        return rows.to_dict("records")
    if isinstance(rows, dict):
        return [rows]
    return list(rows)


def _missing(v):
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and v.strip().lower() in MISSING


def _label(v):
    """A cell as the app names a label: text trimmed; a number as JavaScript writes it (3.0 -> "3")."""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    f = float(v)
    return str(int(f)) if f.is_integer() and abs(f) < 1e21 else repr(f)


class Model:
    def __init__(self, preprocessing, weights):
        self.preprocessing = preprocessing
        self.W = [np.asarray(weights[f"layers.{k}.weight"], dtype=np.float64) for k in range(len(ACTIVATIONS))]
        self.b = [np.asarray(weights[f"layers.{k}.bias"], dtype=np.float64) for k in range(len(ACTIVATIONS))]

    def encode(self, rows):
        """Raw rows -> the network's inputs (rows x ${sizes[0]}), with the app's imputation, scaling and one-hot codes."""
        pre = self.preprocessing
        if pre is None:
            return np.atleast_2d(np.asarray(rows, dtype=np.float64))
        if pre["kind"] == "image":
            return np.atleast_2d(np.asarray(rows, dtype=np.float64)) / 255.0
        out = []
        for i, r in enumerate(_records(rows)):
            x = []
            for c in pre["columns"]:
                if c["name"] not in r:
                    raise KeyError(f"row {i + 1} has no column {c['name']!r}, which the model reads")
                v = r[c["name"]]
                gap = _missing(v)
                if gap and c["impute"] is None:
                    raise ValueError(f"row {i + 1}, column {c['name']!r}: missing, and the model was trained leaving such rows out")
                if c["kind"] == "numeric":
                    value = c["impute"] if gap else float(v)
                    x.append((value - c["offset"]) / c["scale"])
                else:
                    label = c["impute"] if gap else _label(v)
                    if label not in c["categories"] and isinstance(v, str) and _NUMBER.fullmatch(label):
                        label = _label(float(label))  # "3.0" in a column the app reads as numbers is the label "3"
                    x.extend(1.0 if label == cat else 0.0 for cat in c["categories"])
            out.append(x)
        return np.asarray(out, dtype=np.float64).reshape(len(out), ${sizes[0]})

    def forward(self, X):
        """Network outputs for encoded inputs X (rows x ${sizes[0]}), in float64."""
        a = np.atleast_2d(np.asarray(X, dtype=np.float64))
        for W, b, name in zip(self.W, self.b, ACTIVATIONS):
            a = activate(name, a @ W.T + b)
        return a

    def predict_raw(self, rows):
        """Raw rows -> the app's predictions: {"label", "probabilities", "classes"} or {"value"} in the target's units."""
        y = self.forward(self.encode(rows))
        t = (self.preprocessing or {}).get("target")
        if t is None:
            return {"outputs": y}
        if t["task"] == "classification":
            return {"label": [t["classes"][k] for k in y.argmax(axis=1)], "probabilities": y, "classes": list(t["classes"])}
        return {"value": y[:, 0] * t["scale"] + t["offset"]}


def load(folder=HERE):
    folder = pathlib.Path(folder)
    preprocessing = json.loads((folder / "preprocessing.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as w:
        return Model(preprocessing, {k: w[k] for k in w.files})


def torch_module(folder=HERE):
    """An nn.Module with the same layers and activations, weights loaded (float32), for PyTorch training."""
    import torch
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.layers = nn.ModuleList(nn.Linear(SIZES[k], SIZES[k + 1]) for k in range(len(ACTIVATIONS)))

        def logits(self, x):
            """The last layer's pre-activation (feed it to nn.CrossEntropyLoss when the output is softmax)."""
            for k, layer in enumerate(self.layers):
                x = layer(x)
                if k < len(self.layers) - 1:
                    x = _torch_activate(ACTIVATIONS[k], x)
            return x

        def forward(self, x):
            return _torch_activate(ACTIVATIONS[-1], self.logits(x))

    def _torch_activate(name, z):
        import torch.nn.functional as F
        if name == "identity":   return z
        if name == "sigmoid":    return torch.sigmoid(z)
        if name == "tanh":       return torch.tanh(z)
        if name == "relu":       return torch.relu(z)
        if name == "leaky-relu": return F.leaky_relu(z, 0.01)
        if name == "softplus":   return F.softplus(z)
        if name == "elu":        return F.elu(z, 1.0)
        if name == "step":       return (z >= 0).to(z.dtype)
        if name == "softmax":    return torch.softmax(z, dim=1)
        raise ValueError(f"unknown activation {name!r}")

    net = Net()
    with np.load(pathlib.Path(folder) / "weights.npz") as w:
        net.load_state_dict({k: torch.from_numpy(np.array(w[k])) for k in w.files})
    return net
`
}

function readme(loaded: LoadedModel): string {
  const { sizes, activations } = loaded.params
  const pre = loaded.preprocessing
  const task = pre?.target.task
  const cfg = loaded.config
  const inputs =
    pre === null
      ? `a matrix of ${sizes[0]} preprocessed inputs per row`
      : pre.kind === 'image'
        ? `${pre.width} × ${pre.height} pixels per row (0–255)`
        : `the raw columns ${pre.columns.map((c) => `\`${c.name}\``).join(', ')}`
  return `# A Backprop Studio model in Python

A ${sizes.join('-')} network (activations ${activations.join(', ')})${task ? ` for ${task}` : ''}${cfg ? `, trained with ${cfg.model.loss} loss and L2 λ = ${cfg.model.lambda}` : ''}.
It reads ${inputs}.

Files: \`model.py\` (the code), \`weights.npz\` (float32, PyTorch's \`state_dict\` layout: \`layers.<k>.weight\` is
out × in, \`layers.<k>.bias\` is out), \`preprocessing.json\` (what the app does to raw rows: imputation, scaling,
one-hot codes, classes or the target's units).

## Predict, with NumPy only

\`\`\`python
import pandas as pd
import model                                    # this folder on sys.path (or: cd into it)

m = model.load()
rows = pd.read_csv("new.csv", dtype=str, keep_default_na=False)   # cells as text, as the app reads them
result = m.predict_raw(rows)
${task === 'regression' ? 'print(result["value"])                          # in the target\'s own units' : 'print(result["label"], result["probabilities"])'}
\`\`\`

\`predict_raw\` takes a DataFrame, a list of dicts or one dict; numbers may be given as numbers or as text. A
missing cell (empty, NA, N/A, #N/A, NaN, NULL, None, -, --, ? in any case, or a NaN / None value) is imputed as
in training. \`m.encode(rows)\` gives the network's inputs, \`m.forward(X)\` its outputs.

## Continue training in PyTorch

\`\`\`python
import torch
net = model.torch_module()                      # the same layers, these weights, float32
X = torch.tensor(m.encode(rows), dtype=torch.float32)
net(X)                                          # the app's outputs, to float32 round-off
\`\`\`

\`net.logits(X)\` is the last layer before its activation (for \`nn.CrossEntropyLoss\` when the output is softmax).
The app's cost is the data loss plus λ/(2m)·ΣW² over the weights (biases left out): with PyTorch's mean losses,
add \`lam / (2 * m) * sum((l.weight ** 2).sum() for l in net.layers)\` for a batch of \`m\` rows.
`
}

/** Reads a .npy v1 float32 array written by `npy` (for checking an export): its shape and numbers. */
export function readNpy(bytes: Uint8Array, name: string): { shape: number[]; data: Float32Array } {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]
  if (bytes.length < 10 || magic.some((m, i) => bytes[i] !== m)) throw new ExportError(`${name} is not a .npy array`, name)
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint16(8, true)
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len))
  if (!header.includes("'descr': '<f4'") || !header.includes("'fortran_order': False")) throw new ExportError(`${name} is not a little-endian float32 array in C order`, name)
  const m = /'shape': \(([\d, ]*)\)/.exec(header)
  if (!m) throw new ExportError(`${name} has no shape`, name)
  const shape = m[1].split(',').map((d) => d.trim()).filter((d) => d !== '').map(Number)
  const count = shape.reduce((a, d) => a * d, 1)
  const start = 10 + len
  if (bytes.length - start !== count * 4) throw new ExportError(`${name} holds ${(bytes.length - start) / 4} numbers, its shape (${shape.join(', ')}) ${count}`, name)
  const view = new DataView(bytes.buffer, bytes.byteOffset + start)
  return { shape, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true)) }
}
