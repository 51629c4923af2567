import fs from 'node:fs';
import path from 'node:path';
import { decodePng } from '@aug/viz';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Cifar10 } from '@aug/cifar10';
import { galleryMain } from '../src/gallery.js';
import { SAMPLE_DIR } from '../src/data.js';
import { makeGallery } from '../src/pictures.js';
import { writeTinyCifar } from './fixtures.js';

const tmp = writeTinyCifar(8, 8); // 40 training images
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the gallery (pnpm gallery)', () => {
  it('writes the 4x8 grid, one gallery per seed augmentation and a page', () => {
    const out = path.join(tmp, 'out');
    const data = new Cifar10({ root: tmp, train: true, download: false, verify: 'size' });
    const written = makeGallery({ data, out, index: 3, seed: 1 });
    expect(written).toHaveLength(2 + 7 + 1);
    for (const name of written) expect(fs.statSync(path.join(out, name)).size).toBeGreaterThan(0);
    const grid = decodePng(fs.readFileSync(path.join(out, 'cifar10-first-32.png')));
    expect(grid.width / grid.height).toBeCloseTo(2, 0);
    expect(() => makeGallery({ data, out, index: 40, seed: 0 })).toThrow(/--index must be below 40/);
  });

  it('runs as a command: pnpm gallery [-- flags]', async () => {
    const quiet = [vi.spyOn(console, 'log').mockImplementation(() => {}), vi.spyOn(console, 'error').mockImplementation(() => {})];
    try {
      const out = path.join(tmp, 'cli-out');
      expect(await galleryMain(['--', '--data-dir', path.join(tmp, 'cifar-10-batches-bin'), '--out', out, '--index', '2'])).toBe(0);
      expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
      expect(await galleryMain(['--bogus'])).toBe(2);
      expect(await galleryMain(['--data-dir', path.join(tmp, 'nothing-here')])).toBe(2);
      expect(await galleryMain(['--data-dir', tmp, '--index', 'x'])).toBe(2);
      // --out under /proc: refused at once with exit 2 (Node's recursive mkdir would spin there).
      const error = quiet[1]!;
      expect(await galleryMain(['--data-dir', tmp, '--out', '/proc/aug-gallery'])).toBe(2);
      expect(String(error.mock.calls.at(-1)?.[0])).toMatch(/--out \/proc\/aug-gallery is under \/proc, a kernel pseudo-file system/);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });

  it('without CIFAR-10 and without --data-dir, draws the shipped sample (offline, nothing downloaded)', async () => {
    const logs: string[] = [];
    const quiet = [vi.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line)), vi.spyOn(console, 'error').mockImplementation(() => {})];
    const saved = process.env.AUG_DATA_DIR;
    process.env.AUG_DATA_DIR = path.join(tmp, 'empty-data-dir');
    try {
      const out = path.join(tmp, 'sample-out');
      expect(await galleryMain(['--out', out, '--index', '5'])).toBe(0);
      expect(logs.join('\n')).toMatch(/No CIFAR-10 in .*empty-data-dir: drawing the shipped sample's pictures/);
      expect(logs.join('\n')).toMatch(/from the shipped sample/);
      const grid = decodePng(fs.readFileSync(path.join(out, 'cifar10-first-32.png')));
      expect(grid.width / grid.height).toBeCloseTo(2, 0);
      expect(fs.existsSync(path.join(out, 'augs-compose.png'))).toBe(true);
      // an ImageFolder layout given with --data-dir works the same way
      expect(await galleryMain(['--data-dir', SAMPLE_DIR, '--out', path.join(tmp, 'sample-out-2')])).toBe(0);
      expect(logs.join('\n')).toMatch(/from the ImageFolder /);
    } finally {
      if (saved === undefined) delete process.env.AUG_DATA_DIR;
      else process.env.AUG_DATA_DIR = saved;
      for (const spy of quiet) spy.mockRestore();
    }
  });
});
