import { describeValue } from '@aug/internal';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** The official binary archive (the "CIFAR-10 binary version" on Alex Krizhevsky's page). */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
/** MD5 of the official binary archive, published on the CIFAR page. */
export const CIFAR10_ARCHIVE_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';
/** File name of the downloaded archive inside `root`. */
export const ARCHIVE_NAME = 'cifar-10-binary.tar.gz';
/** Folder the archive extracts to. */
export const BATCH_DIR = 'cifar-10-batches-bin';
/** Training batch files, in order. */
export const TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'] as const;
/** Test batch file. */
export const TEST_FILES = ['test_batch.bin'] as const;
/** Class names file (one name per line). */
export const META_FILE = 'batches.meta.txt';
/** Image geometry: 32x32 RGB. */
export const HEIGHT = 32;
export const WIDTH = 32;
export const CHANNELS = 3;
export const PIXELS_PER_IMAGE = HEIGHT * WIDTH * CHANNELS;
/** One record: 1 label byte, then 1024 red, 1024 green, 1024 blue bytes (row-major planes). */
export const RECORD_BYTES = 1 + PIXELS_PER_IMAGE;
/** Records per batch file in the official release. */
export const OFFICIAL_RECORDS_PER_FILE = 10_000;
export const NUM_CLASSES = 10;
/** Environment variable that overrides the default data root. */
export const DATA_DIR_ENV = 'AUG_DATA_DIR';
/** Default data root, as the seed notebook's `../data` layout: `data/CIFAR`. */
export const DEFAULT_ROOT = join('data', 'CIFAR');

/**
 * The data root to use: the explicit option, else `$AUG_DATA_DIR`, else `data/CIFAR` (relative to the
 * working directory), resolved to an absolute path.
 *
 * @example
 * ```ts
 * resolveRoot(undefined); // '/home/me/project/data/CIFAR' unless AUG_DATA_DIR is set
 * ```
 */
export function resolveRoot(root: string | undefined): string {
  if (root !== undefined && (typeof root !== 'string' || root.length === 0)) {
    throw new TypeError(`root must be a non-empty path string, got ${describeValue(root)}`);
  }
  const env = process.env[DATA_DIR_ENV];
  return resolve(root ?? (env !== undefined && env !== '' ? env : DEFAULT_ROOT));
}

/**
 * The `cifar-10-batches-bin` folder for `root`: `root` itself when it is that folder (or directly holds
 * the batch files), else `root/cifar-10-batches-bin`.
 *
 * @example
 * ```ts
 * batchDirFor('/data');                        // '/data/cifar-10-batches-bin'
 * batchDirFor('/data/cifar-10-batches-bin');   // '/data/cifar-10-batches-bin'
 * ```
 */
export function batchDirFor(root: string): string {
  if (basename(root) === BATCH_DIR) return root;
  if (!existsSync(join(root, BATCH_DIR)) && existsSync(join(root, META_FILE))) return root;
  return join(root, BATCH_DIR);
}

/** Every file of the official layout inside `cifar-10-batches-bin/`. */
const REQUIRED_FILES: readonly string[] = [...TRAIN_FILES, ...TEST_FILES, META_FILE];

/** Where CIFAR-10 is (or would be) for a root, and what is missing there. */
export interface Cifar10Location {
  /** The absolute data root: the `root` argument, else `$AUG_DATA_DIR`, else `data/CIFAR`. */
  root: string;
  /** The `cifar-10-batches-bin` folder for that root (`root` itself when it is that folder). */
  batchDir: string;
  /** Whether `batchDir` exists. */
  found: boolean;
  /** Files of the official layout missing from `batchDir` (all of them when it does not exist). */
  missing: string[];
}

/**
 * Finds CIFAR-10 as {@link Cifar10} and {@link downloadCifar10} do, without reading it: the root (the
 * argument, else `$AUG_DATA_DIR`, else `data/CIFAR`, made absolute), its `cifar-10-batches-bin/` folder
 * (`root` may be that folder or its parent) and which of the official files are missing. Use it to
 * decide between opening, downloading, or telling the user what to fix.
 *
 * @example
 * ```ts
 * const where = locateCifar10(process.argv[2]);
 * if (where.missing.length > 0) await downloadCifar10({ root: where.root });
 * const train = new Cifar10({ root: where.root, train: true });
 * ```
 */
export function locateCifar10(root?: string): Cifar10Location {
  const resolved = resolveRoot(root);
  const batchDir = batchDirFor(resolved);
  const found = existsSync(batchDir);
  return { root: resolved, batchDir, found, missing: REQUIRED_FILES.filter((f) => !found || !existsSync(join(batchDir, f))) };
}
