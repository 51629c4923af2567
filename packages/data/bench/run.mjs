// Benchmarks @aug/data from dist/: an ImageFolder of 256x256 JPEGs through the ImageNet training pipeline
// (decode + RandomResizedCrop(224) + RandomHorizontalFlip + ToTensor), batch 64, 2 workers, against
// torchvision's ImageFolder + DataLoader(num_workers=2) with the same pipeline in the same run (plain, and with
// glibc's malloc told to keep freed memory: MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
// MALLOC_TOP_PAD_=268435456, the settings `pnpm start` uses). Also: where one picture's time goes on one thread
// (read, decode with sharp and with jpeg-js, crop-resize, flip, to-tensor, the trip of a batch from a worker to
// the main thread, the batch tensor) against torchvision's steps on PIL, and the loader's resident set over the
// epochs (flat or growing).
// Writes ${AUG_BENCH_OUT:-<repo>/bench-results}/data.json and prints a table, plus the README's markdown table.
//
// Data: 1,024 CIFAR-10 training pictures upscaled to 256x256 with PIL's bicubic filter, saved as JPEG quality 90
// in 10 class folders (bench/torch_image_folder.py make), cached in $TMPDIR/aug-data-bench-jpeg-256-q90-1024/.
// Made from --data-dir DIR / AUG_DATA_DIR (CIFAR-10's binary layout), else AUG_BENCH_DATA (a CIFAR-10 .tar.gz),
// else ../shared/data/cifar-10-dev.tar.gz next to the repository.
// Env: AUG_BENCH_PYTHON (an interpreter with torch, torchvision and PIL; default /usr/bin/python3, then python3),
// AUG_BENCH_EPOCHS (epochs per loader run, default 2), AUG_BENCH_ROUNDS (rounds of aug, torchvision, torchvision with
// the malloc settings, one after another; default 5). Each side's figure is its median over the rounds (the median
// of its epochs in each round): on a shared machine the load changes from one minute to the next, and a round
// runs the three back to back, so the per-round ratios are listed too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Compose, RandomHorizontalFlip, RandomResizedCrop, ToTensor, createRng } from '@aug/transforms';
import { DataLoader, ImageFolder, decodeImage } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const IMAGES = 1024;
const BATCH = 64;
const WORKERS = 2;
const epochs = Number(process.env.AUG_BENCH_EPOCHS ?? 2);
const rounds = Number(process.env.AUG_BENCH_ROUNDS ?? 5);
const outDir = process.env.AUG_BENCH_OUT ?? join(repo, 'bench-results');
const MALLOC_REUSE = { MALLOC_MMAP_MAX_: '0', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '268435456' };
const log = (msg) => console.error(`[bench] ${msg}`);
const round = (v, d = Math.abs(v) < 10 ? 3 : 1) => Math.round(v * 10 ** d) / 10 ** d;
const rows = [];
const row = (name, value, unit, baseline, notes) => {
  log(`${name}: ${round(value)} ${unit}${baseline ? ` (${baseline.name}: ${round(baseline.value)})` : ''}`);
  rows.push({ name, value: round(value), unit, baseline: baseline ? { name: baseline.name, value: round(baseline.value) } : null, ratio: baseline ? round(value / baseline.value, 3) : null, notes });
};

