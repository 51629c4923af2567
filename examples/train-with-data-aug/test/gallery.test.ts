import fs from 'node:fs';
import path from 'node:path';
import { decodePng } from '@aug/viz';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { galleryMain } from '../src/gallery.js';
import { makeGallery } from '../src/pictures.js';
import { writeTinyCifar } from './fixtures.js';

const tmp = writeTinyCifar(8, 8); // 40 training images
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the gallery (pnpm gallery)', () => {
  it('writes the 4x8 grid, one gallery per seed augmentation and a page', () => {
    const out = path.join(tmp, 'out');
    const written = makeGallery({ dataDir: tmp, out, index: 3, seed: 1 });
    expect(written).toHaveLength(2 + 7 + 1);
    for (const name of written) expect(fs.statSync(path.join(out, name)).size).toBeGreaterThan(0);
    const grid = decodePng(fs.readFileSync(path.join(out, 'cifar10-first-32.png')));
    expect(grid.width / grid.height).toBeCloseTo(2, 0);
    expect(() => makeGallery({ dataDir: tmp, out, index: 40, seed: 0 })).toThrow(/--index must be below 40/);
  });

  it('runs as a command: pnpm gallery [-- flags]', () => {
    const quiet = [vi.spyOn(console, 'log').mockImplementation(() => {}), vi.spyOn(console, 'error').mockImplementation(() => {})];
    try {
      const out = path.join(tmp, 'cli-out');
      expect(galleryMain(['--', '--data-dir', path.join(tmp, 'cifar-10-batches-bin'), '--out', out, '--index', '2'])).toBe(0);
      expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
      expect(galleryMain(['--bogus'])).toBe(2);
      expect(galleryMain(['--data-dir', path.join(tmp, 'nothing-here')])).toBe(2);
      expect(galleryMain(['--data-dir', tmp, '--index', 'x'])).toBe(2);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });
});
