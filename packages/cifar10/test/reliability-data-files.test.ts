// Reliability: damaged data folders are named errors, not silently wrong datasets.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cifar10, CorruptDataError } from '../src/index.js';
import { tempDir, writeLayout } from '@aug/test-utils';

describe('batches.meta.txt', () => {
  it('with 3 class names instead of 10 is a CorruptDataError naming the file', () => {
    const root = tempDir();
    const dir = writeLayout(root);
    writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\nbird\n\n');
    const error = (() => {
      try {
        new Cifar10({ root, verify: 'size' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CorruptDataError);
    expect(error).toMatchObject({ code: 'CORRUPT_DATA', file: join(dir, 'batches.meta.txt') });
    expect((error as Error).message).toMatch(/names 3 classes \(cat, dog, bird\), expected CIFAR-10's 10, one per line/);
  });

  it('with the 10 names (and blank lines) loads', () => {
    const root = tempDir();
    writeLayout(root);
    expect(new Cifar10({ root, verify: 'size' }).classes).toHaveLength(10);
  });
});

describe('a batch file that is a directory', () => {
  // (verify: 'md5' runs the same check; the tiny layout's files are not the official size, so it stops at batch 1 first.)
  for (const verify of ['size', false] as const) {
    it(`(verify: ${String(verify)}) is a CorruptDataError saying it is a directory, not a count of stray bytes`, () => {
      const root = tempDir();
      const dir = writeLayout(root);
      const file = join(dir, 'data_batch_2.bin');
      rmSync(file);
      mkdirSync(file);
      let error: unknown = null;
      try {
        new Cifar10({ root, verify });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CorruptDataError);
      expect(error).toMatchObject({ code: 'CORRUPT_DATA', file });
      expect((error as Error).message).toBe(`${file} is a directory, not a CIFAR-10 batch file; remove it and download or extract the archive again.`);
    });
  }
});

describe('options', () => {
  it('a misspelled key is a TypeError naming the nearest one (trian: false used to give the training set)', async () => {
    const root = tempDir();
    writeLayout(root);
    expect(() => new Cifar10({ root, trian: false } as never)).toThrow(new TypeError(
      'Cifar10: unknown option "trian" (did you mean "train"?); the options are root, train, transform, download, verify',
    ));
    for (const [typo, key] of [['tranform', 'transform'], ['verfy', 'verify'], ['Root', 'root'], ['downlaod', 'download']]) {
      expect(() => new Cifar10({ root, [typo!]: 1 } as never)).toThrow(`did you mean "${key}"?`);
    }
    await expect(Cifar10.load({ root, trian: false } as never)).rejects.toThrow('Cifar10.load: unknown option "trian" (did you mean "train"?)');
    await expect(Cifar10.load({ root, stallTimeout: 5 } as never)).rejects.toThrow('did you mean "stallTimeoutMs"?');
    const test = await Cifar10.load({ root, train: false, verify: 'size', retries: 1 });
    expect(test.length).toBeGreaterThan(0);
    expect(test.length).toBeLessThan(new Cifar10({ root, verify: 'size' }).length);
  });
});
