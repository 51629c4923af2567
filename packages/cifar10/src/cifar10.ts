import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Image, Rng, Transform } from '@aug/transforms';
import { decodeBatches } from './decode.js';
import type { Sample, TransformedDataset } from '@aug/data';
import { checkOptions, describeValue, optionKeys } from '@aug/internal';
import { DOWNLOAD_OPTION_KEYS, downloadCifar10, type DownloadOptions } from './download.js';
import { CorruptDataError, DataNotFoundError } from './errors.js';
import { BATCH_DIR, CHANNELS, DATA_DIR_ENV, HEIGHT, META_FILE, PIXELS_PER_IMAGE, WIDTH, batchDirFor, resolveRoot } from './layout.js';
import { splitFiles, verifyFiles, type Verify } from './verify.js';

/**
 * Options of {@link Cifar10}, torchvision's `CIFAR10(root, train, transform, download)` in camelCase.
 */
export interface Cifar10Options {
  /**
   * The folder holding `cifar-10-batches-bin/`, or that folder itself. Default `$AUG_DATA_DIR`, else
   * `data/CIFAR`.
   */
  root?: string;
  /** The 50,000 training images (default) or the 10,000 test images. */
  train?: boolean;
  /** Applied to each image by `get(i, rng)`. */
  transform?: Transform;
  /**
   * Download and extract when the files are missing. A constructor cannot wait for a download, so
   * `new Cifar10({ download: true })` only checks that the data is there; use
   * `await Cifar10.load({ download: true })` to download first.
   */
  download?: boolean;
  /** How the files are checked before decoding; see {@link Verify}. Default `'md5'`. */
  verify?: Verify;
}

/** Every key of {@link Cifar10Options}: a misspelled one (`trian: false`) is a TypeError, not the training set. */
export const CIFAR10_OPTION_KEYS = optionKeys<Cifar10Options>({ root: true, train: true, transform: true, download: true, verify: true });

/**
 * The CIFAR-10 dataset, as `torchvision.datasets.CIFAR10`, read from the official binary version
 * (`cifar-10-batches-bin/`). The batches are decoded once into one contiguous HWC uint8 buffer
 * (`data`, N x 32 x 32 x 3 — torchvision's `.data` is NHWC too) and `targets`; `get(i)` returns a view
 * into it, so no per-image objects are kept. Treat returned images as read-only.
 *
 * @example
 * ```ts
 * const train = new Cifar10({ root: 'data/CIFAR', train: true, transform: new RandomHorizontalFlip() });
 * const { image, label } = train.get(0, createRng(0));
 * console.log(train.length, train.classes[label]);
 * ```
 */
export class Cifar10 implements TransformedDataset {
  readonly root: string;
  readonly train: boolean;
  readonly transform: Transform | undefined;
  /** All images, HWC uint8, back to back: pixel (y, x, c) of image i is `data[i*3072 + (y*32 + x)*3 + c]`. */
  readonly data: Uint8Array;
  /** All labels, 0..9. */
  readonly targets: Uint8Array;
  /** Class names from `batches.meta.txt`, indexed by label. */
  readonly classes: readonly string[];

  constructor(options: Cifar10Options = {}) {
    checkOptions(options, CIFAR10_OPTION_KEYS, 'Cifar10');
    const { train = true, transform, download = false, verify = 'md5' } = options;
    if (verify !== 'md5' && verify !== 'size' && verify !== false) {
      throw new TypeError(`Cifar10: verify must be 'md5', 'size' or false, got ${describeValue(verify)}`);
    }
    if (transform !== undefined && (transform === null || typeof transform.apply !== 'function')) {
      throw new TypeError('Cifar10: transform must be a Transform (an object with apply(img, rng))');
    }
    this.root = resolveRoot(options.root);
    this.train = train;
    this.transform = transform;
    const dir = batchDirFor(this.root);
    const files = [...splitFiles(dir, train), join(dir, META_FILE)];
    const missing = files.find((f) => !existsSync(f));
    if (missing) {
      const how = download
        ? `the constructor cannot wait for a download: use \`await Cifar10.load({ ..., download: true })\` or \`await downloadCifar10({ root: '${this.root}' })\` first`
        : `pass download: true (\`await Cifar10.load({ root, download: true })\`) or run \`await downloadCifar10({ root: '${this.root}' })\``;
      throw new DataNotFoundError(
        missing,
        `CIFAR-10 not found: expected ${missing}. Either ${how}, or point root (or $${DATA_DIR_ENV}) at the folder that contains ${BATCH_DIR}/ (or at ${BATCH_DIR}/ itself).`,
      );
    }
    verifyFiles(dir, files, verify);
    const decoded = decodeBatches(splitFiles(dir, train), verify === 'md5' ? 'official' : 'records');
    this.data = decoded.images;
    this.targets = decoded.labels;
    const metaFile = join(dir, META_FILE);
    const classes = readFileSync(metaFile, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (classes.length !== 10) {
      // Labels are 0..9 (checked while decoding), so any other count would name classes wrongly.
      throw new CorruptDataError(
        metaFile,
        `${metaFile} names ${classes.length} classes (${classes.slice(0, 12).join(', ')}${classes.length > 12 ? ', ...' : ''}), expected CIFAR-10's 10, one per line. The file is damaged or from another dataset; restore it (delete ${BATCH_DIR}/ and download again).`,
      );
    }
    this.classes = classes;
  }

  /**
   * Downloads the archive when needed (`download: true`), then constructs the dataset.
   *
   * @example
   * ```ts
   * const test = await Cifar10.load({ root: 'data/CIFAR', train: false, download: true });
   * ```
   */
  static async load(options: Cifar10Options & Omit<DownloadOptions, 'root'> = {}): Promise<Cifar10> {
    checkOptions(options, [...new Set([...CIFAR10_OPTION_KEYS, ...DOWNLOAD_OPTION_KEYS])], 'Cifar10.load');
    const datasetOptions: Record<string, unknown> = {};
    const downloadOptions: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
      if (CIFAR10_OPTION_KEYS.includes(key)) datasetOptions[key] = value;
      if (DOWNLOAD_OPTION_KEYS.includes(key)) downloadOptions[key] = value;
    }
    if (options.download) await downloadCifar10(downloadOptions as DownloadOptions);
    return new Cifar10(datasetOptions as Cifar10Options);
  }

  /** Number of images. */
  get length(): number {
    return this.targets.length;
  }

  /**
   * Image `index` (transformed with `rng` when a transform is set) and its label.
   *
   * @example
   * ```ts
   * const { image, label } = ds.get(5, sampleRng(0, 0, 5));
   * ```
   */
  get(index: number, rng?: Rng): Sample {
    const sample = this.getUntransformed(index);
    return this.transform ? { image: this.transform.apply(sample.image, rng), label: sample.label } : sample;
  }

  /**
   * Image `index` as stored (uint8 HWC view into `data`) and its label.
   *
   * @example
   * ```ts
   * ds.getUntransformed(0).image.data.length; // 3072
   * ```
   */
  getUntransformed(index: number): Sample {
    if (!Number.isInteger(index) || index < 0 || index >= this.targets.length) {
      throw new RangeError(`Cifar10.get: index must be an integer in [0, ${this.targets.length}), got ${describeValue(index)}`);
    }
    const start = index * PIXELS_PER_IMAGE;
    const image: Image = { data: this.data.subarray(start, start + PIXELS_PER_IMAGE), height: HEIGHT, width: WIDTH, channels: CHANNELS };
    return { image, label: this.targets[index]! };
  }
}
