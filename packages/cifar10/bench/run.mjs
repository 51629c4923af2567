// Benchmarks @aug/cifar10 from dist/ on the dev copy of CIFAR-10 (../shared/data/cifar-10-dev.tar.gz):
// decode time, DataLoader images/s for numWorkers 0/1/2 with the seed's and d2l's pipelines at batch
// 256, and the ratio of loader throughput to a ResNet-18 training step on this machine.
// Writes ${AUG_BENCH_OUT:-<repo>/bench-results}/cifar10.json and prints a table.
//
// Env: AUG_BENCH_DATA (archive path), AUG_BENCH_BATCHES (batches per loader run, default 16),
// AUG_TRAIN_STEP_IMAGES_PER_SEC (use this training figure instead of measuring one),
// AUG_BENCH_STEP_BATCH (batch of the measured forward pass, default 4).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { extract } from 'tar';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { ColorJitter, Compose, RandomHorizontalFlip, RandomResizedCrop, ToTensor } from '@aug/transforms';
import { Cifar10, DataLoader } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const archive = process.env.AUG_BENCH_DATA ?? resolve(repo, '../shared/data/cifar-10-dev.tar.gz');
const batches = Number(process.env.AUG_BENCH_BATCHES ?? 16);
const outDir = process.env.AUG_BENCH_OUT ?? join(repo, 'bench-results');
const rows = [];
const row = (name, value, unit, baseline, notes) =>
  log(`${name}: ${round(value)} ${unit}`) ?? rows.push({ name, value: round(value), unit, baseline: baseline ? { name: baseline.name, value: round(baseline.value) } : null, ratio: baseline ? round(value / baseline.value, 3) : null, notes });
const log = (msg) => console.error(`[bench] ${msg}`);
const round = (v, d = Math.abs(v) < 10 ? 3 : 1) => Math.round(v * 10 ** d) / 10 ** d;

if (!existsSync(archive)) {
  console.error(`bench: ${archive} not found; set AUG_BENCH_DATA to a cifar-10-binary.tar.gz copy`);
  process.exit(1);
}
await tf.setBackend('cpu');
const root = mkdtempSync(join(tmpdir(), 'aug-cifar10-bench-'));
try {
  await extract({ file: archive, cwd: root });

  // Decode: whole dev set (train + test), against reading the same bytes.
  const dir = join(root, 'cifar-10-batches-bin');
  const bins = readdirSync(dir).filter((f) => f.endsWith('.bin'));
  let t = performance.now();
  for (const f of bins) readFileSync(join(dir, f));
  const readMs = performance.now() - t;
  t = performance.now();
  const train = new Cifar10({ root, train: true, verify: 'size' });
  const test = new Cifar10({ root, train: false, verify: 'size' });
  const decodeMs = performance.now() - t;
  row('decode whole dev set (train + test)', decodeMs, 'ms', { name: 'read the batch files only', value: readMs }, `${train.length + test.length} images (${bins.length} files) into contiguous HWC buffers`);

  const pipelines = {
    seed: () => new Compose([new RandomHorizontalFlip(), new ToTensor()]),
    d2l: () =>
      new Compose([
        new RandomHorizontalFlip(),
        new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
        new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
        new ToTensor(),
      ]),
  };
  const loaderRate = {};
  for (const [name, make] of Object.entries(pipelines)) {
    const ds = new Cifar10({ root, train: true, verify: 'size', transform: make() });
    let base;
    for (const numWorkers of [0, 1, 2]) {
      const loader = new DataLoader(ds, { batchSize: 256, shuffle: true, seed: 0, numWorkers });
      const start = performance.now();
      let first = 0;
      let n = 0;
      let images = 0;
      for await (const { x, y } of loader) {
        if (n === 0) first = performance.now();
        else images += x.shape[0];
        tf.dispose([x, y]);
        if (++n > batches) break;
      }
      const rate = images / ((performance.now() - first) / 1000);
      loaderRate[`${name}/${numWorkers}`] = rate;
      const label = `DataLoader ${name} pipeline, numWorkers ${numWorkers}, batch 256`;
      if (numWorkers === 0) base = { name: `${name} pipeline, numWorkers 0`, value: rate };
      row(label, rate, 'images/s', numWorkers === 0 ? null : base, `steady state over ${batches} batches after the first; first batch after ${round(first - start)} ms (includes worker start-up); consumer only disposes`);
    }
  }

  // Training step: ResNet-18 (d2l) from @aug/models on this machine's tfjs cpu backend, or a given figure.
  let step = Number(process.env.AUG_TRAIN_STEP_IMAGES_PER_SEC ?? NaN);
  let stepNote = 'from AUG_TRAIN_STEP_IMAGES_PER_SEC';
  if (!Number.isFinite(step)) {
    const modelsUrl = pathToFileURL(join(repo, 'packages/models/dist/index.js')).href;
    try {
      const { resnet18 } = await import(modelsUrl);
      // A full step (forward + backward + SGD) on the pure-JS cpu backend takes minutes here (conv filter
      // gradients), so measure the forward pass in training mode: a step costs at least that, so its
      // images/s is an upper bound on step throughput and loader/step ratios below are lower bounds.
      const B = Number(process.env.AUG_BENCH_STEP_BATCH ?? 4);
      const model = resnet18({ numClasses: 10 });
      const x = tf.randomUniform([B, 32, 32, 3]);
      const y = tf.zeros([1]);
      const forward = () => tf.dispose(tf.tidy(() => model.apply(x, { training: true })));
      forward(); // warm-up
      const reps = 1;
      const s0 = performance.now();
      for (let i = 0; i < reps; i++) forward();
      step = (B * reps) / ((performance.now() - s0) / 1000);
      stepNote = `upper bound: @aug/models resnet18 forward pass in training mode, batch ${B}, tfjs cpu backend, ${reps} run after 1 warm-up (a full step is slower, so ratios are lower bounds); set AUG_TRAIN_STEP_IMAGES_PER_SEC for a GPU figure`;
      tf.dispose([x, y]);
      model.dispose();
    } catch (e) {
      stepNote = `not measured (${e.message}); set AUG_TRAIN_STEP_IMAGES_PER_SEC`;
    }
  }
  if (Number.isFinite(step)) {
    row('training step throughput (ResNet-18, upper bound)', step, 'images/s', null, stepNote);
    for (const [key, rate] of Object.entries(loaderRate)) {
      const [name, w] = key.split('/');
      rows.push({ name: `loader / training step, ${name} pipeline, numWorkers ${w}`, value: round(rate / step, 1), unit: 'ratio', baseline: { name: 'training step throughput (ResNet-18, upper bound)', value: round(step) }, ratio: round(rate / step, 1), notes: '> 1 means the loader outruns the training step' });
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'cifar10.json');
writeFileSync(file, `${JSON.stringify({ package: '@aug/cifar10', machine: `${cpus().length} CPUs, node ${process.version}`, rows }, null, 2)}\n`);
console.table(rows.map((r) => ({ name: r.name, value: r.value, unit: r.unit, baseline: r.baseline?.value ?? '', ratio: r.ratio ?? '' })));
console.log(`wrote ${file}`);
