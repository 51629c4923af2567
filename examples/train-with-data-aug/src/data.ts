import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Transform } from '@aug/transforms';
import { CIFAR10_URL, Cifar10, downloadCifar10, locateCifar10 } from '@aug/cifar10';
import { ImageFolderError, isImageFolderLayout, readImageFolder, type LabelledImages } from './image-folder.js';

const BATCH_DIR = 'cifar-10-batches-bin';
/** The shipped sample: an ImageFolder of real CIFAR-10 pictures (`scripts/make-sample.mjs` writes it). */
export const SAMPLE_DIR = fileURLToPath(new URL('../sample', import.meta.url));
/** Overrides the archive's URL (a mirror of the official binary archive; the tests point it at a closed port). */
export const URL_ENV = 'AUG_CIFAR10_URL';

/** Where the run's pictures come from, and how they were checked. */
export type DataSource =
  | {
      /** CIFAR-10's official binary layout, read by `new Cifar10({ root })`. */
      layout: 'cifar10-binary';
      root: string;
      /** 'md5' for the official files, 'size' for other copies of the same layout (--data-dir). */
      verify: 'md5' | 'size';
      /** How the data was found, for the log. */
      how: string;
      sample: false;
    }
  | {
      /** An ImageFolder per split: `root/train/<class>/*.png` and `root/test/<class>/*.png` (or .jpg etc.). */
      layout: 'image-folder';
      root: string;
      how: string;
      /** True for the shipped sample (its own preset, and the run says how to get the full data). */
      sample: boolean;
    };

/** No data here and none could be downloaded: the message says what to do. */
export class DataUnavailableError extends Error {
  override name = 'DataUnavailableError';
}

/** What the README calls the two layouts `--data-dir` accepts, for the error messages. */
const LAYOUTS =
  `either CIFAR-10's official binary layout (an extracted ${BATCH_DIR}/ or its parent: data_batch_1.bin ... data_batch_5.bin, ` +
  `test_batch.bin, batches.meta.txt) or an ImageFolder layout (train/<class>/*.png and test/<class>/*.png, or .jpg etc., as ${SAMPLE_DIR})`;

/**
 * What a run on the shipped sample can and cannot show, printed after it (the README's two runs of the sample
 * preset, same seed, on a 2-core CPU).
 */
export const SAMPLE_CAVEAT =
  "On the sample, augmentation visibly curbs overfitting (the README's sample runs, seeds 0 and 1: without it the " +
  'network memorises its 2,500 pictures, train acc 0.99 vs test acc 0.27-0.31; with the flip, 0.74-0.75 vs ' +
  '0.30-0.33), but 500 test pictures are too few to show its test-accuracy gain reliably: +0.03 to +0.04 at the ' +
  'end is about one standard error (0.028). The full data shows it.';

/** How to get the full CIFAR-10, printed after a run on the shipped sample. */
export const FULL_DATA_HINT =
  `The full CIFAR-10 (50,000 training + 10,000 test pictures): let this machine reach ${CIFAR10_URL} and run pnpm start again ` +
  `(it downloads 162 MB into data/CIFAR), or download and extract that archive yourself and pass --data-dir <folder holding ${BATCH_DIR}/>.`;

function sampleSource(how: string): DataSource {
  return { layout: 'image-folder', root: SAMPLE_DIR, how, sample: true };
}

function isSampleDir(dir: string): boolean {
  try {
    return fs.realpathSync(dir) === fs.realpathSync(SAMPLE_DIR);
  } catch {
    return false;
  }
}

/** Network failures that mean "this machine cannot reach the host at all" (no retry will help). */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) return code;
  }
  return undefined;
}

/**
 * Downloads the archive into `root`. A first connection that cannot reach the host at all (DNS failure,
 * connection refused, no route: an offline machine) ends the download at once instead of retrying for half a
 * minute; failures after that (a dropped connection mid-download) are retried as `downloadCifar10` does.
 * Resolves to null when the archive is in place, else to a short reason.
 */
async function tryDownload(root: string): Promise<string | null> {
  const url = process.env[URL_ENV] || CIFAR10_URL;
  const offline = new AbortController();
  let calls = 0;
  let unreachable: string | undefined;
  const fetchOnce: typeof globalThis.fetch = async (input, init) => {
    calls++;
    try {
      return await globalThis.fetch(input, init);
    } catch (err) {
      const code = errorCode(err);
      if (calls === 1 && code && UNREACHABLE.has(code)) {
        unreachable = code;
        offline.abort(err);
      }
      throw err;
    }
  };
  try {
    await downloadCifar10({ root, url, fetch: fetchOnce, signal: offline.signal });
    return null;
  } catch (err) {
    if (unreachable) return `${new URL(url).host} unreachable: ${unreachable}`;
    const code = errorCode(err);
    return code ?? (err as Error).message.split(/[.:]\s/)[0]!;
  }
}

