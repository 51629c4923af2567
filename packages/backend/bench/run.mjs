#!/usr/bin/env node
// Training-throughput benchmark of @aug/backend (issue 7): images/s of one d2l ResNet-18
// training step (32x32x3, CrossEntropy, SGD) on the stock tfjs cpu backend, aug's cpu path, aug's wasm
// path with 1 and 2 threads, and PyTorch on the CPU (bench/torch_resnet18.py, 2 threads) when
// python3 with torch is installed; plus inference at batch 256, and the rate (GFLOPS) of single 3x3
// convolutions of the network on wasm and in PyTorch, with the ceiling it puts on a wasm training step;
// the onnxruntime route (issue 15): steps at 32 and 256, inference, its three convolution kernels next
// to PyTorch's, and interleaved rounds of PyTorch / onnxruntime / wasm for the headline ratios.
// Every configuration runs in its own child process (fresh heap, fresh wasm module), one after the
// other, in this one run.
//
// Usage: pnpm -F @aug/backend -F @aug/train build && node bench/run.mjs  (the 'micro' rows use @aug/train's built trainBatch)
// Env:   AUG_BENCH_OUT (default <repo root>/bench-results) -> backend.json
//        AUG_BENCH_PYTHON: the interpreter with torch (default: python3, then /usr/bin/python3)
//        AUG_BENCH_QUICK=1: smaller batches and one timed step (a smoke run, not for the README)
//        AUG_BENCH_SKIP_STOCK=1 (the stock cpu step is slow)
//        AUG_BENCH_ROUNDS: interleaved PyTorch / onnxruntime / wasm rounds at batch 32 (default 3)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The steady-state rows: after the first warm-up and the timed steps, this many more steps, then STEADY steps
// timed (torch_resnet18.py's STEADY_WARMUP and --steady): both processes' memory grows over their first steps
// (aug's glibc heap for ~7 steps at batch 32, 900 -> 1,200 MB of fresh pages, 3-4 s/GiB on these VMs).
const STEADY_WARMUP = 6;
const STEADY = 4;
const root = path.resolve(here, '..', '..', '..');
const quick = process.env.AUG_BENCH_QUICK === '1';

if (process.argv[2] === '--one') {
  await measureOne(JSON.parse(process.argv[3]));
  process.exit(0);
}

