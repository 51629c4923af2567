#!/usr/bin/env node
// Benchmarks @aug/models (built dist/): ResNet-18 inference and one training step
// (forward + backward + SGD update) on the tfjs cpu backend, and the same on the
// wasm backend when it is installed, with cpu as the same-run baseline.
// Writes ${AUG_BENCH_OUT:-<repo>/bench-results}/models.json and prints a table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { initWeights, resnet18 } from '../dist/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.env.AUG_BENCH_OUT ?? path.resolve(here, '..', '..', '..', 'bench-results');
const backends = ['cpu'];
try {
  await import('@tensorflow/tfjs-backend-wasm');
  backends.push('wasm');
} catch {
  console.log('(@tensorflow/tfjs-backend-wasm not installed: cpu only)');
}

/** Median seconds of `reps` timed runs after one warm-up. */
async function time(fn, reps) {
  await fn();
  const s = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    s.push((performance.now() - t0) / 1000);
  }
  return s.sort((a, b) => a - b)[Math.floor(s.length / 2)];
}

const cases = [
  { name: 'resnet18 inference, width 64, 32x32, batch 2', width: 64, size: 32, batch: 2, train: false, reps: 3 },
  { name: 'resnet18 train step, width 8, 16x16, batch 8', width: 8, size: 16, batch: 8, train: true, reps: 5 },
];
const results = {};
for (const backend of backends) {
  if (!(await tf.setBackend(backend))) continue;
  await tf.ready();
  for (const c of cases) {
    const net = resnet18({ width: c.width, inputSize: c.size });
    initWeights(net, { seed: 0 });
    const x = tf.randomNormal([c.batch, c.size, c.size, 3], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d(Array.from({ length: c.batch }, (_, i) => i % 10), 'int32'), 10);
    const opt = tf.train.sgd(0.01);
    const step = async () => {
      if (c.train) {
        const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true })), true);
        await loss.data();
        loss.dispose();
      } else {
        const p = net.predict(x);
        await p.data();
        p.dispose();
      }
    };
    try {
      const sec = await time(step, c.reps);
      results[`${backend}|${c.name}`] = c.batch / sec;
    } catch (error) {
      // e.g. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so it cannot train convnets
      console.log(`(skipped ${c.name} on ${backend}: ${error.message})`);
    }
    tf.dispose([x, y]);
    opt.dispose();
    net.dispose();
  }
}

const rows = [];
for (const c of cases) {
  const base = results[`cpu|${c.name}`];
  for (const backend of backends) {
    const value = results[`${backend}|${c.name}`];
    if (value === undefined) continue;
    const isBase = backend === 'cpu';
    rows.push({
      name: `${c.name} (${backend})`,
      value,
      unit: 'images/s',
      baseline: isBase ? null : { name: `${c.name} (cpu)`, value: base },
      ratio: isBase ? null : value / base,
      notes: `median of ${c.reps} after 1 warm-up${c.train ? '; SGD step incl. backward' : ''}`,
    });
  }
}
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'models.json'), JSON.stringify({ package: '@aug/models', rows }, null, 2) + '\n');
console.log('| figure | images/s | baseline | ratio |\n| --- | ---: | --- | ---: |');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.value.toFixed(2)} | ${r.baseline?.name ?? ''} | ${r.ratio == null ? '' : r.ratio.toFixed(2) + 'x'} |`);
}
