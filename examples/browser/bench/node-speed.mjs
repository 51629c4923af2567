#!/usr/bin/env node
// The same measurement as bench/page-speed.mjs, in Node: ResNet-18 (width 8) training steps at batch 32
// on one fixed batch of the page's CIFAR-10 sample, on @aug/backend's wasm route (1 and 2 threads) and
// onnxruntime route, the first step left out. Each route runs in its own process (replacing the wasm
// backend's thread count inside one process loses its module state).
//   node bench/node-speed.mjs [--width 8 --batch 32 --steps 6]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@aug/backend';
import { initWeights, resnet18 } from '@aug/models';
import { createOptimizer, trainBatch } from '@aug/train';

const args = process.argv.slice(2);
const flag = (name, def) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : def);
const width = flag('width', 8);
const batch = flag('batch', 32);
const steps = flag('steps', 6);
const bytes = readFileSync(resolve(import.meta.dirname, '..', 'public', 'data', 'cifar10-sample.bin'));
const xs = new Float32Array(batch * 3072);
const ys = new Int32Array(batch);
for (let i = 0; i < batch; i++) {
  const base = i * 3073;
  ys[i] = bytes[base];
  for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) xs[i * 3072 + 3 * p + c] = bytes[base + 1 + c * 1024 + p] / 255;
}

const one = args.includes('--one') ? args[args.indexOf('--one') + 1].split(':') : null;
if (one === null) {
  for (const config of ['wasm:1', 'wasm:2', 'onnxruntime:2']) {
    process.stdout.write(execFileSync(process.execPath, [import.meta.filename, ...args, '--one', config], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  }
  process.exit(0);
}
for (const [route, threads] of [[one[0], Number(one[1])]]) {
  const info = await useBackend(route, { threads });
  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width });
  initWeights(model, { init: 'xavierUniform', seed: 0 });
  const optimizer = createOptimizer('adam', 1e-3);
  const x = tf.tensor4d(xs, [batch, 32, 32, 3]);
  const y = tf.tensor1d(ys, 'int32');
  const stepMs = [];
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    await trainBatch(model, x, y, { optimizer });
    stepMs.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  const timed = stepMs.slice(1);
  const imgPerSec = (batch * timed.length) / (timed.reduce((a, b) => a + b, 0) / 1000);
  console.log(`node ${route} (${threads} thread${threads === 1 ? '' : 's'}): ${imgPerSec.toFixed(1)} img/s (ResNet-18 width ${width}, batch ${batch}; steps ms ${stepMs.map((t) => t.toFixed(0)).join(', ')}) on ${info.description}`);
}
process.exit(0);
