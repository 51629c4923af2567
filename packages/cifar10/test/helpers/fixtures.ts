// Builds small CIFAR-10 copies in the official binary layout, with known pixels.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const TRAIN = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];

/** Pixel value of global image `i`, channel `c` (0 R, 1 G, 2 B), row `y`, column `x`. */
export function pixel(i: number, c: number, y: number, x: number): number {
  return (i * 7 + c * 85 + y * 3 + x * 5) & 255;
}

export function label(i: number): number {
  return (i * 3 + 1) % 10;
}

/** One batch file of `count` records starting at global image `first` (CHW planes per record). */
export function batchBytes(first: number, count: number, labelOf: (i: number) => number = label): Buffer {
  const buf = Buffer.alloc(count * 3073);
  for (let r = 0; r < count; r++) {
    const i = first + r;
    const o = r * 3073;
    buf[o] = labelOf(i);
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) buf[o + 1 + c * 1024 + y * 32 + x] = pixel(i, c, y, x);
  }
  return buf;
}

export interface Layout {
  /** name -> contents, under cifar-10-batches-bin/ */
  files: Map<string, Buffer>;
  perTrainFile: number;
  testCount: number;
}

/** The layout with `perTrainFile` records in each training batch and `testCount` in the test batch. */
export function makeLayout(perTrainFile = 3, testCount = 4): Layout {
  const files = new Map<string, Buffer>();
  TRAIN.forEach((name, f) => files.set(name, batchBytes(f * perTrainFile, perTrainFile)));
  files.set('test_batch.bin', batchBytes(1000, testCount));
  files.set('batches.meta.txt', Buffer.from(`${CLASSES.join('\n')}\n\n`));
  files.set('readme.html', noise(32 * 1024)); // incompressible, so the archive streams in many chunks
  return { files, perTrainFile, testCount };
}

/** Writes the layout into `<root>/cifar-10-batches-bin/`. */
export function writeLayout(root: string, layout: Layout = makeLayout()): string {
  const dir = join(root, 'cifar-10-batches-bin');
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of layout.files) writeFileSync(join(dir, name), data);
  return dir;
}

/** Deterministic incompressible bytes (an LCG). */
export function noise(n: number, seed = 1): Buffer {
  const out = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const created: string[] = [];

/** A fresh temporary folder, removed by {@link removeTempDirs} (called after each test file). */
export function tempDir(prefix = 'aug-cifar10-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface TarEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  data?: Buffer;
  linkpath?: string;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** A minimal ustar writer, so tests can build archives a normal tar tool would refuse to make. */
export function tarBytes(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = e.data ?? Buffer.alloc(0);
    const h = Buffer.alloc(512);
    h.write(e.path, 0, 100, 'utf8');
    h.write(octal(e.type === 'dir' ? 0o755 : 0o644, 8), 100);
    h.write(octal(0, 8), 108);
    h.write(octal(0, 8), 116);
    h.write(octal(e.type === 'file' || e.type === undefined ? data.length : 0, 12), 124);
    h.write(octal(0, 12), 136);
    h.write('        ', 148);
    h.write({ file: '0', dir: '5', symlink: '2', hardlink: '1' }[e.type ?? 'file'], 156);
    if (e.linkpath) h.write(e.linkpath, 157, 100);
    h.write('ustar\u000000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (e.type === 'file' || e.type === undefined) {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** The layout as a .tar.gz in the official archive's shape (everything under cifar-10-batches-bin/). */
export function archiveBytes(layout: Layout = makeLayout(), extra: readonly TarEntry[] = []): Buffer {
  const entries: TarEntry[] = [{ path: 'cifar-10-batches-bin/', type: 'dir' }];
  for (const [name, data] of layout.files) entries.push({ path: `cifar-10-batches-bin/${name}`, data });
  return gzipSync(tarBytes([...entries, ...extra]));
}

export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}