/** Runs one configuration in this process and prints `{ imagesPerSecond, ... }` as JSON. */
async function measureOne(cfg) {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-layers');
  const { resnet18, fuseConvBnEval } = await import('@aug/models');
  const { useBackend, uninstallTrainingKernels, FusedAdamOptimizer } = await import('../dist/index.js');
  const info = await useBackend(cfg.backend, { threads: cfg.threads, env: {} });
  if (cfg.stock) uninstallTrainingKernels('cpu');
  if (cfg.mode === 'conv') {
    console.log(JSON.stringify({ gflops: convRates(tf, cfg.steps), description: info.description }));
    return;
  }
  if (cfg.mode === 'kernels') {
    console.log(JSON.stringify({ kernels: kernelRates(tf, cfg.steps), description: info.description }));
    return;
  }
  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32 });
  const x = tf.randomNormal([cfg.batch, 32, 32, 3], 0, 1, 'float32', 1);
  const labels = tf.tensor1d(Array.from({ length: cfg.batch }, (_, i) => i % 10), 'int32');
  const onehot = tf.oneHot(labels, 10);
  // cfg.opt: 'sgd' (default), 'adam' (aug's FusedAdamOptimizer, what @aug/train uses) or 'tf-adam' (tfjs's AdamOptimizer).
  const sgd = cfg.opt === 'adam' ? new FusedAdamOptimizer(1e-3, 0.9, 0.999, 1e-8) : cfg.opt === 'tf-adam' ? tf.train.adam(1e-3, 0.9, 0.999, 1e-8) : tf.train.sgd(0.05);
  const vars = model.trainableWeights.map((w) => w.read());
  const train = () => {
    const { value, grads } = tf.variableGrads(
      () => tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(model.apply(x, { training: true }))), -1)))),
      vars,
    );
    sgd.applyGradients(grads);
    value.dataSync();
    tf.dispose(grads);
    value.dispose();
  };
  // mode 'infer-fused': the same model with BatchNorm folded into the convolutions (@aug/models' fuseConvBnEval).
  const predictor = cfg.mode === 'infer-fused' ? fuseConvBnEval(model) : model;
  const infer = () => tf.tidy(() => predictor.predict(x).dataSync());
  // mode 'micro': @aug/train's trainBatch with microBatchSize 'auto' (mean loss, same SGD), for
  // batches whose single step does not fit the wasm heap.
  // @aug/train depends on @aug/backend, so this bench reaches the sibling package's build by path.
  const { trainBatch } = cfg.mode === 'micro' ? await import(path.join(root, 'packages', 'train', 'dist', 'index.js')) : {};
  let microBatchSize = cfg.batch;
  const micro = async () => {
    const r = await trainBatch(model, x, labels, { optimizer: sgd, reduction: 'mean', microBatchSize: 'auto' });
    microBatchSize = r.microBatchSize;
  };
  let forwardFlops = 0; // per image, 2 x multiply-adds of every Conv2D and Dense layer
  for (const l of model.layers) {
    const cls = l.getClassName();
    if (cls === 'Conv2D') {
      const [kh, kw, ci, co] = l.kernel.shape;
      forwardFlops += 2 * l.outputShape[1] * l.outputShape[2] * co * kh * kw * ci;
    } else if (cls === 'Dense') forwardFlops += 2 * l.kernel.shape[0] * l.kernel.shape[1];
  }
  const run = cfg.mode === 'infer' || cfg.mode === 'infer-fused' ? infer : cfg.mode === 'micro' ? micro : train;
  for (let i = 0; i < cfg.warmup; i++) await run();
  const t0 = performance.now();
  for (let i = 0; i < cfg.steps; i++) await run();
  const seconds = (performance.now() - t0) / 1000;
  // cfg.steady: also the rate of that many steps after STEADY_WARMUP more, as torch_resnet18.py --steady does.
  let steadyImagesPerSecond = null;
  if (cfg.steady > 0) {
    for (let i = 0; i < STEADY_WARMUP; i++) await run();
    const t1 = performance.now();
    for (let i = 0; i < cfg.steady; i++) await run();
    steadyImagesPerSecond = (cfg.batch * cfg.steady) / ((performance.now() - t1) / 1000);
  }
  console.log(JSON.stringify({ imagesPerSecond: (cfg.batch * cfg.steps) / seconds, steadyImagesPerSecond, seconds, description: info.description, microBatchSize, forwardFlops }));
}

// The peer of torch_resnet18.py's conv_gflops: one forward 3x3 convolution (padding 1, batch 32) per
// shape, GFLOPS = 2 x multiply-adds / s, best of `steps` x 5 timed calls after a warm-up.
function convRates(tf, steps) {
  const out = {};
  for (const [c, hw] of [[64, 32], [512, 4]]) {
    const x = tf.randomNormal([32, hw, hw, c], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, c, c], 0, 0.05, 'float32', 2);
    tf.conv2d(x, w, 1, 'same').dispose();
    const t0 = performance.now();
    for (let i = 0; i < steps * 5; i++) tf.conv2d(x, w, 1, 'same').dispose();
    const seconds = (performance.now() - t0) / 1000 / (steps * 5);
    out[`${c}x${hw}x${hw}`] = (2 * 32 * hw * hw * c * c * 9) / seconds / 1e9;
    tf.dispose([x, w]);
  }
  return out;
}

