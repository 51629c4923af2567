// Child process for reliability-data-loader.test.ts: stops a worker DataLoader early in one of several
// ways, several rounds, and prints one JSON line per round. Exits on its own (a leaked worker thread
// would keep it alive past the test's timeout). Uses the built dist/ of @aug/data and @aug/transforms.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RandomHorizontalFlip } from '@aug/transforms';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArrayDataset, DataLoader, encodePng } from '@aug/data';
import { FailAt } from './fail-at-transform.mjs';
import { FileDataset } from './file-dataset.mjs';

const [mode, rounds = '5', workers = '3', failIndex = '37'] = process.argv.slice(2);
await tf.setBackend('cpu');

const n = 240;
const images = Array.from({ length: n }, (_, i) => ({ data: new Uint8Array(16 * 16 * 3).fill(i), height: 16, width: 16, channels: 3 }));
const labels = Array.from({ length: n }, (_, i) => i % 10);
const transform = mode.startsWith('transform') ? new FailAt(Number(failIndex)) : new RandomHorizontalFlip();
let ds = new ArrayDataset(images, labels, { transform });
const numWorkers = Number(workers);
let workerImports = mode.startsWith('transform') ? [new URL('./fail-at-transform.mjs', import.meta.url).href] : [];
let dir;
if (mode === 'files') {
  // 24 PNG files read and decoded in the workers; file failIndex is corrupt.
  dir = mkdtempSync(join(tmpdir(), 'aug-loader-child-'));
  const files = [];
  for (let i = 0; i < 24; i++) {
    const file = join(dir, `img-${i}.png`);
    writeFileSync(file, i === Number(failIndex) ? Buffer.from('not a picture at all') : await encodePng(images[i]));
    files.push(file);
  }
  ds = new FileDataset(files);
  workerImports = [new URL('./file-dataset.mjs', import.meta.url).href];
}
let uncaught = 0;
process.on('uncaughtException', (e) => { uncaught++; console.log(JSON.stringify({ uncaught: String(e?.message ?? e) })); });

for (let r = 0; r < Number(rounds); r++) {
  const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: r, numWorkers, workerImports });
  const before = tf.memory().numTensors;
  let seen = 0;
  let error = null;
  try {
    for await (const { x, y } of loader) {
      tf.dispose([x, y]);
      seen++;
      if (mode === 'break' && seen === 1 + (r % 3)) break;
      if (mode === 'throw' && seen === 2) throw new Error('consumer failed');
    }
  } catch (e) {
    error = {
      name: e.name,
      code: e.code ?? null,
      message: e.message,
      index: e.index ?? null,
      dataset: e.dataset ?? null,
      cause: e.cause ? { name: e.cause.name, code: e.cause.code ?? null, file: e.cause.file ?? null, isDataError: e.cause instanceof Error && typeof e.cause.constructor?.isInstance === 'function' && e.cause.constructor.isInstance(e.cause) } : null,
    };
  }
  console.log(JSON.stringify({ round: r, seen, error, leaked: tf.memory().numTensors - before }));
}
if (dir) rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ done: true, uncaught }));
