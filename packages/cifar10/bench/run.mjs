// Benchmarks @aug/cifar10 from dist/ on the CIFAR-10 copy you have, else on synthetic records of the same
// layout (and says which): decode time, DataLoader images/s for numWorkers 0/1/2 with the seed's and d2l's pipelines at batch
// 256, and the ratio of loader throughput to a ResNet-18 training step on this machine.
// Writes ${AUG_BENCH_OUT:-<repo>/bench-results}/cifar10.json and prints a table.
//
// Data: --data-dir DIR or AUG_DATA_DIR (an extracted cifar-10-batches-bin/ or the folder that holds it), else
// AUG_BENCH_DATA (a cifar-10-binary.tar.gz to extract), else synthetic records (20,000 train + 5,000 test, the
// size of the dev subset; loader and decode speed do not depend on the pixel values).
// Env: AUG_BENCH_BATCHES (batches per loader run, default 16),
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
const flag = process.argv.indexOf('--data-dir');
const dataDir = (flag !== -1 ? process.argv[flag + 1] : undefined) ?? process.env.AUG_DATA_DIR;
const archive = process.env.AUG_BENCH_DATA;
const batches = Number(process.env.AUG_BENCH_BATCHES ?? 16);
const outDir = process.env.AUG_BENCH_OUT ?? join(repo, 'bench-results');
const rows = [];
const row = (name, value, unit, baseline, notes) =>
  log(`${name}: ${round(value)} ${unit}`) ?? rows.push({ name, value: round(value), unit, baseline: baseline ? { name: baseline.name, value: round(baseline.value) } : null, ratio: baseline ? round(value / baseline.value, 3) : null, notes });
const log = (msg) => console.error(`[bench] ${msg}`);
const round = (v, d = Math.abs(v) < 10 ? 3 : 1) => Math.round(v * 10 ** d) / 10 ** d;

/** Synthetic CIFAR-10 binary batches: the official record layout, `train` + `test` records, labels i % 10. */
function writeSynthetic(dir, train, test) {
  mkdirSync(dir, { recursive: true });
  const classes = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  writeFileSync(join(dir, 'batches.meta.txt'), `${classes.join('\n')}\n`);
  let state = 1;
  const batch = (file, n) => {
    const buf = Buffer.alloc(n * 3073);
    for (let r = 0; r < n; r++) {
      buf[r * 3073] = r % 10;
      for (let p = 1; p < 3073; p++) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        buf[r * 3073 + p] = state >>> 24;
      }
    }
    writeFileSync(join(dir, file), buf);
  };
  for (let i = 1; i <= 5; i++) batch(`data_batch_${i}.bin`, train / 5);
  batch('test_batch.bin', test);
}

for (const [name, path] of [['--data-dir/AUG_DATA_DIR', dataDir], ['AUG_BENCH_DATA', archive]]) {
  if (path !== undefined && !existsSync(path)) {
    console.error(`bench: ${name} is ${path}, which does not exist`);
    process.exit(2);
  }
}
await tf.setBackend('cpu');
const tmp = mkdtempSync(join(tmpdir(), 'aug-cifar10-bench-'));
let root = tmp;
let data;
try {
  if (dataDir) {
    root = resolve(dataDir);
    data = `your CIFAR-10 copy in ${root}`;
  } else if (archive) {
    await extract({ file: archive, cwd: tmp });
    data = `${archive} (extracted)`;
  } else {
    writeSynthetic(join(tmp, 'cifar-10-batches-bin'), 20_000, 5_000);
    data = 'synthetic records (20,000 train + 5,000 test; no --data-dir, AUG_DATA_DIR or AUG_BENCH_DATA given)';
  }
  log(`data: ${data}`);

  // Decode: whole dev set (train + test), against reading the same bytes.
  const dir = existsSync(join(root, 'cifar-10-batches-bin')) ? join(root, 'cifar-10-batches-bin') : root;
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
  rmSync(tmp, { recursive: true, force: true });
}

mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'cifar10.json');
writeFileSync(file, `${JSON.stringify({ package: '@aug/cifar10', machine: `${cpus().length} CPUs, node ${process.version}`, data, rows }, null, 2)}\n`);
console.table(rows.map((r) => ({ name: r.name, value: r.value, unit: r.unit, baseline: r.baseline?.value ?? '', ratio: r.ratio ?? '' })));
console.log(`data: ${data}`);
console.log(`wrote ${file}`);
