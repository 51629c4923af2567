#!/usr/bin/env node
// Regenerates examples/train-with-data-aug/sample/: a balanced ImageFolder of real CIFAR-10 pictures, shipped
// so that `pnpm start` can train offline (train/<class>/*.png from the training batches, test/<class>/*.png
// from test_batch.bin). Deterministic: the same input writes the same bytes on every run (records taken in
// file order, PNGs written by pngjs with fixed options).
//
//   node examples/train-with-data-aug/scripts/make-sample.mjs --from /work/shared/data/cifar-10-dev.tar.gz
//
// --from: the official binary archive (.tar.gz, or the smaller dev copy of the same layout) or an extracted
// cifar-10-batches-bin/ (or its parent). --train N / --test N: pictures per class (default 250 / 50).
// --out DIR: default the example's sample/ (replaced).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    out: { type: 'string', default: path.join(here, '..', 'sample') },
    train: { type: 'string', default: '250' },
    test: { type: 'string', default: '50' },
  },
});
if (!values.from) {
  console.error('usage: make-sample.mjs --from <cifar-10 .tar.gz | cifar-10-batches-bin/> [--out DIR] [--train N] [--test N]');
  process.exit(2);
}
const perClass = { train: Number(values.train), test: Number(values.test) };
const RECORD = 1 + 32 * 32 * 3;
const TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];

// pngjs through @aug/data's dependencies (the example depends on @aug/data).
const requireFromExample = createRequire(path.join(here, '..', 'package.json'));
const requireFromData = createRequire(requireFromExample.resolve('@aug/data/package.json'));
const { PNG } = requireFromData('pngjs');

/** The files of cifar-10-batches-bin/, by base name. */
function readBatches(from) {
  const files = new Map();
  if (fs.statSync(from).isFile()) {
    // A .tar.gz: gunzip, then walk the 512-byte tar headers (ustar; plain files only).
    const tar = zlib.gunzipSync(fs.readFileSync(from));
    for (let off = 0; off + 512 <= tar.length; ) {
      const header = tar.subarray(off, off + 512);
      if (header.every((b) => b === 0)) break;
      const name = header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
      const prefix = header.subarray(345, 500).toString('latin1').replace(/\0.*$/s, '');
      const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
      const type = String.fromCharCode(header[156] || 48);
      if (type === '0') files.set(path.posix.basename(prefix ? `${prefix}/${name}` : name), tar.subarray(off + 512, off + 512 + size));
      off += 512 + Math.ceil(size / 512) * 512;
    }
  } else {
    const dir = fs.existsSync(path.join(from, 'cifar-10-batches-bin')) ? path.join(from, 'cifar-10-batches-bin') : from;
    for (const name of fs.readdirSync(dir)) files.set(name, fs.readFileSync(path.join(dir, name)));
  }
  for (const need of [...TRAIN_FILES, 'test_batch.bin', 'batches.meta.txt']) {
    if (!files.has(need)) throw new Error(`${from}: no ${need} (expected the official CIFAR-10 binary layout)`);
  }
  return files;
}

function encode(record) {
  const png = new PNG({ width: 32, height: 32, colorType: 2, inputColorType: 2, inputHasAlpha: false, bitDepth: 8 });
  const rgb = Buffer.alloc(32 * 32 * 3);
  for (let p = 0; p < 1024; p++) {
    rgb[3 * p] = record[1 + p];
    rgb[3 * p + 1] = record[1 + 1024 + p];
    rgb[3 * p + 2] = record[1 + 2048 + p];
  }
  png.data = rgb;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 9, deflateStrategy: 3, filterType: -1 });
}

const files = readBatches(path.resolve(values.from));
const classes = files.get('batches.meta.txt').toString('utf8').split('\n').map((s) => s.trim()).filter(Boolean);
if (classes.length !== 10) throw new Error(`batches.meta.txt names ${classes.length} classes, expected 10`);
const out = path.resolve(values.out);
fs.rmSync(path.join(out, 'train'), { recursive: true, force: true });
fs.rmSync(path.join(out, 'test'), { recursive: true, force: true });
let bytes = 0;
for (const [split, names] of [['train', TRAIN_FILES], ['test', ['test_batch.bin']]]) {
  const counts = new Array(10).fill(0);
  let index = 0; // the record's index in the split (all files in order): the file name
  for (const name of names) {
    const buf = files.get(name);
    for (let off = 0; off + RECORD <= buf.length; off += RECORD, index++) {
      const label = buf[off];
      if (label > 9) throw new Error(`${name}: label ${label} at byte ${off}`);
      if (counts[label] >= perClass[split]) continue;
      counts[label]++;
      const dir = path.join(out, split, classes[label]);
      fs.mkdirSync(dir, { recursive: true });
      const png = encode(buf.subarray(off, off + RECORD));
      fs.writeFileSync(path.join(dir, `${String(index).padStart(5, '0')}.png`), png);
      bytes += png.length;
    }
  }
  if (counts.some((c) => c < perClass[split])) throw new Error(`${split}: only ${counts.join(', ')} pictures per class in the input`);
  console.log(`${split}: ${perClass[split]} pictures per class (${counts.reduce((a, b) => a + b, 0)})`);
}
console.log(`wrote ${out} (${(bytes / 1e6).toFixed(2)} MB of PNG)`);