// The peer of torch_resnet18.py's conv_kernel_gflops: the three convolution kernels of a training step
// alone (forward, input gradient, filter gradient; batch 32, 3x3, padding 1), best of steps x 3 calls.
function kernelRates(tf, steps) {
  const out = {};
  for (const [c, hw] of [[64, 32], [512, 4]]) {
    const x = tf.randomNormal([32, hw, hw, c], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, c, c], 0, 0.05, 'float32', 2);
    const dy = tf.randomNormal([32, hw, hw, c], 0, 1, 'float32', 3);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
    const calls = {
      forward: () => tf.engine().runKernel('Conv2D', { x, filter: w }, { ...attrs, dilations: [1, 1] }),
      input: () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }),
      filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }),
    };
    const rates = {};
    for (const [name, call] of Object.entries(calls)) {
      call().dispose();
      let best = Infinity;
      for (let i = 0; i < steps * 3; i++) {
        const t0 = performance.now();
        const r = call();
        r.dataSync();
        best = Math.min(best, (performance.now() - t0) / 1000);
        r.dispose();
      }
      rates[name] = (2 * 32 * hw * hw * c * c * 9) / best / 1e9;
    }
    out[`${c}x${hw}x${hw}`] = rates;
    tf.dispose([x, w, dy]);
  }
  return out;
}

// glibc keeps freed memory instead of returning it to the kernel (what `pnpm start` sets too): this VM
// pays 3-4 s per GiB of freshly touched memory.
const MALLOC_TUNED = { MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '268435456' };
// aug's runs are tuned as `pnpm start` runs the main job: glibc as above, and V8's heap starting at 256 MB (the
// default small old generation ran ~14 full mark-compacts per ResNet-18 step; see the README's onnxruntime route).
const TUNED = { env: MALLOC_TUNED, flags: ['--initial-heap-size=256'] };

function child(cfg, tuning = { env: {}, flags: [] }) {
  const r = spawnSync(process.execPath, [...tuning.flags, fileURLToPath(import.meta.url), '--one', JSON.stringify(cfg)], { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 20 * 60_000, env: { ...process.env, ...tuning.env } });
  const line = r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    return { error: `exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` };
  }
  return JSON.parse(line);
}

