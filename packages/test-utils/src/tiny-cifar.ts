import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tarBytes, type TarEntry } from './tar.js';
import { tempDir } from './temp-dir.js';

/** CIFAR-10's class names, in label order (the contents of `batches.meta.txt`). */
export const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
/** The five training batch files, in order. */
export const TRAIN = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];

/**
 * Default pixel value of global image `i`, channel `c` (0 R, 1 G, 2 B), row `y`, column `x`.
 *
 * @example
 * ```ts
 * expect(img.data[0]).toBe(pixel(5, 0, 0, 0));
 * ```
 */
export function pixel(i: number, c: number, y: number, x: number): number {
  return (i * 7 + c * 85 + y * 3 + x * 5) & 255;
}

/**
 * Default label of global image `i`.
 *
 * @example
 * ```ts
 * expect(ds.get(3).label).toBe(label(3));
 * ```
 */
export function label(i: number): number {
  return (i * 3 + 1) % 10;
}

/**
 * Pixels in which each class has its own colour (plus a little texture), so a model can learn the
 * labels; use with `label: (i) => i % 10`.
 *
 * @example
 * ```ts
 * makeLayout(8, 16, { label: (i) => i % 10, pixel: learnablePixel((i) => i % 10) });
 * ```
 */
export function learnablePixel(labelOf: (i: number) => number): (i: number, c: number, y: number, x: number) => number {
  return (i, c, y, x) => ((labelOf(i) * 37 + c * 91) % 256 + (((y * 32 + x) * 7 + i) % 23)) % 256;
}

/** What a tiny CIFAR-10 holds besides its sizes. */
export interface TinyCifarOptions {
  /** Label of global image `i` (default {@link label}). */
  label?: (i: number) => number;
  /** Pixel of global image `i` (default {@link pixel}). */
  pixel?: (i: number, c: number, y: number, x: number) => number;
  /** Global index of the first test image (default 1000, so train and test pixels differ). */
  testFirst?: number;
  /** Size of the incompressible `readme.html` (default 32 KiB, so an archive streams in many chunks; 0 leaves it out). */
  readmeBytes?: number;
}

/**
 * One batch file of `count` records starting at global image `first`: per record one label byte, then
 * the R, G and B planes of 32x32 (CIFAR-10's binary layout).
 *
 * @example
 * ```ts
 * writeFileSync(join(dir, 'data_batch_3.bin'), batchBytes(0, 2).subarray(0, 3073 + 100)); // truncated
 * ```
 */
export function batchBytes(first: number, count: number, options: Pick<TinyCifarOptions, 'label' | 'pixel'> = {}): Buffer {
  const labelOf = options.label ?? label;
  const pixelOf = options.pixel ?? pixel;
  const buf = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r++) {
    const i = first + r;
    const o = r * 3073;
    buf[o] = labelOf(i);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) buf[o + 1 + c * 1024 + y * 32 + x] = pixelOf(i, c, y, x);
  }
  return buf;
}

/** A tiny CIFAR-10 in memory. */
export interface Layout {
  /** name -> contents, under cifar-10-batches-bin/ */
  files: Map<string, Buffer>;
  perTrainFile: number;
  testCount: number;
}

/**
 * Deterministic incompressible bytes (an LCG).
 *
 * @example
 * ```ts
 * const junk = noise(1024);
 * ```
 */
export function noise(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * The files of a tiny CIFAR-10: `perTrainFile` records in each training batch (training image `i` of
 * file `f` is global image `f * perTrainFile + i`), `testCount` in the test batch, `batches.meta.txt`
 * and a `readme.html`.
 *
 * @example
 * ```ts
 * const layout = makeLayout(2, 2);
 * ```
 */
export function makeLayout(perTrainFile = 3, testCount = 4, options: TinyCifarOptions = {}): Layout {
  const files = new Map<string, Buffer>();
  TRAIN.forEach((name, f) => files.set(name, batchBytes(f * perTrainFile, perTrainFile, options)));
  files.set('test_batch.bin', batchBytes(options.testFirst ?? 1000, testCount, options));
  files.set('batches.meta.txt', Buffer.from(`${CLASSES.join('\n')}\n\n`));
  const readme = options.readmeBytes ?? 32 * 1024;
  if (readme > 0) files.set('readme.html', noise(readme));
  return { files, perTrainFile, testCount };
}

/**
 * Writes the layout into `<root>/cifar-10-batches-bin/` and returns that folder.
 *
 * @example
 * ```ts
 * const root = tempDir();
 * writeLayout(root, makeLayout(1, 2));
 * new Cifar10({ root });
 * ```
 */
export function writeLayout(root: string, layout: Layout = makeLayout()): string {
  const dir = join(root, 'cifar-10-batches-bin');
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of layout.files) writeFileSync(join(dir, name), data);
  return dir;
}

/**
 * A tiny CIFAR-10 on disk in a fresh {@link tempDir}; returns the root (the folder holding
 * `cifar-10-batches-bin/`).
 *
 * @example
 * ```ts
 * const root = writeTinyCifar(8, 16);
 * ```
 */
export function writeTinyCifar(perTrainFile = 3, testCount = 4, options: TinyCifarOptions = {}): string {
  const root = tempDir('aug-cifar-');
  writeLayout(root, makeLayout(perTrainFile, testCount, options));
  return root;
}

/**
 * The layout as a .tar.gz in the official archive's shape (everything under cifar-10-batches-bin/), with
 * `extra` entries appended.
 *
 * @example
 * ```ts
 * const archive = archiveBytes(makeLayout(1, 1), [{ path: 'cifar-10-batches-bin/../../evil.txt', data: Buffer.from('x') }]);
 * ```
 */
export function archiveBytes(layout: Layout = makeLayout(), extra: readonly TarEntry[] = []): Buffer {
  const entries: TarEntry[] = [{ path: 'cifar-10-batches-bin/', type: 'dir' }];
  for (const [name, data] of layout.files) entries.push({ path: `cifar-10-batches-bin/${name}`, data });
  return gzipSync(tarBytes([...entries, ...extra]));
}

/**
 * The MD5 hex digest of `data`.
 *
 * @example
 * ```ts
 * const digest = md5(archiveBytes());
 * ```
 */
export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
