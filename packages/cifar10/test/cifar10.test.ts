import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, type Image, type Rng, type Transform } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { ChecksumError, Cifar10, Cifar10Error, CorruptDataError, DataNotFoundError, locateCifar10 } from '../src/index.js';
import { checkManifest, MANIFEST_FILE, splitFiles } from '../src/verify.js';
import { batchBytes, label, makeLayout, pixel, tempDir, writeLayout } from '@aug/test-utils';

/** A small transform for tests: adds a random offset in [0, 10) to every pixel (uint8, wrapping). */
class AddNoise implements Transform {
  apply(img: Image, rng?: Rng): Image {
    const k = Math.floor((rng ?? createRng(0)).next() * 10);
    return { ...img, data: img.data.map((v) => (v + k) & 255) };
  }
  toJSON() {
    return { type: 'AddNoise' };
  }
}

describe('Cifar10', () => {
  it('decodes every record into HWC order with its label', () => {
    const root = tempDir();
    writeLayout(root, makeLayout(2, 3));
    const ds = new Cifar10({ root, verify: 'size' });
    expect(ds.length).toBe(10);
    expect(ds.data.length).toBe(10 * 3072);
    for (let i = 0; i < 10; i++) {
      expect(ds.targets[i]).toBe(label(i));
      for (let y = 0; y < 32; y += 7) for (let x = 0; x < 32; x += 5) for (let c = 0; c < 3; c++) {
        expect(ds.data[i * 3072 + (y * 32 + x) * 3 + c]).toBe(pixel(i, c, y, x));
      }
    }
    expect(ds.get(9).image.data).toEqual(ds.data.subarray(9 * 3072, 10 * 3072));
    expect(() => ds.get(10)).toThrow(/index must be an integer in \[0, 10\), got 10/);
  });

  it('accepts root pointing at cifar-10-batches-bin/ itself', () => {
    const root = tempDir();
    const dir = writeLayout(root, makeLayout(1, 2));
    expect(new Cifar10({ root: dir, train: false, verify: 'size' }).length).toBe(2);
  });

  it('applies the transform with the given rng, and not in getUntransformed', () => {
    const root = tempDir();
    writeLayout(root, makeLayout(1, 2));
    const ds = new Cifar10({ root, verify: 'size', transform: new AddNoise() });
    const a = ds.get(2, createRng(5));
    const b = ds.get(2, createRng(5));
    expect(a.image.data).toEqual(b.image.data);
    const k = Math.floor(createRng(5).next() * 10);
    expect(a.image.data[0]).toBe((pixel(2, 0, 0, 0) + k) & 255);
    expect(ds.getUntransformed(2).image.data[0]).toBe(pixel(2, 0, 0, 0));
  });

  it('names the exact path and both fixes when data is missing', () => {
    const root = tempDir();
    const err = (() => {
      try {
        new Cifar10({ root });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DataNotFoundError);
    expect(Cifar10Error.isInstance(err)).toBe(true);
    const msg = (err as Error).message;
    expect(msg).toContain(join(root, 'cifar-10-batches-bin', 'data_batch_1.bin'));
    expect(msg).toContain('download: true');
    expect(msg).toMatch(/point root/);
  });

  it('reports a truncated batch file with the file, expected and actual size', () => {
    const root = tempDir();
    const dir = writeLayout(root, makeLayout(2, 2));
    writeFileSync(join(dir, 'data_batch_3.bin'), batchBytes(0, 2).subarray(0, 3073 + 100));
    const err = (() => {
      try {
        new Cifar10({ root, verify: 'size' });
      } catch (e) {
        return e;
      }
    })() as CorruptDataError;
    expect(err).toBeInstanceOf(CorruptDataError);
    expect(err.file).toBe(join(dir, 'data_batch_3.bin'));
    expect(err.message).toContain('3173 bytes');
    expect(err.message).toMatch(/multiple of 3073/);
    // verify: false still refuses a partial record: it cannot be decoded.
    expect(() => new Cifar10({ root, verify: false })).toThrow(CorruptDataError);
  });

  it("with verify 'md5' wants the official 10,000 records per file", () => {
    const root = tempDir();
    writeLayout(root, makeLayout(2, 2));
    expect(() => new Cifar10({ root })).toThrow(/has 6146 bytes, expected 30730000 \(10000 records of 3073 bytes\).*verify: 'size'/);
  });

  it('reports a label out of range with the file and record index', () => {
    const root = tempDir();
    const dir = writeLayout(root, makeLayout(3, 2));
    writeFileSync(join(dir, 'test_batch.bin'), batchBytes(0, 3, { label: (i) => (i === 1 ? 10 : 0) }));
    expect(() => new Cifar10({ root, train: false, verify: 'size' })).toThrow(
      new RegExp(`${join(dir, 'test_batch.bin').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: record 1 .* label 10, expected 0\\.\\.9`),
    );
  });

  it('checks files against the MD5 manifest written at extraction', () => {
    const root = tempDir();
    const dir = writeLayout(root, makeLayout(1, 1));
    const files = splitFiles(dir, false);
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ 'test_batch.bin': '0'.repeat(32) }));
    expect(() => checkManifest(dir, files)).toThrow(ChecksumError);
    expect(() => checkManifest(dir, files)).toThrow(/expected 0{32}/);
    rmSync(join(dir, MANIFEST_FILE));
    expect(() => checkManifest(dir, files)).not.toThrow();
  });

  it('reads the class names from batches.meta.txt', () => {
    const root = tempDir();
    const layout = makeLayout(1, 1);
    const names = 'abcdefghij'.split('');
    layout.files.set('batches.meta.txt', Buffer.from(`${names.join('\r\n')}\n\n`));
    writeLayout(root, layout);
    expect(new Cifar10({ root, verify: 'size' }).classes).toEqual(names);
  });

  it('rejects a bad verify option', () => {
    const root = tempDir();
    mkdirSync(root, { recursive: true });
    expect(() => new Cifar10({ root, verify: 'sha' as never })).toThrow(/verify must be 'md5', 'size' or false, got "sha"/);
  });
});

describe('locateCifar10', () => {
  it('finds the batch folder from its parent or itself and lists the missing files', () => {
    const root = tempDir();
    const dir = writeLayout(root, makeLayout(1, 1));
    expect(locateCifar10(root)).toEqual({ root, batchDir: dir, found: true, missing: [] });
    expect(locateCifar10(dir)).toEqual({ root: dir, batchDir: dir, found: true, missing: [] });
    rmSync(join(dir, 'data_batch_4.bin'));
    expect(locateCifar10(root).missing).toEqual(['data_batch_4.bin']);
    const empty = tempDir();
    const nothing = locateCifar10(empty);
    expect(nothing).toMatchObject({ root: empty, batchDir: join(empty, 'cifar-10-batches-bin'), found: false });
    expect(nothing.missing).toHaveLength(7);
  });

  it('defaults to $AUG_DATA_DIR, else data/CIFAR under the working directory', () => {
    const saved = process.env.AUG_DATA_DIR;
    try {
      process.env.AUG_DATA_DIR = '/tmp/aug-somewhere';
      expect(locateCifar10().root).toBe('/tmp/aug-somewhere');
      delete process.env.AUG_DATA_DIR;
      expect(locateCifar10().root).toBe(join(process.cwd(), 'data', 'CIFAR'));
    } finally {
      if (saved === undefined) delete process.env.AUG_DATA_DIR;
      else process.env.AUG_DATA_DIR = saved;
    }
    expect(() => locateCifar10('')).toThrow(TypeError);
  });
});
