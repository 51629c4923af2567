// @aug/transforms benchmark (not a test): images per second on one core for 32x32 uint8 images,
// (a) the seed's training chain RandomHorizontalFlip + ToTensor, (b) d2l's full chain and (c) issue 20's
// chains (RandAugment, TrivialAugmentWide, AutoAugment(CIFAR10) + flip + crop, RandomRotation, RandomErasing),
// against torchvision on PIL images in the same run (python3-torchvision, when installed), plus the batched
// tf path and MixUp/CutMix at batch 256 on the tfjs backends available here, and (d) the SSD detection pipeline
// with boxes and masks (bench/detection.mjs, which also runs alone). Runs against the built dist/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import {
  AutoAugment, ColorJitter, Compose, CutMix, MixUp, RandAugment, RandomCrop, RandomErasing, RandomHorizontalFlip, RandomResizedCrop,
  RandomRotation, ToTensor, TrivialAugmentWide, createRng,
} from '../dist/index.js';
import { detectionRows, runDetectionBench } from './detection.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const seconds = Number(process.env.AUG_BENCH_SECONDS ?? 2);
const python = process.env.AUG_BENCH_PYTHON ?? '/usr/bin/python3';

const rng0 = createRng(0);
const images = Array.from({ length: 256 }, () => {
  const data = new Uint8Array(32 * 32 * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rng0.next() * 256);
  return { data, height: 32, width: 32, channels: 3 };
});

const chains = {
  seed: () => new Compose([new RandomHorizontalFlip(), new ToTensor()]),
  d2l: () =>
    new Compose([
      new RandomHorizontalFlip(),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
      new ToTensor(),
    ]),
  // issue 20's chains, as torchvision's in torchvision_bench.py
  randaugment: () => new Compose([new RandAugment({ numOps: 2, magnitude: 9 }), new ToTensor()]),
  trivialaugment: () => new Compose([new TrivialAugmentWide(), new ToTensor()]),
  autoaugment: () =>
    new Compose([new RandomCrop(32, { padding: 4 }), new RandomHorizontalFlip(), new AutoAugment({ policy: 'cifar10' }), new ToTensor()]),
  rotation: () => new Compose([new RandomRotation(15), new ToTensor()]),
  erasing: () => new Compose([new ToTensor(), new RandomErasing()]),
};
// AUG_BENCH_ONLY=d2l,rotation runs only those per-image chains (and torchvision's), without the batched
// path and MixUp/CutMix: a quick check of a few ratios.
const only = process.env.AUG_BENCH_ONLY ? process.env.AUG_BENCH_ONLY.split(',').map((s) => s.trim()) : null;
for (const name of only ?? []) if (!(name in chains)) throw new Error(`AUG_BENCH_ONLY: unknown chain ${name}; known: ${Object.keys(chains).join(', ')}`);
const chainNames = Object.keys(chains).filter((c) => only === null || only.includes(c));
// The batched chain converts first (ToTensor on 0..255), so ColorJitter works on [0, 1] as per image.
const batchChains = {
  seed: () => new Compose([new RandomHorizontalFlip(), new ToTensor()]),
  d2l: () =>
    new Compose([
      new RandomHorizontalFlip(),
      new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
      new ToTensor(),
      new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
    ]),
};

function perImage(name) {
  const chain = chains[name]();
  const rng = createRng(1);
  // Warm-up until the JIT has settled (0.5 s), as the python side warms up too.
  for (const t0 = performance.now(); performance.now() - t0 < 500; ) for (const img of images) chain.apply(img, rng);
  // Best of 4 windows, as the python side: the machine may be shared.
  let best = 0;
  for (let w = 0; w < 4; w++) {
    let n = 0;
    const t0 = performance.now();
    let el = 0;
    do {
      for (const img of images) chain.apply(img, rng);
      n += images.length;
      el = (performance.now() - t0) / 1000;
    } while (el < seconds / 4);
    best = Math.max(best, n / el);
  }
  return best;
}

async function batched(name, batch = 256) {
  const chain = batchChains[name]();
  const rng = createRng(2);
  const data = new Float32Array(batch * 32 * 32 * 3);
  for (let i = 0; i < batch; i++) data.set(images[i % images.length].data, i * 3072);
  const x = tf.tensor4d(data, [batch, 32, 32, 3]);
  const run = async () => {
    const y = chain.applyBatch(x, rng);
    await y.data();
    y.dispose();
  };
  await run();
  let n = 0;
  const t0 = performance.now();
  let el = 0;
  do {
    await run();
    n += batch;
    el = (performance.now() - t0) / 1000;
  } while (el < seconds);
  x.dispose();
  return n / el;
}

