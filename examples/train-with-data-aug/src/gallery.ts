import path from 'node:path';
import { parseArgs } from 'node:util';
import { Cifar10, locateCifar10 } from '@aug/cifar10';
import { FolderNotWritableError, assertWritableFolder } from '@aug/train';
import { Compose } from '@aug/transforms';
import { SAMPLE_DIR } from './data.js';
import { ImageFolderError, isImageFolderLayout, readImageFolder, type LabelledImages } from './image-folder.js';
import { makeGallery } from './pictures.js';

export const GALLERY_USAGE = `Usage: pnpm gallery [--] [--data-dir DIR] [--out DIR] [--index N] [--seed N]

Only the pictures of the d2l chapter, no training: the 4x8 grid of the first 32 training images and a 2x4
gallery of each augmentation, as PNG files plus an HTML page.
  --data-dir DIR   CIFAR-10's binary layout (an extracted cifar-10-batches-bin/ or its parent) or an ImageFolder
                   layout (train/<class>/*.png, test/<class>/...); default data/CIFAR (or $AUG_DATA_DIR), and
                   the shipped sample when that holds no CIFAR-10 (nothing is downloaded)
  --out DIR        where to write (default runs/gallery)
  --index N        which training image the galleries augment (default 0)
  --seed N         seed of the augmentations (default 0)`;

/**
 * `pnpm gallery [--] [flags]` (`pnpm start -- gallery [flags]`): only the pictures, no training. Resolves to
 * the exit code: 0 done, 1 failed, 2 bad command line or no data.
 */
export async function galleryMain(argv: readonly string[]): Promise<number> {
  try {
    return await gallery(argv);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    return err instanceof RangeError ? 2 : 1;
  }
}

/** The training set to draw: `--data-dir` (either layout), else data/CIFAR, else the shipped sample. */
async function openTrainingSet(dataDir: string | undefined): Promise<{ data: LabelledImages; how: string } | string> {
  const { root, found, missing } = locateCifar10(dataDir);
  if (found && missing.every((m) => m === 'test_batch.bin')) {
    return { data: new Cifar10({ root, train: true, download: false, verify: 'size' }), how: `CIFAR-10 in ${root}` };
  }
  if (dataDir !== undefined) {
    if (!found && isImageFolderLayout(root)) return { data: await readImageFolder(path.join(root, 'train'), new Compose([])), how: `the ImageFolder ${root}` };
    return found
      ? `--data-dir ${root}: its cifar-10-batches-bin/ lacks ${missing.join(', ')}`
      : `no CIFAR-10 data and no train/ + test/ folders at ${root}`;
  }
  const shown = path.relative(process.cwd(), SAMPLE_DIR) || SAMPLE_DIR;
  console.log(`No CIFAR-10 in ${root}: drawing the shipped sample's pictures (${shown}, ImageFolder order: sorted by class).`);
  return { data: await readImageFolder(path.join(SAMPLE_DIR, 'train'), new Compose([])), how: `the shipped sample ${SAMPLE_DIR}` };
}

async function gallery(argv: readonly string[]): Promise<number> {
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
  const index = int('index', values.index);
  const seed = int('seed', values.seed);
  const started = Date.now();
  const out = path.resolve(values.out ?? path.join('runs', 'gallery'));
  let opened;
  try {
    opened = await openTrainingSet(values['data-dir']);
  } catch (err) {
    if (err instanceof ImageFolderError) opened = err.message;
    else throw err;
  }
  if (typeof opened === 'string') {
    console.error(
      `error: ${opened}.\n` +
        'Pass --data-dir DIR (an extracted cifar-10-batches-bin/ or the folder that holds it, or an ImageFolder layout with train/ and test/), ' +
        'or set AUG_DATA_DIR; `pnpm start` downloads CIFAR-10 to data/CIFAR on its first run.\n\n' +
        GALLERY_USAGE,
    );
    return 2;
  }
  try {
    // A read-only disk, no permission, a full disk or /proc and /sys: named now (no recursive mkdir that spins).
    await assertWritableFolder(out, '--out');
  } catch (err) {
    if (err instanceof FolderNotWritableError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const written = makeGallery({ data: opened.data, out, index, seed });
  console.log(`wrote ${written.join(', ')} to ${out} from ${opened.how} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
