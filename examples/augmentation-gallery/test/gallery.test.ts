import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodePng } from '@aug/viz';
import { afterAll, describe, expect, it } from 'vitest';
import { makeGallery } from '../src/pictures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-gallery-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTinyCifar(dir: string): void {
  const bin = path.join(dir, 'cifar-10-batches-bin');
  fs.mkdirSync(bin, { recursive: true });
  for (const name of ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']) {
    const buf = Buffer.alloc(8 * 3073);
    for (let r = 0; r < 8; r++) {
      buf[r * 3073] = r % 10;
      for (let p = 0; p < 3072; p++) buf[r * 3073 + 1 + p] = (p * 13 + r * 29) % 256;
    }
    fs.writeFileSync(path.join(bin, name), buf);
  }
  fs.writeFileSync(path.join(bin, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n');
}

describe('augmentation-gallery', () => {
  it('writes the 4x8 grid, one gallery per seed augmentation and a page', () => {
    writeTinyCifar(tmp);
    const out = path.join(tmp, 'out');
    const written = makeGallery({ dataDir: tmp, out, index: 3, seed: 1 });
    expect(written).toHaveLength(2 + 7 + 1);
    for (const name of written) expect(fs.statSync(path.join(out, name)).size).toBeGreaterThan(0);
    const grid = decodePng(fs.readFileSync(path.join(out, 'cifar10-first-32.png')));
    expect(grid.width / grid.height).toBeCloseTo(2, 0);
    expect(() => makeGallery({ dataDir: tmp, out, index: 40, seed: 0 })).toThrow(/--index must be below 40/);
  });
});
