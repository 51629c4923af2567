// Real CIFAR-10 pictures for the synthetic detection set: from the official binary layout (records of
// 1 label byte + 3072 bytes of R, G, B planes, 32x32) in a folder or in the .tar.gz, or from the PNGs
// shipped in assets/ (made by scripts/make-assets.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readImage } from '@aug/data';
import type { Image } from '@aug/transforms';

/** CIFAR-10's class names, by label. */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/** One CIFAR-10 picture (32x32x3 uint8 HWC) and its label 0..9. */
export interface Picture {
  image: Image;
  label: number;
}

const RECORD = 1 + 3072;

/**
 * Decodes CIFAR-10 binary records (label byte, then the R, G and B planes) to HWC pictures.
 *
 * @example
 * ```ts
 * const pics = decodeRecords(readFileSync('cifar-10-batches-bin/test_batch.bin'), 10);
 * ```
 */
export function decodeRecords(bytes: Uint8Array, count: number): Picture[] {
  const n = Math.min(count, Math.floor(bytes.length / RECORD));
  const out: Picture[] = [];
  for (let r = 0; r < n; r++) {
    const base = r * RECORD;
    const label = bytes[base]!;
    if (label > 9) throw new RangeError(`record ${r} has label ${label}; CIFAR-10 labels are 0..9 (is this the binary version?)`);
    const data = new Uint8Array(32 * 32 * 3);
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) data[p * 3 + c] = bytes[base + 1 + c * 1024 + p]!;
    }
    out.push({ image: { data, height: 32, width: 32, channels: 3 }, label });
  }
  return out;
}

/** The bytes of `name` inside a ustar archive, or undefined. */
function tarMember(tar: Uint8Array, name: string): Uint8Array | undefined {
  let off = 0;
  const text = (a: number, b: number) => Buffer.from(tar.subarray(a, b)).toString('utf8').replace(/\0.*$/s, '');
  while (off + 512 <= tar.length) {
    const path = text(off, off + 100);
    if (path === '') return undefined;
    const size = parseInt(text(off + 124, off + 136).trim() || '0', 8);
    if (path === name || path.endsWith(`/${name}`)) return tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/**
 * `count` pictures of CIFAR-10's test batch from `source`: a `.tar.gz` of the binary version, a
 * `cifar-10-batches-bin/` folder, or a folder that holds one. Throws an Error naming the path and what was
 * looked for.
 *
 * @example
 * ```ts
 * const pics = readCifarPictures('/work/shared/data/cifar-10-dev.tar.gz', 40);
 * ```
 */
export function readCifarPictures(source: string, count: number): Picture[] {
  if (!existsSync(source)) throw new Error(`--data-dir ${source} does not exist`);
  if (statSync(source).isFile()) {
    const tar = gunzipSync(readFileSync(source));
    const batch = tarMember(tar, 'test_batch.bin') ?? tarMember(tar, 'data_batch_1.bin');
    if (!batch) throw new Error(`${source} holds no cifar-10-batches-bin/test_batch.bin (CIFAR-10 binary version)`);
    return decodeRecords(batch, count);
  }
  for (const dir of [source, join(source, 'cifar-10-batches-bin')]) {
    for (const file of ['test_batch.bin', 'data_batch_1.bin']) {
      if (existsSync(join(dir, file))) return decodeRecords(readFileSync(join(dir, file)), count);
    }
  }
  throw new Error(`--data-dir ${source} holds neither test_batch.bin nor cifar-10-batches-bin/ (CIFAR-10 binary version)`);
}

/**
 * The pictures shipped in `assets/` (`<index>-<class>.png`, 32x32), in file-name order.
 *
 * @example
 * ```ts
 * const pics = await readAssetPictures(new URL('../assets', import.meta.url).pathname);
 * ```
 */
export async function readAssetPictures(dir: string): Promise<Picture[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
  return Promise.all(
    files.map(async (f) => {
      const name = f.replace(/^\d+-/, '').replace(/\.png$/, '');
      const label = (CIFAR10_CLASSES as readonly string[]).indexOf(name);
      if (label < 0) throw new Error(`${join(dir, f)}: the name must be <index>-<class>.png with a CIFAR-10 class, got '${name}'`);
      return { image: await readImage(join(dir, f), { mode: 'rgb' }), label };
    }),
  );
}
