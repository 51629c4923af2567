// --data-dir accepts CIFAR-10's binary layout or an ImageFolder layout (train/ + test/); the shipped sample
// is such a folder of real CIFAR-10 pictures.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToTensor, Compose } from '@aug/transforms';
import { imageToPng } from '@aug/viz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataUnavailableError, SAMPLE_DIR, locateData, openDatasets } from '../src/data.js';
import { isImageFolderLayout, readImageFolder } from '../src/image-folder.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const start = path.join(repo, 'scripts', 'start.mjs');
let tmp: string;
let folder: string;

/** An 8x8 RGB picture whose every pixel is (label*40, index, 7). */
function picture(label: number, index: number): Uint8Array {
  const data = new Uint8Array(8 * 8 * 3);
  for (let p = 0; p < 64; p++) data.set([label * 40, index, 7], 3 * p);
  return data;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-image-folder-'));
  folder = path.join(tmp, 'folder');
  // Class folders written out of order, one nested folder: torchvision sorts classes and walks recursively.
  for (const [split, perClass] of [['train', 4], ['test', 2]] as const) {
    for (const [label, name] of [[1, 'zebra'], [0, 'apple']] as const) {
      for (let i = 0; i < perClass; i++) {
        const dir = path.join(folder, split, name, i % 2 === 0 ? '' : 'nested');
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${i}.png`), imageToPng({ data: picture(label, i), height: 8, width: 8, channels: 3 }));
      }
    }
  }
  fs.writeFileSync(path.join(folder, 'train', 'apple', 'notes.txt'), 'not a picture');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the ImageFolder layout', () => {
  it('is detected by --data-dir and read as torchvision reads it (sorted classes, recursive, RGB)', async () => {
    expect(isImageFolderLayout(folder)).toBe(true);
    expect(isImageFolderLayout(path.join(folder, 'train'))).toBe(false);
    const source = await locateData(folder, () => {});
    expect(source).toMatchObject({ layout: 'image-folder', root: folder, sample: false });
    const { train, test } = await openDatasets(source, { train: new Compose([new ToTensor()]), test: new Compose([new ToTensor()]) });
    expect(train.classes).toEqual(['apple', 'zebra']);
    expect([train.length, test.length]).toEqual([8, 4]);
    const labels = Array.from({ length: 8 }, (_, i) => train.getUntransformed(i).label);
    expect(labels).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    const first = train.getUntransformed(4); // zebra/0.png (the folder's own files before nested/)
    expect(first.image).toMatchObject({ height: 8, width: 8, channels: 3 });
    expect(Array.from(first.image.data.slice(0, 3))).toEqual([40, 0, 7]);
    const tensor = (await train.get(4)).image; // ToTensor: float32 in [0, 1]
    expect(tensor.data[0]).toBeCloseTo(40 / 255, 6);
  });

  it('rejects a test split whose classes differ from the training split', async () => {
    const bad = path.join(tmp, 'bad');
    fs.cpSync(folder, bad, { recursive: true });
    fs.renameSync(path.join(bad, 'test', 'zebra'), path.join(bad, 'test', 'horse'));
    const tf = new Compose([new ToTensor()]);
    await expect(openDatasets({ layout: 'image-folder', root: bad, how: '', sample: false }, { train: tf, test: tf })).rejects.toThrow(DataUnavailableError);
    await expect(readImageFolder(path.join(bad, 'test'), tf, ['apple', 'zebra'])).rejects.toThrow(/apple, horse/);
  });

  it('a folder in neither layout: exit 2, the error names both layouts', () => {
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const r = spawnSync(process.execPath, [start, '--data-dir', empty, '--backend', 'cpu', '--out', path.join(tmp, 'o')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, AUG_START_NO_BUILD: '1' },
    });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/no cifar-10-batches-bin\/ and no train\/ \+ test\/ folders/);
    expect(r.stderr).toMatch(/official binary layout .*data_batch_1\.bin/);
    expect(r.stderr).toMatch(/ImageFolder layout \(train\/<class>\/\*\.png and test\/<class>\/\*\.png/);
  });

  it('trains from an ImageFolder given as --data-dir (pnpm start)', () => {
    const out = path.join(tmp, 'run');
    const r = spawnSync(process.execPath, [start, '--data-dir', folder, '--backend', 'cpu', '--epochs', '1', '--batch-size', '4', '--width', '2', '--out', out], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, AUG_START_NO_BUILD: '1' },
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain(`data: --data-dir ${folder} (ImageFolder layout: train/, test/)`);
    expect(r.stdout).toMatch(/training on 8 images \(2 batches of 4\), testing on 4/);
    expect(r.stdout).toMatch(/test acc \d\.\d{3}/);
    expect(r.stdout).not.toContain('shipped sample');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).epochs).toHaveLength(1);
  });
});

describe('the shipped sample', () => {
  it('is a balanced ImageFolder of 32x32 CIFAR-10 pictures: 250 per class to train, 50 to test', async () => {
    const tf = new Compose([new ToTensor()]);
    const train = await readImageFolder(path.join(SAMPLE_DIR, 'train'), tf);
    const test = await readImageFolder(path.join(SAMPLE_DIR, 'test'), tf, train.classes);
    expect(train.classes).toEqual(['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']);
    expect([train.length, test.length]).toEqual([2500, 500]);
    const counts = (d: typeof train): number[] => {
      const c = new Array<number>(10).fill(0);
      for (let i = 0; i < d.length; i++) c[d.getUntransformed(i).label]!++;
      return c;
    };
    expect(counts(train)).toEqual(new Array(10).fill(250));
    expect(counts(test)).toEqual(new Array(10).fill(50));
    expect(train.getUntransformed(0).image).toMatchObject({ height: 32, width: 32, channels: 3 });
  });
});
