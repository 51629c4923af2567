// Per-kernel time of one d2l ResNet-18 training step (tf.profile), to find what to speed up next.
// Usage: pnpm -F @aug/backend build && node bench/profile-step.mjs [backend=wasm] [threads=2] [batch=32]
// DETAIL=<KernelName> also lists every call of that kernel with its shapes; OPT=adam uses Adam (PyTorch defaults) instead of SGD.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { resnet18 } from '@aug/models';
import { useBackend } from '../dist/index.js';
const [backend = 'wasm', threads = '2', batch = '32'] = process.argv.slice(2);
await useBackend(backend, { threads: Number(threads), env: {} });
const b = Number(batch);
const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width: Number(process.env.WIDTH ?? 64) });
const x = tf.randomNormal([b, 32, 32, 3], 0, 1, 'float32', 1);
const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: b }, (_, i) => i % 10), 'int32'), 10);
const sgd = process.env.OPT === 'adam' ? tf.train.adam(1e-3, 0.9, 0.999, 1e-8) : tf.train.sgd(0.05);
const vars = model.trainableWeights.map((w) => w.read());
const step = () => {
  const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(model.apply(x, { training: true }))), -1)))), vars);
  sgd.applyGradients(grads); value.dataSync(); tf.dispose(grads); value.dispose();
};
step();
let t0 = performance.now(); step(); const plain = performance.now() - t0;
t0 = performance.now();
const prof = await tf.profile(step);
const wall = performance.now() - t0;
const by = new Map();
for (const k of prof.kernels) {
  const key = k.name;
  const e = by.get(key) ?? { ms: 0, n: 0 };
  e.ms += await k.kernelTimeMs; e.n++; by.set(key, e);
}
const total = [...by.values()].reduce((a, e) => a + e.ms, 0);
console.log(`step ${plain.toFixed(0)} ms plain; profiled wall ${wall.toFixed(0)} ms; kernel sum ${total.toFixed(0)} ms; ${prof.kernels.length} kernels; peak ${prof.peakBytes/2**20|0} MiB`);
for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${k.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  ${String(e.n).padStart(4)}x  ${(100*e.ms/total).toFixed(1)}%`);
if (process.env.DETAIL) {
  for (const k of prof.kernels) if (k.name === process.env.DETAIL) console.log(k.name, (await k.kernelTimeMs).toFixed(1), JSON.stringify(k.inputShapes), JSON.stringify(k.outputShapes));
}
