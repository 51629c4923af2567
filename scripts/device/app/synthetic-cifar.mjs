// The kit's fallback when it was built without ../shared/data (a fresh clone): CIFAR-10-shaped
// records (1 label byte + 3,072 pixel bytes, channel planes as the official binary version) in the
// official file layout, so the training step runs the same Cifar10 + DataLoader path. Each class is
// a distinct mean colour and stripe orientation plus seeded noise: learnable, so the accuracy curve
// still shows whether training works, but it says nothing about CIFAR-10 accuracy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '@aug/transforms';
import { int, options } from './io.mjs';

const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const RECORD = 1 + 3 * 32 * 32;

function records(count, rng) {
  const buf = Buffer.alloc(count * RECORD);
  for (let i = 0; i < count; i++) {
    const label = Math.floor(rng.next() * 10);
    const base = i * RECORD;
    buf[base] = label;
    const angle = (label * Math.PI) / 10;
    const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
    for (let c = 0; c < 3; c++) {
      const mean = 60 + 40 * ((label + c * 3) % 5);
      for (let p = 0; p < 1024; p++) {
        const x = p % 32;
        const y = (p - x) / 32;
        const stripe = 40 * Math.sin((x * dx + y * dy) * 0.6);
        const noise = 60 * (rng.next() - 0.5);
        buf[base + 1 + c * 1024 + p] = Math.max(0, Math.min(255, Math.round(mean + stripe + noise)));
      }
    }
  }
  return buf;
}

/** Writes `train` training records (over the 5 batch files) and `test` test records under `root`. */
export function writeSyntheticCifar(root, train, test, seed = 0) {
  const dir = join(root, 'cifar-10-batches-bin');
  mkdirSync(dir, { recursive: true });
  const rng = createRng(seed);
  const per = Math.ceil(train / 5);
  for (let b = 1; b <= 5; b++) {
    const n = Math.max(1, Math.min(per, train - per * (b - 1)));
    writeFileSync(join(dir, `data_batch_${b}.bin`), records(n, rng));
  }
  writeFileSync(join(dir, 'test_batch.bin'), records(test, rng));
  writeFileSync(join(dir, 'batches.meta.txt'), `${CLASSES.join('\n')}\n\n`);
  return dir;
}

/** `synthetic --out DIR [--train N] [--test M] [--seed S]`: writes the fallback data set (for checks). */
export async function syntheticCommand(argv) {
  const usage = 'usage: main.mjs synthetic --out DIR [--train 8000] [--test 1600] [--seed 0]';
  const o = options(argv, { out: { type: 'string' }, train: { type: 'string' }, test: { type: 'string' }, seed: { type: 'string' } }, usage);
  if (!o.out) throw new TypeError(`synthetic: --out is required\n${usage}`);
  const dir = writeSyntheticCifar(o.out, int(o, 'train', 8000, 5), int(o, 'test', 1600), int(o, 'seed', 0, 0));
  console.log(`synthetic CIFAR-10 layout written to ${dir}`);
}
