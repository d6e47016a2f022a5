/**
 * Our standard-workload benchmark against the NumPy peer, alternating, on a shared (noisy) machine:
 *
 *   npx tsx bench/peer-compare.ts --data /tmp/peerdata/mnist [--pairs 5] [--epochs 2] [--plain]
 *
 * Each pair runs `bench/index.ts --workload mnist-mlp` and then `numpy_mlp.py mnist <epochs>` back to back
 * (alternating which goes first), so both see nearly the same machine load; prints one JSON line per run
 * and a summary line with the median samples/s of each, the ratio of the medians and the median of the
 * per-pair ratios. Our side runs exactly as `npm run bench` does: with --experimental-wasm-relaxed-simd, the
 * relaxed SIMD that Electron's V8 has on by default; --plain leaves it out (Node 20's default: plain SIMD).
 * The peer is ../shared/peers/numpy_mlp.py (override with --peer); it reads $DATA/mnist, so DATA is set to
 * the parent of --data.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    pairs: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '2' },
    plain: { type: 'boolean', default: false },
    peer: { type: 'string', default: path.resolve(here, '../../shared/peers/numpy_mlp.py') },
    python: { type: 'string', default: '/usr/bin/python3' },
  },
})
if (!values.data) {
  process.stderr.write('peer-compare: --data <folder with the MNIST IDX files> is required (the peer needs real files)\n')
  process.exit(2)
}
const pairs = Number(values.pairs)
const epochs = Number(values.epochs)
const data = path.resolve(values.data)

function ours(): Record<string, unknown> {
  const flags = values.plain ? [] : ['--experimental-wasm-relaxed-simd']
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', path.join(here, 'index.ts'), '--workload', 'mnist-mlp', '--data', data, '--epochs', String(epochs)], { encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').pop()!)
}

function peer(): Record<string, unknown> {
  const out = execFileSync(values.python!, [values.peer!, 'mnist', String(epochs)], { encoding: 'utf8', env: { ...process.env, DATA: path.dirname(data) } })
  return JSON.parse(out.trim().split('\n').pop()!)
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const oursRate: number[] = []
const peerRate: number[] = []
const ratios: number[] = []
for (let i = 0; i < pairs; i++) {
  const first = i % 2 === 0 ? 'ours' : 'peer'
  const a = first === 'ours' ? ours() : peer()
  const b = first === 'ours' ? peer() : ours()
  const o = first === 'ours' ? a : b
  const p = first === 'ours' ? b : a
  process.stdout.write(`${JSON.stringify({ pair: i + 1, first, ours: o, peer: p })}\n`)
  oursRate.push(Number(o.samples_per_s))
  peerRate.push(Number(p.samples_per_s))
  ratios.push(Number(o.samples_per_s) / Number(p.samples_per_s))
}
const r3 = (x: number) => Math.round(x * 1000) / 1000
process.stdout.write(
  `${JSON.stringify({
    summary: true,
    relaxed_simd: !values.plain,
    pairs,
    epochs,
    ours_median_samples_per_s: Math.round(median(oursRate)),
    peer_median_samples_per_s: Math.round(median(peerRate)),
    ratio_of_medians: r3(median(oursRate) / median(peerRate)),
    median_pair_ratio: r3(median(ratios)),
    pair_ratios: ratios.map(r3),
  })}\n`,
)