// The first interpreter that has torch (a venv's python3 may not; Debian's python3-torch is in /usr/bin).
const pythonCandidates = process.env.AUG_BENCH_PYTHON ? [process.env.AUG_BENCH_PYTHON] : ['python3', '/usr/bin/python3'];
const py = pythonCandidates.find((c) => spawnSync(c, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) ?? null;

function python(env, extra = null) {
  if (py === null) return null;
  const args = extra ?? [path.join(here, 'torch_resnet18.py'), '--batches', batches.join(','), '--infer', String(inferBatch), '--steps', String(steps), '--threads', '2', '--kernels'];
  const r = spawnSync(py, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    return null;
  }
}

const batches = quick ? [8] : [32, 128];
const inferBatch = quick ? 32 : 256;
const steps = quick ? 1 : 2;
const stockBatch = quick ? 1 : 2;
const cpuBatch = quick ? 2 : 8;
const rows = [];
const fmt = (v) => (v === null || v === undefined ? '-' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(3));
const log = (msg) => process.stdout.write(`${msg}\n`);

function row(name, result, baseline, notes, unit = 'img/s') {
  const value = result && !result.error ? result.imagesPerSecond : null;
  if (value === null || value === undefined) {
    log(`  ${name}: failed ${result?.error ?? ''}`);
    rows.push({ name, value: 0, unit, baseline: null, ratio: null, notes: `failed: ${result?.error ?? 'no result'}` });
    return null;
  }
  const ratio = baseline && baseline.value > 0 ? value / baseline.value : null;
  rows.push({ name, value, unit, baseline: baseline ?? null, ratio, notes });
  log(`  ${name}: ${fmt(value)} ${unit}${ratio ? ` (${fmt(ratio)}x ${baseline.name})` : ''}`);
  return value;
}

log(`@aug/backend bench: d2l ResNet-18, 32x32x3, training step = forward + CrossEntropy + backward + SGD${quick ? ' (QUICK)' : ''}`);
let stock = null;
if (process.env.AUG_BENCH_SKIP_STOCK !== '1') {
  const r = child({ backend: 'cpu', stock: true, batch: stockBatch, warmup: 0, steps: 1, mode: 'train' });
  const v = row(`train b${stockBatch}: stock tfjs-backend-cpu 4.22`, r, null, 'one step (its Conv2DBackpropFilter dominates); the baseline of the aug rows');
  if (v !== null) stock = { name: 'stock cpu', value: v };
}
row(`train b${cpuBatch}: aug cpu (fast Conv2DBackpropFilter)`, child({ backend: 'cpu', batch: cpuBatch, warmup: 0, steps: 1, mode: 'train' }, TUNED), stock, 'pure JavaScript; one step');
const wasm = {};
let forwardFlops = null;
for (const threads of [1, 2]) {
  for (const b of batches) {
    // One step of 128 does not fit the 4 GiB wasm heap (~51 MiB per example: with 1 thread it aborts,
    // with 2 it thrashes at the limit), so batches above 32 go through trainBatch's micro-batches.
    const mode = b > 32 ? 'micro' : 'train';
    const r = child({ backend: 'wasm', threads, batch: b, warmup: 1, steps, mode }, TUNED);
    forwardFlops ??= r.forwardFlops ?? null;
    const how = mode === 'micro' ? `trainBatch microBatchSize 'auto' (micro-batches of ${r.microBatchSize ?? '?'})` : 'one step';
    wasm[`${threads}/${b}`] = row(`train b${b}: aug wasm ${threads} thread${threads > 1 ? 's' : ''}`, r, stock, `XNNPACK + aug kernels; ${how}; ${steps} steps after 1 warm-up`);
  }
}
const wasmConv = child({ backend: 'wasm', threads: 2, batch: 32, steps, mode: 'conv' }, TUNED);
for (const shape of Object.keys(wasmConv.gflops ?? { '64x32x32': 0 })) {
  row(`conv 3x3 ${shape} b32 forward: aug wasm 2 threads`, wasmConv.error ? wasmConv : { imagesPerSecond: wasmConv.gflops[shape] }, null, 'tf.conv2d, XNNPACK', 'GFLOPS');
}
const wasmInfer = row(`infer b${inferBatch}: aug wasm 2 threads`, child({ backend: 'wasm', threads: 2, batch: inferBatch, warmup: 1, steps, mode: 'infer' }, TUNED), null, 'eval mode, model.predict');

const torchPlain = python({});
const torchTuned = python({ MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '268435456' });
if (torchPlain === null) log('  PyTorch: not available (python3 with torch); skipped');
for (const [label, t] of [['', torchPlain], [' (glibc malloc tuned)', torchTuned]]) {
  if (t === null) continue;
  for (const b of batches) row(`train b${b}: PyTorch ${t.torch} cpu, 2 threads${label}`, { imagesPerSecond: t.train[String(b)] }, null, 'bench/torch_resnet18.py');
  row(`infer b${inferBatch}: PyTorch ${t.torch} cpu, 2 threads${label}`, { imagesPerSecond: t.infer }, null, 'eval mode, no_grad');
  for (const [shape, g] of Object.entries(t.conv ?? {})) {
    row(`conv 3x3 ${shape} b32 forward: PyTorch ${t.torch} cpu, 2 threads${label}`, { imagesPerSecond: g }, null, 'nn.Conv2d, no_grad (oneDNN)', 'GFLOPS');
  }
}
const torchBest = (key) => Math.max(...[torchPlain, torchTuned].filter(Boolean).map((t) => (key === 'infer' ? t.infer : t.train[key])));
if (torchPlain !== null) {
  for (const b of batches) {
    const v = wasm[`2/${b}`];
    if (v) row(`train b${b}: aug wasm 2 threads vs PyTorch`, { imagesPerSecond: v }, { name: 'PyTorch (faster of plain/tuned)', value: torchBest(String(b)) }, 'target >= 0.5');
  }
  // Ceiling: a step's convolution work is ~3x the forward FLOPs (forward, input gradient, filter
  // gradient). Were every FLOP of the step done at the best rate one wasm convolution reached above,
  // and everything else free, wasm would train at most this fast.
  const best = Math.max(0, ...Object.values(wasmConv.gflops ?? {}));
  if (forwardFlops && best > 0) {
    const ceiling = (best * 1e9) / (3 * forwardFlops);
    row(`train b${batches[0]}: ceiling of aug wasm 2 threads (best conv rate / 3 x forward FLOPs)`, { imagesPerSecond: ceiling }, { name: 'PyTorch (faster of plain/tuned)', value: torchBest(String(batches[0])) }, `${fmt(best)} GFLOPS / (3 x ${(forwardFlops / 1e9).toFixed(2)} GFLOP per image)`);
  }
  if (wasmInfer) row(`infer b${inferBatch}: aug wasm 2 threads vs PyTorch`, { imagesPerSecond: wasmInfer }, { name: 'PyTorch (faster of plain/tuned)', value: torchBest('infer') }, '');
}

// The onnxruntime route (issue 15): one step at 32 and at 256 (no micro-batches), inference, and the
// three convolution kernels alone next to PyTorch's.
const ortNote = 'onnxruntime-node convolutions + aug cpu kernels, malloc tuned';
const ort32 = row(`train b${batches[0]}: aug onnxruntime 2 threads`, child({ backend: 'onnxruntime', threads: 2, batch: batches[0], warmup: 1, steps, mode: 'train' }, TUNED), stock, `${ortNote}; one step, ${steps} steps after 1 warm-up`);
row(`train b${batches[0]}: aug onnxruntime 2 threads, glibc and V8 heap not tuned`, child({ backend: 'onnxruntime', threads: 2, batch: batches[0], warmup: 1, steps, mode: 'train' }), null, 'the same without the glibc and V8 heap settings');
const seedBatch = quick ? 16 : 256;
row(`train b${seedBatch}: aug onnxruntime 2 threads`, child({ backend: 'onnxruntime', threads: 2, batch: seedBatch, warmup: 1, steps: 1, mode: 'train' }, TUNED), null, `${ortNote}; the seed's batch in one step (no micro-batches)`);
const ortInfer = row(`infer b${inferBatch}: aug onnxruntime 2 threads`, child({ backend: 'onnxruntime', threads: 2, batch: inferBatch, warmup: 1, steps, mode: 'infer' }, TUNED), null, 'eval mode, model.predict');
const ortInferFused = row(`infer b${inferBatch}: aug onnxruntime 2 threads, BatchNorm folded`, child({ backend: 'onnxruntime', threads: 2, batch: inferBatch, warmup: 1, steps, mode: 'infer-fused' }, TUNED), null, 'model.predict of fuseConvBnEval(model)');
const ortKernels = child({ backend: 'onnxruntime', threads: 2, batch: 32, steps, mode: 'kernels' }, TUNED);
const torchKernels = torchTuned?.kernels ?? torchPlain?.kernels ?? null;
for (const [shape, rates] of Object.entries(ortKernels.kernels ?? {})) {
  for (const [kernel, g] of Object.entries(rates)) {
    const peer = torchKernels?.[shape]?.[kernel];
    row(`conv 3x3 ${shape} b32 ${kernel}: aug onnxruntime 2 threads`, { imagesPerSecond: g }, peer ? { name: 'PyTorch (malloc tuned)', value: peer } : null, 'one kernel alone, best of 3 x steps calls', 'GFLOPS');
  }
}
if (ortKernels.error) row('conv kernels: aug onnxruntime', ortKernels, null, '');
if (torchPlain !== null && ortInfer) row(`infer b${inferBatch}: aug onnxruntime 2 threads vs PyTorch`, { imagesPerSecond: ortInfer }, { name: 'PyTorch (faster of plain/tuned)', value: torchBest('infer') }, 'target >= 0.7');
if (torchPlain !== null && ortInferFused) {
  row(`infer b${inferBatch}: aug onnxruntime 2 threads, BatchNorm folded vs PyTorch eval`, { imagesPerSecond: ortInferFused }, { name: 'PyTorch (faster of plain/tuned)', value: torchBest('infer') }, 'fuseConvBnEval against plain eval mode');
  const torchFused = Math.max(...[torchPlain, torchTuned].filter(Boolean).map((t) => t.infer_fused ?? 0));
  if (torchFused > 0) row(`infer b${inferBatch}: aug onnxruntime 2 threads, BatchNorm folded vs PyTorch folded`, { imagesPerSecond: ortInferFused }, { name: 'PyTorch torch.fx fuse (faster of plain/tuned)', value: torchFused }, 'both with BatchNorm folded into the convolutions');
}

// Interleaved rounds for the headline ratios: this machine's speed drifts by 2-3x within minutes, so
// PyTorch, onnxruntime and wasm at batch 32 run back to back, ROUNDS times, and the ratios are the
// medians of the per-round ratios.
const rounds = Number(process.env.AUG_BENCH_ROUNDS ?? (quick ? 1 : 3));
// The PyTorch and onnxruntime processes also time STEADY steps after STEADY_WARMUP more (the steady-state
// rows); wasm (4 s a step) keeps the first steps only, and the wasm ratio compares first steps with first steps.
const steadyOf = (out, b) => out?.train_steady?.[String(b)] ?? 0;
const perRound = { torch: [], ort: [], wasm: [], torchSteady: [], ortSteady: [] };
for (let r = 0; r < rounds && ort32 !== null; r++) {
  const b = batches[0];
  const torchArgs = [path.join(here, 'torch_resnet18.py'), '--batches', String(b), '--infer', '0', '--steps', String(steps), '--threads', '2', '--steady', String(STEADY)];
  const tp = python({}, torchArgs);
  const tt = python(MALLOC_TUNED, torchArgs);
  const o = child({ backend: 'onnxruntime', threads: 2, batch: b, warmup: 1, steps, mode: 'train', steady: STEADY }, TUNED);
  const w = child({ backend: 'wasm', threads: 2, batch: b, warmup: 1, steps, mode: 'train' }, TUNED);
  const t = Math.max(tp?.train?.[String(b)] ?? 0, tt?.train?.[String(b)] ?? 0);
  const ts = Math.max(steadyOf(tp, b), steadyOf(tt, b));
  if (o.imagesPerSecond) perRound.ort.push(o.imagesPerSecond);
  if (w.imagesPerSecond) perRound.wasm.push(w.imagesPerSecond);
  if (t > 0) perRound.torch.push(t);
  if (ts > 0 && o.steadyImagesPerSecond) {
    perRound.torchSteady.push(ts);
    perRound.ortSteady.push(o.steadyImagesPerSecond);
  }
  log(`  round ${r + 1}: PyTorch ${fmt(t)}, onnxruntime ${fmt(o.imagesPerSecond ?? null)}, wasm ${fmt(w.imagesPerSecond ?? null)} img/s; steady state: PyTorch ${fmt(ts || null)}, onnxruntime ${fmt(o.steadyImagesPerSecond ?? null)}`);
}
// The main job's optimizer: Adam (lr 1e-3) at batch 32, PyTorch / aug's fused Adam / tfjs's AdamOptimizer
// on the onnxruntime route, interleaved the same way.
const adamRound = { torch: [], fused: [], tf: [], torchSteady: [], fusedSteady: [] };
for (let r = 0; r < rounds && ort32 !== null; r++) {
  const b = batches[0];
  const torchArgs = [path.join(here, 'torch_resnet18.py'), '--batches', String(b), '--infer', '0', '--steps', String(steps), '--threads', '2', '--opt', 'adam', '--steady', String(STEADY)];
  const tp = python({}, torchArgs);
  const tt = python(MALLOC_TUNED, torchArgs);
  const fused = child({ backend: 'onnxruntime', threads: 2, batch: b, warmup: 1, steps, mode: 'train', opt: 'adam', steady: STEADY }, TUNED);
  const stockAdam = child({ backend: 'onnxruntime', threads: 2, batch: b, warmup: 1, steps, mode: 'train', opt: 'tf-adam' }, TUNED);
  const t = Math.max(tp?.train?.[String(b)] ?? 0, tt?.train?.[String(b)] ?? 0);
  const ts = Math.max(steadyOf(tp, b), steadyOf(tt, b));
  if (t > 0) adamRound.torch.push(t);
  if (fused.imagesPerSecond) adamRound.fused.push(fused.imagesPerSecond);
  if (stockAdam.imagesPerSecond) adamRound.tf.push(stockAdam.imagesPerSecond);
  if (ts > 0 && fused.steadyImagesPerSecond) {
    adamRound.torchSteady.push(ts);
    adamRound.fusedSteady.push(fused.steadyImagesPerSecond);
  }
  log(`  Adam round ${r + 1}: PyTorch ${fmt(t)}, onnxruntime + FusedAdamOptimizer ${fmt(fused.imagesPerSecond ?? null)}, onnxruntime + tf.train.adam ${fmt(stockAdam.imagesPerSecond ?? null)} img/s; steady state: PyTorch ${fmt(ts || null)}, onnxruntime + FusedAdamOptimizer ${fmt(fused.steadyImagesPerSecond ?? null)}`);
}

// Inference at the inference batch, interleaved the same way: PyTorch eval mode plain and with torch.fx's
// conv-bn fusion, aug's predict plain and on fuseConvBnEval's copy.
const inferRound = { torch: [], torchFused: [], ort: [], ortFused: [] };
for (let r = 0; r < rounds && ortInfer !== null; r++) {
  const torchArgs = [path.join(here, 'torch_resnet18.py'), '--batches', '', '--infer', String(inferBatch), '--steps', String(steps), '--threads', '2'];
  const tp = python({}, torchArgs);
  const tt = python(MALLOC_TUNED, torchArgs);
  const o = child({ backend: 'onnxruntime', threads: 2, batch: inferBatch, warmup: 1, steps, mode: 'infer' }, TUNED);
  const f = child({ backend: 'onnxruntime', threads: 2, batch: inferBatch, warmup: 1, steps, mode: 'infer-fused' }, TUNED);
  const t = Math.max(tp?.infer ?? 0, tt?.infer ?? 0);
  const tf = Math.max(tp?.infer_fused ?? 0, tt?.infer_fused ?? 0);
  if (t > 0 && tf > 0 && o.imagesPerSecond && f.imagesPerSecond) {
    inferRound.torch.push(t);
    inferRound.torchFused.push(tf);
    inferRound.ort.push(o.imagesPerSecond);
    inferRound.ortFused.push(f.imagesPerSecond);
  }
  log(`  inference round ${r + 1}: PyTorch ${fmt(t)} (fused ${fmt(tf)}), onnxruntime ${fmt(o.imagesPerSecond ?? null)} (BatchNorm folded ${fmt(f.imagesPerSecond ?? null)}) img/s`);
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ratios = (a, b) => a.map((v, i) => (b[i] ? v / b[i] : null)).filter((v) => v !== null);
if (perRound.ort.length > 0) {
  const n = perRound.ort.length;
  const list = (v) => v.map(fmt).join(', ');
  if (perRound.torch.length === n) {
    const rt = median(ratios(perRound.ort, perRound.torch));
    rows.push({ name: `train b${batches[0]}: aug onnxruntime vs PyTorch, median of ${n} interleaved rounds`, value: rt, unit: 'x', baseline: null, ratio: rt, notes: `target >= 0.6; onnxruntime ${list(perRound.ort)} vs PyTorch ${list(perRound.torch)} img/s` });
    log(`  onnxruntime / PyTorch (median of ${n} rounds): ${fmt(rt)}x`);
  }
  if (perRound.ortSteady.length > 0) {
    const m = perRound.ortSteady.length;
    const rs = median(ratios(perRound.ortSteady, perRound.torchSteady));
    rows.push({ name: `train b${batches[0]}, steady state (steps ${steps + 2 + STEADY_WARMUP}-${steps + 1 + STEADY_WARMUP + STEADY}): aug onnxruntime vs PyTorch, median of ${m} interleaved rounds`, value: rs, unit: 'x', baseline: null, ratio: rs, notes: `onnxruntime ${list(perRound.ortSteady)} vs PyTorch ${list(perRound.torchSteady)} img/s` });
    log(`  steady state: onnxruntime / PyTorch (median of ${m} rounds): ${fmt(rs)}x`);
  }
  if (perRound.wasm.length === n) {
    const rw = median(ratios(perRound.ort, perRound.wasm));
    rows.push({ name: `train b${batches[0]}: aug onnxruntime vs aug wasm, median of ${n} interleaved rounds`, value: rw, unit: 'x', baseline: null, ratio: rw, notes: `target >= 3; wasm ${list(perRound.wasm)} img/s` });
    log(`  onnxruntime / wasm (median of ${n} rounds): ${fmt(rw)}x`);
  }
}

if (inferRound.ort.length > 0) {
  const n = inferRound.ort.length;
  const list = (v) => v.map(fmt).join(', ');
  const add = (name, a, b, notes) => {
    const r = median(ratios(a, b));
    rows.push({ name: `infer b${inferBatch}: ${name}, median of ${n} interleaved rounds`, value: r, unit: 'x', baseline: null, ratio: r, notes });
    log(`  infer: ${name} (median of ${n} rounds): ${fmt(r)}x`);
  };
  add('aug onnxruntime vs PyTorch eval', inferRound.ort, inferRound.torch, `target >= 0.8; aug ${list(inferRound.ort)} vs PyTorch ${list(inferRound.torch)} img/s`);
  add('aug onnxruntime, BatchNorm folded, vs PyTorch eval', inferRound.ortFused, inferRound.torch, `fuseConvBnEval: aug ${list(inferRound.ortFused)} img/s`);
  add('aug onnxruntime vs PyTorch, both with BatchNorm folded', inferRound.ortFused, inferRound.torchFused, `PyTorch torch.fx fuse ${list(inferRound.torchFused)} img/s`);
}

if (adamRound.fused.length > 0) {
  const n = adamRound.fused.length;
  const list = (v) => v.map(fmt).join(', ');
  if (adamRound.torch.length === n) {
    const r = median(ratios(adamRound.fused, adamRound.torch));
    rows.push({ name: `train b${batches[0]} Adam: aug onnxruntime (FusedAdamOptimizer) vs PyTorch Adam, median of ${n} interleaved rounds`, value: r, unit: 'x', baseline: null, ratio: r, notes: `aug ${list(adamRound.fused)} vs PyTorch ${list(adamRound.torch)} img/s` });
    log(`  Adam: onnxruntime / PyTorch (median of ${n} rounds): ${fmt(r)}x`);
  }
  if (adamRound.fusedSteady.length > 0) {
    const m = adamRound.fusedSteady.length;
    const r = median(ratios(adamRound.fusedSteady, adamRound.torchSteady));
    rows.push({ name: `train b${batches[0]} Adam, steady state (steps ${steps + 2 + STEADY_WARMUP}-${steps + 1 + STEADY_WARMUP + STEADY}): aug onnxruntime (FusedAdamOptimizer) vs PyTorch Adam, median of ${m} interleaved rounds`, value: r, unit: 'x', baseline: null, ratio: r, notes: `aug ${list(adamRound.fusedSteady)} vs PyTorch ${list(adamRound.torchSteady)} img/s` });
    log(`  Adam, steady state: onnxruntime / PyTorch (median of ${m} rounds): ${fmt(r)}x`);
  }
  if (adamRound.tf.length === n) {
    const r = median(ratios(adamRound.fused, adamRound.tf));
    rows.push({ name: `train b${batches[0]} Adam: FusedAdamOptimizer vs tf.train.adam on onnxruntime, median of ${n} interleaved rounds`, value: r, unit: 'x', baseline: null, ratio: r, notes: `tf.train.adam ${list(adamRound.tf)} img/s` });
    log(`  Adam: fused / tfjs's (median of ${n} rounds): ${fmt(r)}x`);
  }
}

const outDir = process.env.AUG_BENCH_OUT ?? path.join(root, 'bench-results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'backend.json'), `${JSON.stringify({ package: '@aug/backend', rows }, null, 2)}\n`);
log('');
log('| benchmark | value | baseline | ratio |');
log('|---|---:|---|---:|');
for (const r of rows) log(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? `${r.baseline.name} ${fmt(r.baseline.value)}` : '-'} | ${r.ratio === null ? '-' : `${fmt(r.ratio)}x`} |`);
log(`\nwrote ${path.join(outDir, 'backend.json')}`);