async function torchvision(env) {
  if (!existsSync(python)) return { error: `${python} not found` };
  try {
    const { stdout } = await promisify(execFile)(python, [join(here, 'torchvision_bench.py'), String(seconds), chainNames.join(',')], {
      env: { ...process.env, ...env, OMP_NUM_THREADS: '1' },
      timeout: 600_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop());
  } catch (err) {
    return { error: String(err.message ?? err).split('\n')[0] };
  }
}

const TUNED = { MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '268435456' };

const loadBefore = loadavg();
const aug = Object.fromEntries(chainNames.map((c) => [c, perImage(c)]));
const tvPlain = await torchvision({});
const tvTuned = await torchvision(TUNED);
// Re-measure aug after the python runs and keep the better figure (the machine is shared and noisy).
for (const c of chainNames) aug[c] = Math.max(aug[c], perImage(c));

/** MixUp / CutMix at batch 256 on an NHWC float32 batch: milliseconds per call (the batch already a tensor). */
async function mixMs(Mix) {
  const n = 256;
  const x = tf.randomUniform([n, 32, 32, 3], 0, 1, 'float32');
  const y = tf.tensor1d(Array.from({ length: n }, (_, i) => i % 10), 'int32');
  const mix = new Mix({ alpha: 1, numClasses: 10 });
  const rng = createRng(3);
  const run = async () => {
    const out = mix.apply({ x, y }, rng);
    await out.x.data();
    tf.dispose([out.x, out.y]);
  };
  await run();
  let k = 0;
  const t0 = performance.now();
  do {
    await run();
    k++;
  } while (performance.now() - t0 < seconds * 250);
  tf.dispose([x, y]);
  return (performance.now() - t0) / k;
}

const backends = {};
for (const backend of only === null ? ['cpu', 'wasm'] : []) {
  try {
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend(backend))) throw new Error('setBackend failed');
    await tf.ready();
    backends[backend] = { seed: await batched('seed'), d2l: await batched('d2l'), mixup: await mixMs(MixUp), cutmix: await mixMs(CutMix) };
  } catch (err) {
    backends[backend] = { error: String(err.message ?? err).split('\n')[0] };
  }
}

const rows = [];
const labels = {
  seed: 'RandomHorizontalFlip + ToTensor',
  d2l: 'd2l chain (flip + RandomResizedCrop + ColorJitter + ToTensor)',
  randaugment: 'RandAugment(n=2, m=9) + ToTensor',
  trivialaugment: 'TrivialAugmentWide + ToTensor',
  autoaugment: 'RandomCrop(32, pad 4) + flip + AutoAugment(CIFAR10) + ToTensor',
  rotation: 'RandomRotation(15) + ToTensor',
  erasing: 'ToTensor + RandomErasing',
};
for (const chain of chainNames) {
  for (const [tag, tv] of [['plain malloc', tvPlain], ['tuned malloc', tvTuned]]) {
    const base = typeof tv[chain] === 'number' ? { name: `torchvision ${tv.torchvision ?? ''} on PIL, 1 thread, ${tag}`, value: tv[chain] } : null;
    rows.push({
      name: `per image, ${labels[chain]}, 32x32 uint8`,
      value: aug[chain],
      unit: 'images/s (1 core)',
      baseline: base,
      ratio: base ? aug[chain] / base.value : null,
      notes: base ? `vs torchvision (${tag})` : `torchvision not measured: ${tv.error}`,
    });
  }
}
for (const [backend, r] of Object.entries(backends)) {
  for (const chain of ['seed', 'd2l']) {
    const base = typeof tvPlain[chain] === 'number' ? { name: 'torchvision on PIL, 1 thread, plain malloc', value: tvPlain[chain] } : null;
    rows.push({
      name: `applyBatch at batch 256, ${labels[chain]}, tfjs ${backend} backend`,
      value: typeof r[chain] === 'number' ? r[chain] : 0,
      unit: 'images/s',
      baseline: base,
      ratio: base && typeof r[chain] === 'number' ? r[chain] / base.value : null,
      notes: r.error ? `backend unavailable: ${r.error}` : 'vectorised tf ops, input already a float32 tensor',
    });
  }
  for (const mix of ['mixup', 'cutmix']) {
    if (typeof r[mix] !== 'number') continue;
    rows.push({
      name: `${mix === 'mixup' ? 'MixUp' : 'CutMix'} at batch 256 (32x32x3 float32, 10 classes), tfjs ${backend} backend`,
      value: r[mix],
      unit: 'ms per batch',
      baseline: null,
      ratio: null,
      notes: 'compare with a training step at batch 256 (seconds on the CPU routes, see the @aug/train README)',
    });
  }
}

// The SSD detection pipeline on 300x300 pictures: image alone, + boxes, + masks (bench/detection.mjs, also runnable alone).
if (only === null) rows.push(...detectionRows(runDetectionBench(seconds)));

const outDir = process.env.AUG_BENCH_OUT ?? join(repoRoot, 'bench-results');
// A partial run (AUG_BENCH_ONLY) only prints: bench-results/transforms.json stays a full run's.
if (only === null) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'transforms.json'), JSON.stringify({ package: '@aug/transforms', rows }, null, 2));
}

const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(2));
const la = (l) => l.map((v) => v.toFixed(2)).join(', ');
console.log(`@aug/transforms bench (32x32 uint8 images), ${new Date().toISOString()}, load average (1, 5, 15 min) ${la(loadBefore)} at the start, ${la(loadavg())} at the end`);
for (const r of rows) {
  console.log(`${r.name}\n  ${fmt(r.value)} ${r.unit}${r.baseline && r.ratio !== null ? ` | ${r.baseline.name}: ${fmt(r.baseline.value)} | ratio ${r.ratio.toFixed(2)}x` : ''}${r.notes ? ` | ${r.notes}` : ''}`);
}
if (only === null) console.log(`written to ${join(outDir, 'transforms.json')}`);
