// Writes the README pictures (run `pnpm -F @aug/viz build` first):
//   docs/curves.png       an Animator with d2l's train_ch13 legend, on illustrative numbers (not a real run)
//   docs/cifar10-grid.png the seed's show_images(first 32 CIFAR-10 training images, 4, 8, scale=0.8)
// The grid needs the shared CIFAR-10 copy: node scripts/docs-figures.mjs [path/to/cifar-10-dev.tar.gz]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Animator, showImages } from '../dist/index.js';

const docs = new URL('../docs/', import.meta.url).pathname;

const animator = new Animator({ xlabel: 'epoch', xlim: [1, 10], ylim: [0, 1], legend: ['train loss', 'train acc', 'test acc'], dpi: 110 });
for (let epoch = 0; epoch < 10; epoch++) {
  for (let i = 1; i <= 5; i++) {
    const t = epoch + i / 5;
    animator.add(t, [1.6 * Math.exp(-t / 1.6) + 0.08, 0.93 - 0.6 * Math.exp(-t / 2.2), null]);
  }
  animator.add(epoch + 1, [null, null, 0.82 - 0.45 * Math.exp(-(epoch + 1) / 2.4)]);
}
animator.save(join(docs, 'curves.png'));

const archive = process.argv[2] ?? new URL('../../../../shared/data/cifar-10-dev.tar.gz', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'aug-viz-docs-'));
try {
  execFileSync('tar', ['-xzf', archive, '-C', tmp, 'cifar-10-batches-bin/data_batch_1.bin']);
  const bin = readFileSync(join(tmp, 'cifar-10-batches-bin', 'data_batch_1.bin'));
  const images = Array.from({ length: 32 }, (_, n) => {
    const rec = bin.subarray(n * 3073 + 1, (n + 1) * 3073); // R, G, B planes -> HWC
    const data = new Uint8Array(32 * 32 * 3);
    for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) data[p * 3 + c] = rec[c * 1024 + p];
    return { data, height: 32, width: 32, channels: 3 };
  });
  showImages(images, 4, 8, { scale: 0.8 }).save(join(docs, 'cifar10-grid.png'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log('wrote docs/curves.png and docs/cifar10-grid.png');
