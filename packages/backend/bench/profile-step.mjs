// Per-kernel time of one d2l ResNet-18 training step (tf.profile), by category and by kernel, to find what to speed up next.
// Usage: pnpm -F @aug/backend build && node bench/profile-step.mjs [backend=wasm] [threads=2] [batch=32]
// DETAIL=<KernelName> also lists every call of that kernel with its shapes; OPT=adam uses Adam (PyTorch defaults, aug's
// FusedAdamOptimizer as @aug/train makes it) instead of SGD, OPT=tf-adam tfjs's own AdamOptimizer (same numbers, ~12 ops per weight).
// The optimizer category is the kernels of applyGradients (profiled on its own); the others are those of forward + backward.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { resnet18 } from '@aug/models';
import { FusedAdamOptimizer, useBackend } from '../dist/index.js';
const [backend = 'wasm', threads = '2', batch = '32'] = process.argv.slice(2);
await useBackend(backend, { threads: Number(threads), env: {} });
const b = Number(batch);
const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width: Number(process.env.WIDTH ?? 64) });
const x = tf.randomNormal([b, 32, 32, 3], 0, 1, 'float32', 1);
const onehot = tf.oneHot(tf.tensor1d(Array.from({ length: b }, (_, i) => i % 10), 'int32'), 10);
const opt = process.env.OPT ?? 'sgd';
const optimizer = opt === 'adam' ? new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8) : opt === 'tf-adam' ? tf.train.adam(1e-3, 0.9, 0.999, 1e-8) : tf.train.sgd(0.05);
const vars = model.trainableWeights.map((w) => w.read());
const gradients = () => tf.variableGrads(() => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(model.apply(x, { training: true }))), -1)))), vars);
const step = () => {
  const { value, grads } = gradients();
  optimizer.applyGradients(grads); value.dataSync(); tf.dispose(grads); value.dispose();
};
// WARMUP=<n> warm-up steps before the timed ones (default 1; memory grows over the first ~8 steps at batch 32).
for (let i = 0; i < Number(process.env.WARMUP ?? 1); i++) step();
// The unprofiled step: median of 3 (one step alone catches garbage collection and the machine's hiccups).
const times = [];
for (let i = 0; i < 3; i++) { const t = performance.now(); step(); times.push(performance.now() - t); }
const plain = times.sort((p, q) => p - q)[1];
let t0;
// The op-level scopes (`fusedConv2d__op`, custom-gradient scopes) time their kernels again: only kernels count.
const isKernel = (name) => tf.getKernel(name, tf.getBackend()) !== undefined;
const CATEGORIES = [
  ['convolutions', /^(Conv2D|FusedConv2D|Conv2DBackpropInput|Conv2DBackpropFilter|DepthwiseConv2dNative)$/],
  ['BatchNorm', /BatchNorm/],
  ['element-wise', /^(Add|Sub|Multiply|RealDiv|Relu|Step|Sqrt|Square|Neg|Exp|Log|Maximum|Minimum|Cast|Identity)$/],
  ['reductions', /^(Sum|Mean|Max|Min|ArgMax)$/],
  ['layout (pad, slice, reshape)', /^(PadV2|Slice|Reshape|Transpose|Concat|Tile|Pack|Unpack)$/],
];
const by = new Map();
const cats = new Map();
let grads = null;
t0 = performance.now();
// tf.profile returns the engine's one profile object: keep each call's kernel list before the next call.
const forwardBackward = { kernels: [...(await tf.profile(() => { grads = gradients(); })).kernels] };
const optimizerProfile = { kernels: [...(await tf.profile(() => optimizer.applyGradients(grads.grads))).kernels] };
grads.value.dataSync(); tf.dispose(grads.grads); grads.value.dispose();
const wall = performance.now() - t0;
let total = 0;
for (const [phase, prof] of [['step', forwardBackward], ['optimizer', optimizerProfile]]) {
  for (const k of prof.kernels) {
    if (!isKernel(k.name)) continue;
    const ms = await k.kernelTimeMs;
    total += ms;
    const e = by.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += ms; e.n++; by.set(k.name, e);
    const cat = phase === 'optimizer' ? 'optimizer' : (CATEGORIES.find(([, re]) => re.test(k.name))?.[0] ?? 'other');
    cats.set(cat, (cats.get(cat) ?? 0) + ms);
  }
}
const kernels = forwardBackward.kernels.length + optimizerProfile.kernels.length;
console.log(`step ${plain.toFixed(0)} ms (median of 3, unprofiled); profiled step ${wall.toFixed(0)} ms, of which kernels ${total.toFixed(0)} ms; ${kernels} kernels; optimizer ${opt}; batch ${b}, width ${process.env.WIDTH ?? 64}`);
console.log('| category | ms | share of the profiled step |\n|---|---:|---:|');
for (const [cat, ms] of [...cats].sort((a, b) => b[1] - a[1])) console.log(`| ${cat} | ${ms.toFixed(0)} | ${(100 * ms / wall).toFixed(0)}% |`);
console.log(`| outside kernels (tfjs's engine, tape, allocation) | ${Math.max(0, wall - total).toFixed(0)} | ${(100 * Math.max(0, wall - total) / wall).toFixed(0)}% |`);
for (const [k, e] of [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) console.log(`${k.padEnd(28)} ${e.ms.toFixed(1).padStart(8)} ms  ${String(e.n).padStart(4)}x  ${(100*e.ms/total).toFixed(1)}%`);
if (process.env.DETAIL) {
  for (const k of forwardBackward.kernels) if (k.name === process.env.DETAIL) console.log(k.name, (await k.kernelTimeMs).toFixed(1), JSON.stringify(k.inputShapes), JSON.stringify(k.outputShapes));
}
