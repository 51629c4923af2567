import path from 'node:path';
import { parseArgs } from 'node:util';
import { Cifar10Error, locateCifar10 } from '@aug/cifar10';
import { makeGallery } from './pictures.js';

export const GALLERY_USAGE = `Usage: pnpm gallery [--] [--data-dir DIR] [--out DIR] [--index N] [--seed N]

Only the pictures of the d2l chapter, no training: the 4x8 grid of the first 32 CIFAR-10 training images and a
2x4 gallery of each augmentation, as PNG files plus an HTML page.
  --data-dir DIR   an extracted cifar-10-batches-bin/ (or its parent); default data/CIFAR
  --out DIR        where to write (default runs/gallery)
  --index N        which training image the galleries augment (default 0)
  --seed N         seed of the augmentations (default 0)`;

/**
 * `pnpm gallery [--] [flags]` (`pnpm start -- gallery [flags]`): only the pictures, no training. Returns the
 * exit code: 0 done, 1 failed, 2 bad command line or no data.
 */
export function galleryMain(argv: readonly string[]): number {
  try {
    return gallery(argv);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return err instanceof RangeError ? 2 : 1;
  }
}

function gallery(argv: readonly string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : [...argv],
      strict: true,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, index: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (err) {
    console.error(`error: ${(err as Error).message}\n\n${GALLERY_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(GALLERY_USAGE);
    return 0;
  }
  const int = (name: string, raw: string | undefined): number => {
    if (raw === undefined) return 0;
    if (!/^\d+$/.test(raw)) throw new RangeError(`--${name} must be a non-negative integer, got "${raw}"`);
    return Number(raw);
  };
  const started = Date.now();
  const out = path.resolve(values.out ?? path.join('runs', 'gallery'));
  const dataDir = locateCifar10(values['data-dir']).root;
  let written;
  try {
    written = makeGallery({ dataDir, out, index: int('index', values.index), seed: int('seed', values.seed) });
  } catch (err) {
    if (!(Cifar10Error.isInstance(err) && err.code === 'DATA_NOT_FOUND')) throw err;
    // The library's message suggests library calls; on the command line the answer is a flag.
    console.error(
      `error: no CIFAR-10 data at ${dataDir}.\n` +
        'Pass --data-dir DIR (an extracted cifar-10-batches-bin/ or the folder that holds it), or set AUG_DATA_DIR;\n' +
        '`pnpm start` downloads CIFAR-10 to data/CIFAR on its first run.\n\n' +
        GALLERY_USAGE,
    );
    return 2;
  }
  console.log(`wrote ${written.join(', ')} to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
