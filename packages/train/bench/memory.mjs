#!/usr/bin/env node
// Resident-memory benchmark of the training loop: trains a small conv net with BatchNorm on synthetic
// data for many epochs (cpu backend, checkpoints and metrics log on, as a real run) and records, after
// every epoch, the process RSS and tf.memory().numTensors. A leak shows as tensors growing per epoch or
// RSS climbing steadily after the first epochs.
//
// Usage: node --expose-gc bench/memory.mjs [--epochs N] [--batches N] [--backend NAME]   (after `pnpm -F @aug/train build`)
//        --backend: a name for @aug/train/backend's useBackend (e.g. auto, wasm); default: the stock cpu backend.
// Env:   AUG_BENCH_OUT (default <repo root>/bench-results) -> writes train-memory.json there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { train } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..');
const out = process.env.AUG_BENCH_OUT ?? path.join(root, 'bench-results');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const epochs = arg('epochs', 30);
const batchesPerEpoch = arg('batches', 10);
const batchSize = 16;
const size = 8;

const backendArg = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : null;
if (backendArg) {
  const { useBackend } = await import('../dist/backend.js');
  await useBackend(backendArg);
} else {
  await tf.setBackend('cpu');
}
await tf.ready();

// Deterministic synthetic images (class = which half is brighter), regenerated per batch like a real loader.
function makeLoader(batches, seed) {
  let epoch = 0;
  return {
    length: batches,
    setEpoch(k) {
      epoch = k;
    },
    async *[Symbol.asyncIterator]() {
      const e = epoch++;
      for (let b = 0; b < batches; b++) {
        const xs = new Float32Array(batchSize * size * size * 3);
        const ys = new Int32Array(batchSize);
        let s = (seed * 7919 + e * 104729 + b * 1299709) >>> 0;
        for (let i = 0; i < batchSize; i++) {
          const label = (i + b) % 2;
          ys[i] = label;
          for (let p = 0; p < size * size; p++) {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            const bright = (p % size < size / 2) === (label === 0);
            for (let c = 0; c < 3; c++) xs[(i * size * size + p) * 3 + c] = (bright ? 0.7 : 0.3) + (s / 2 ** 32 - 0.5) * 0.3;
          }
        }
        yield { x: tf.tensor4d(xs, [batchSize, size, size, 3]), y: tf.tensor1d(ys, 'int32') };
      }
    },
  };
}

const model = tfl.sequential({
  layers: [
    tfl.layers.conv2d({ inputShape: [size, size, 3], filters: 4, kernelSize: 3, padding: 'same' }),
    tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    tfl.layers.reLU(),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }),
    tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
    tfl.layers.reLU(),
    tfl.layers.globalAveragePooling2d({}),
    tfl.layers.dense({ units: 2 }),
  ],
});

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-train-memory-'));
const MiB = 2 ** 20;
const rss = [];
const tensors = [];
const started = performance.now();
const history = await train(model, makeLoader(batchesPerEpoch, 1), makeLoader(2, 2), {
  epochs,
  optimizer: 'adam',
  progress: false,
  log: () => {},
  checkpointDir: path.join(work, 'ckpt'),
  metricsLog: path.join(work, 'metrics.jsonl'),
  onUpdate: (p) => {
    if (p.testAcc === null) return;
    globalThis.gc?.();
    rss.push(process.memoryUsage().rss / MiB);
    tensors.push(tf.memory().numTensors);
  },
});
const seconds = (performance.now() - started) / 1000;
fs.rmSync(work, { recursive: true, force: true });
model.dispose();

// Least-squares slope of RSS over epochs 2..N (epoch 1 includes one-time allocations).
const ys = rss.slice(1);
const xs = ys.map((_, i) => i);
const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
const my = ys.reduce((a, b) => a + b, 0) / ys.length;
const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
const last = rss.length;
const rows = [
  { name: 'rss after epoch 1', value: rss[0], unit: 'MiB', baseline: null, ratio: null, notes: 'after the first epoch (one-time allocations done)' },
  {
    name: `rss after epoch ${last}`,
    value: rss[last - 1],
    unit: 'MiB',
    baseline: { name: 'rss after epoch 1', value: rss[0] },
    ratio: rss[last - 1] / rss[0],
    notes: `${epochs} epochs x ${batchesPerEpoch} steps, batch ${batchSize}, ${size}x${size}x3, conv-BN net, checkpoint every epoch${globalThis.gc ? ', gc before each sample' : ', no --expose-gc'}`,
  },
  { name: `rss slope epochs 2..${last}`, value: slope, unit: 'MiB/epoch', baseline: null, ratio: null, notes: 'least squares; ~0 means no growth' },
  { name: 'tensors after epoch 1', value: tensors[0], unit: 'tensors', baseline: null, ratio: null, notes: 'model weights + Adam state' },
  {
    name: `tensors after epoch ${last}`,
    value: tensors[last - 1],
    unit: 'tensors',
    baseline: { name: 'tensors after epoch 1', value: tensors[0] },
    ratio: tensors[last - 1] / tensors[0],
    notes: `per epoch: ${[...new Set(tensors)].join(', ')} (distinct values)`,
  },
  {
    name: 'training throughput',
    value: history.examplesPerSec,
    unit: 'examples/s',
    baseline: null,
    ratio: null,
    notes: `${tf.getBackend()} backend; whole run ${seconds.toFixed(1)} s incl. evaluation and checkpoints`,
  },
];
fs.mkdirSync(out, { recursive: true });
const file = path.join(out, 'train-memory.json');
fs.writeFileSync(file, JSON.stringify({ package: '@aug/train', rows }, null, 2) + '\n');
for (const r of rows) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.ratio == null ? '' : ` (x${r.ratio.toFixed(3)} of ${r.baseline.name})`}`);
console.log(`wrote ${file}`);