/**
 * Finds the pictures: `--data-dir` (CIFAR-10's binary layout or an ImageFolder layout with train/ and test/;
 * the layout is detected), else `data/CIFAR` (or `$AUG_DATA_DIR`), downloading the official archive there when
 * it is missing; when that download fails, the shipped sample (one line says so).
 */
export async function locateData(dataDir: string | null, log: (line: string) => void): Promise<DataSource> {
  if (dataDir !== null) {
    const { root, batchDir, found, missing } = locateCifar10(dataDir);
    if (!found) {
      if (isImageFolderLayout(root)) {
        return isSampleDir(root)
          ? sampleSource(`--data-dir ${root} (the shipped sample)`)
          : { layout: 'image-folder', root, how: `--data-dir ${root} (ImageFolder layout: train/, test/)`, sample: false };
      }
      throw new DataUnavailableError(
        `--data-dir ${root}: no ${BATCH_DIR}/ and no train/ + test/ folders there. Point --data-dir at ${LAYOUTS}; the official ` +
          `binary version is ${CIFAR10_URL}. Without --data-dir the data is downloaded into data/CIFAR.`,
      );
    }
    if (missing.length > 0) {
      throw new DataUnavailableError(
        `--data-dir ${root}: ${batchDir} lacks ${missing.join(', ')}. A complete copy holds data_batch_1.bin ... data_batch_5.bin, ` +
          `test_batch.bin and batches.meta.txt (the 10 class names, one per line). Re-extract the official binary archive ` +
          `(${CIFAR10_URL}) there, or leave out --data-dir to download it into data/CIFAR.`,
      );
    }
    return { layout: 'cifar10-binary', root, verify: 'size', how: `--data-dir ${batchDir}`, sample: false };
  }
  // The default root, as @aug/cifar10 resolves it: $AUG_DATA_DIR, else data/CIFAR.
  const { root, batchDir, missing } = locateCifar10();
  if (!missing.includes('test_batch.bin')) {
    if (missing.length > 0) {
      throw new DataUnavailableError(
        `${batchDir} is incomplete: it lacks ${missing.join(', ')}. Delete ${batchDir} and run again to ` +
          `download CIFAR-10 afresh, or pass --data-dir <folder holding a complete ${BATCH_DIR}/>.`,
      );
    }
    return { layout: 'cifar10-binary', root, verify: 'md5', how: `found in ${root}`, sample: false };
  }
  log(`CIFAR-10 not found in ${root}: downloading ${process.env[URL_ENV] || CIFAR10_URL}`);
  const failed = await tryDownload(root);
  if (failed === null) return { layout: 'cifar10-binary', root, verify: 'md5', how: `downloaded into ${root}`, sample: false };
  const shown = path.relative(process.cwd(), SAMPLE_DIR) || SAMPLE_DIR;
  log(`The download failed (${failed}): training on the shipped sample instead, 3,000 real CIFAR-10 pictures in ${shown} (the "sample" preset).`);
  return sampleSource(`the shipped sample ${SAMPLE_DIR} (the download failed: ${failed})`);
}

/** Opens the train and test sets (decoded once each), with d2l's train_augs and test_augs attached. */
export async function openDatasets(
  source: DataSource,
  transforms: { train: Transform; test: Transform },
): Promise<{ train: LabelledImages; test: LabelledImages }> {
  if (source.layout === 'image-folder') {
    try {
      const train = await readImageFolder(path.join(source.root, 'train'), transforms.train);
      return { train, test: await readImageFolder(path.join(source.root, 'test'), transforms.test, train.classes) };
    } catch (err) {
      if (err instanceof ImageFolderError) throw new DataUnavailableError(`--data-dir ${source.root}: ${err.message}`);
      throw err;
    }
  }
  return {
    train: new Cifar10({ root: source.root, train: true, download: false, verify: source.verify, transform: transforms.train }),
    test: new Cifar10({ root: source.root, train: false, download: false, verify: source.verify, transform: transforms.test }),
  };
}