function findPython() {
  for (const p of [process.env.AUG_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(p, ['-c', 'import torch, torchvision, PIL'], { encoding: 'utf8' });
    if (r.status === 0) return p;
  }
  return undefined;
}

// --- The JPEG folder (made once, cached) -------------------------------------------------------------------
const python = findPython();
if (!python) {
  console.error('bench: needs a python3 with torch, torchvision and PIL (for the JPEGs and the torchvision side); set AUG_BENCH_PYTHON');
  process.exit(2);
}
const folder = join(tmpdir(), `aug-data-bench-jpeg-256-q90-${IMAGES}`);
const countFiles = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? countFiles(join(dir, e.name)) : 1), 0);
if (!existsSync(folder) || countFiles(folder) !== IMAGES) {
  const flag = process.argv.indexOf('--data-dir');
  const source = (flag !== -1 ? process.argv[flag + 1] : undefined) ?? process.env.AUG_DATA_DIR ?? process.env.AUG_BENCH_DATA ?? resolve(repo, '../shared/data/cifar-10-dev.tar.gz');
  if (!existsSync(source)) {
    console.error(`bench: no CIFAR-10 to make the JPEGs from: ${source} does not exist (pass --data-dir, AUG_DATA_DIR or AUG_BENCH_DATA)`);
    process.exit(2);
  }
  log(`making ${IMAGES} 256x256 JPEGs (quality 90) from ${source} in ${folder}`);
  const part = `${folder}.part-${process.pid}`;
  rmSync(part, { recursive: true, force: true });
  execFileSync(python, [join(here, 'torch_image_folder.py'), 'make', source, part, String(IMAGES)], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(folder, { recursive: true, force: true });
  renameSync(part, folder);
}
await tf.setBackend('cpu');
// sharp must be loaded on the main thread before worker threads use it (sharp's docs, lovell/sharp#2263): with
// glibc, its shared libraries are unloaded when the last worker that loaded them exits, and a later sharp call
// hangs. One decode here loads it (the loader's workers decode with sharp; the per-picture timings below decode
// on the main thread after them).
await decodeImage(readFileSync(join(folder, readdirSync(folder).sort()[0], readdirSync(join(folder, readdirSync(folder).sort()[0])).sort()[0])), { mode: 'rgb' });
const pipeline = () => new Compose([new RandomResizedCrop(224), new RandomHorizontalFlip(), new ToTensor()]);

// --- aug: ImageFolder + DataLoader(numWorkers 2) ------------------------------------------------------------
/** One loader run of `epochs` epochs: per-epoch figures and the resident set after every batch. */
async function runAug() {
  const ds = new ImageFolder(folder, { transform: pipeline() });
  const loader = new DataLoader(ds, { batchSize: BATCH, shuffle: true, seed: 0, numWorkers: WORKERS });
  const perEpoch = [];
  const rss = [];
  for (let e = 0; e < epochs; e++) {
    const start = performance.now();
    let first = 0;
    let afterFirst = 0;
    let n = 0;
    for await (const { x, y } of loader) {
      if (n++ === 0) first = performance.now();
      else afterFirst += x.shape[0];
      tf.dispose([x, y]);
      rss.push({ epoch: e, mb: process.memoryUsage().rss / 2 ** 20 });
    }
    const end = performance.now();
    perEpoch.push({ steady: afterFirst / ((end - first) / 1000), epoch: ds.length / ((end - start) / 1000), firstBatchMs: first - start });
  }
  return { perEpoch, rss, steady: Math.max(...perEpoch.map((p) => p.steady)), epoch: Math.max(...perEpoch.map((p) => p.epoch)) };
}

function runTorch(env) {
  const r = spawnSync(python, [join(here, 'torch_image_folder.py'), 'run', folder, String(epochs)], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`torchvision side failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const results = { aug: [], torch: [], torchMalloc: [] };
for (let r = 0; r < rounds; r++) {
  log(`round ${r + 1}/${rounds}: aug`);
  results.aug.push(await runAug());
  log(`round ${r + 1}/${rounds}: torchvision`);
  results.torch.push(runTorch({}));
  log(`round ${r + 1}/${rounds}: torchvision with the malloc settings`);
  results.torchMalloc.push(runTorch(MALLOC_REUSE));
}
const median = (v) => {
  const a = [...v].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const augRounds = results.aug.map((a) => median(a.perEpoch.map((p) => p.steady)));
const torchRounds = results.torch.map((t) => median(t.epochs.map((p) => p.steady_images_per_sec)));
const mallocRounds = results.torchMalloc.map((t) => median(t.epochs.map((p) => p.steady_images_per_sec)));
const list = (v) => v.map((x) => round(x, 0)).join(', ');
const perRound = (base) => augRounds.map((a, i) => `${round(a / base[i], 2)}x`).join(', ');
const how = `steady state (images after the first batch / time from the first batch to the last), median over ${rounds} rounds of the median of ${epochs} epochs; ${IMAGES} JPEGs 256x256, batch ${BATCH}, shuffle`;
const torchVersions = results.torch[0].versions;
row('aug ImageFolder + DataLoader(numWorkers 2)', median(augRounds), 'images/s', { name: 'torchvision ImageFolder + DataLoader(num_workers=2)', value: median(torchRounds) }, `${how}; per round aug ${list(augRounds)} vs ${list(torchRounds)} (${perRound(torchRounds)})`);
row('aug ImageFolder + DataLoader(numWorkers 2) vs torchvision with malloc settings', median(augRounds), 'images/s', { name: 'torchvision, MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=64GiB MALLOC_TOP_PAD_=256MiB', value: median(mallocRounds) }, `per round ${list(mallocRounds)} (${perRound(mallocRounds)})`);
const augEpoch = median(results.aug.flatMap((a) => a.perEpoch.map((p) => p.epoch)));
const torchEpoch = median([...results.torch, ...results.torchMalloc].flatMap((t) => t.epochs.map((p) => p.epoch_images_per_sec)));
row('aug whole epoch incl. first batch', augEpoch, 'images/s', { name: 'torchvision whole epoch (plain and malloc runs)', value: torchEpoch }, 'median of epoch images / epoch time, worker start-up included (both sides start their workers every epoch)');
const augFirst = median(results.aug.flatMap((a) => a.perEpoch.map((p) => p.firstBatchMs)));
const torchFirst = median([...results.torch, ...results.torchMalloc].flatMap((t) => t.epochs.map((p) => p.first_batch_ms)));
row('aug first batch (worker start-up included)', augFirst, 'ms', { name: 'torchvision first batch', value: torchFirst }, 'median; lower is better (ratio < 1 is faster)');

// --- Resident set over the epochs -----------------------------------------------------------------------------
const rss = results.aug.flatMap((a, r) => a.rss.map((s) => ({ epoch: r * epochs + s.epoch, mb: s.mb })));
const allEpochs = rounds * epochs;
const endOf = (e) => rss.filter((s) => s.epoch === e).at(-1).mb;
const peak = Math.max(...rss.map((s) => s.mb));
const ends = Array.from({ length: allEpochs }, (_, e) => endOf(e));
const growth = ends.at(-1) - ends[0];
const rssVerdict = Math.abs(growth) <= Math.max(32, 0.1 * ends[0]) ? 'flat' : growth > 0 ? 'growing' : 'shrinking';
row('loader resident set, end of the first epoch', ends[0], 'MiB', null, 'process RSS (main thread + 2 worker threads; one process runs every round), sampled after every batch');
row(`loader resident set, end of epoch ${allEpochs}`, ends.at(-1), 'MiB', { name: 'end of the first epoch', value: ends[0] }, `${rssVerdict}: ${growth >= 0 ? '+' : ''}${round(growth)} MiB over ${allEpochs - 1} more epochs (ends of the epochs: ${list(ends)} MiB); peak ${round(peak)} MiB`);

// --- Where one picture's time goes (one thread) ---------------------------------------------------------------
const files = [];
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).forEach((e) => (e.isDirectory() ? walk(join(dir, e.name)) : files.push(join(dir, e.name))));
walk(folder);
const N = Math.min(256, files.length);
const rng = createRng(0);
/** ms per call of `fn(i)` over N items, after a warm-up pass over 32. */
async function perItem(fn, what) {
  log(`per picture: ${what}`);
  for (let i = 0; i < 32; i++) await fn(i);
  const t = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  return (performance.now() - t) / N;
}
const bytes = files.slice(0, N).map((f) => readFileSync(f));
const readMs = await perItem((i) => readFileSync(files[i]), 'read');
const decoded = [];
const decodeMs = await perItem(async (i) => (decoded[i] = await decodeImage(bytes[i], { mode: 'rgb' })), 'decode (sharp)');
const jpeg = createRequire(join(here, '..', 'package.json'))('jpeg-js');
const jpegJsMs = await perItem((i) => jpeg.decode(bytes[i], { useTArray: true, formatAsRGBA: false }), 'decode (jpeg-js)');
const crop = new RandomResizedCrop(224);
const cropped = [];
const cropMs = await perItem((i) => (cropped[i] = crop.apply(decoded[i], rng)), 'crop');
const flip = new RandomHorizontalFlip();
const flipped = [];
const flipMs = await perItem((i) => (flipped[i] = flip.apply(cropped[i], rng)), 'flip');
const toTensor = new ToTensor();
const tensors = [];
const toTensorMs = await perItem((i) => (tensors[i] = toTensor.apply(flipped[i], rng)), 'to-tensor');
// The trip to the main thread: a worker posts a batch of 64 float32 224x224x3 pictures (38.5 MB) in one
// transferred buffer, as the loader's workers return a collated batch; per picture = per batch / 64.
const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
   parentPort.on('message', (n) => { const a = new Float32Array(n); a.fill(0.5); parentPort.postMessage(a, [a.buffer]); });`,
  { eval: true },
);
const batchFloats = BATCH * 224 * 224 * 3;
let workerFailed = null;
worker.once('error', (err) => (workerFailed = err));
const trip = () =>
  new Promise((res, rej) => {
    if (workerFailed) return rej(workerFailed);
    const timer = setTimeout(() => rej(new Error('the transfer worker did not answer within 30 s')), 30_000);
    worker.once('message', (m) => { clearTimeout(timer); res(m); });
    worker.postMessage(batchFloats);
  });
log('per picture: the trip of a batch from a worker');
for (let i = 0; i < 3; i++) await trip();
let t0 = performance.now();
for (let i = 0; i < 10; i++) await trip();
const tripMs = (performance.now() - t0) / 10 / BATCH;
// The same trip without the fill (only allocation + transfer), to separate the worker's writing from the move.
await worker.terminate();
const batchData = new Float32Array(batchFloats).fill(0.5);
t0 = performance.now();
for (let i = 0; i < 5; i++) tf.dispose(tf.tensor4d(batchData, [BATCH, 224, 224, 3]));
const tensorMs = (performance.now() - t0) / 5 / BATCH;
const steps = [
  ['read the file', readMs, 'fs.readFileSync of one ~15 KB JPEG'],
  ['decode (sharp, the default when installed)', decodeMs, "decodeImage(bytes, { mode: 'rgb' }) -> 256x256x3 uint8"],
  ['decode (jpeg-js, the pure-JS path)', jpegJsMs, 'jpeg-js decode to RGB, for comparison (used when sharp is not installed)'],
  ['RandomResizedCrop(224)', cropMs, 'uint8 in, bilinear (antialias when shrinking) to 224x224'],
  ['RandomHorizontalFlip', flipMs, 'p = 0.5'],
  ['ToTensor', toTensorMs, 'uint8 -> float32 [0, 1], 224x224x3'],
  ['a batch from a worker to the main thread (per picture)', tripMs, 'worker allocates and fills a 64-picture float32 batch, posts it transferred; / 64'],
  ['the batch tensor on the main thread (per picture)', tensorMs, 'tf.tensor4d of a 64-picture float32 batch, disposed; / 64'],
];
// torchvision's steps on PIL, measured the same way right after (one thread; PIL's open + convert is read + decode).
const ts = JSON.parse(execFileSync(python, [join(here, 'torch_image_folder.py'), 'steps', folder, String(N)], { encoding: 'utf8' }).trim().split('\n').at(-1));
const torchStep = { 'read the file': null, 'decode (sharp, the default when installed)': ['PIL open + convert(RGB), file read included', ts['read+decode']], 'decode (jpeg-js, the pure-JS path)': ['PIL open + convert(RGB), file read included', ts['read+decode']], 'RandomResizedCrop(224)': ['torchvision RandomResizedCrop(224) on PIL', ts.crop], RandomHorizontalFlip: ['torchvision RandomHorizontalFlip on PIL', ts.flip], ToTensor: ['torchvision ToTensor (PIL -> CHW float)', ts.to_tensor] };
const total = steps.filter(([n]) => !n.includes('jpeg-js')).reduce((s, [, ms]) => s + ms, 0);
for (const [name, ms, notes] of steps) {
  const base = torchStep[name];
  row(`per picture: ${name}`, ms, 'ms', base ? { name: base[0], value: base[1] } : null, `${notes}; ${round((100 * ms) / total, 1)}% of the sum (sharp path)${base ? '; ratio > 1 = slower than torchvision' : ''}`);
}
const torchTotal = ts['read+decode'] + ts.crop + ts.flip + ts.to_tensor;
row('per picture: sum of the steps (sharp path, one thread)', total, 'ms', { name: 'torchvision steps on PIL, one thread', value: torchTotal }, `= ${round(1000 / total)} pictures/s on one thread, ${round((WORKERS * 1000) / total)} with 2 threads if nothing else ran; ratio > 1 = slower`);

mkdirSync(outDir, { recursive: true });
const file = join(outDir, 'data.json');
const machine = `${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, node ${process.version}, torch ${torchVersions.torch}, torchvision ${torchVersions.torchvision}`;
writeFileSync(file, `${JSON.stringify({ package: '@aug/data', machine, data: `${IMAGES} CIFAR-10 training pictures upscaled to 256x256 (PIL bicubic), JPEG quality 90, in ${folder}`, rows, raw: results }, null, 2)}\n`);
console.table(rows.map((r) => ({ name: r.name, value: r.value, unit: r.unit, baseline: r.baseline?.value ?? '', ratio: r.ratio ?? '' })));
// The README's table (one run).
const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
console.log(['', '| figure | value | baseline (same run) | ratio |', '| --- | ---: | --- | ---: |', ...rows.map((r) => `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)}` : ''} | ${r.ratio == null ? '' : `${r.ratio.toFixed(2)}x`} |`), ''].join('\n'));
console.log(`machine: ${machine}`);
console.log(`wrote ${file}`);
