import type { Transform } from '@aug/transforms';
import { CIFAR10_URL, Cifar10, downloadCifar10, locateCifar10 } from '@aug/cifar10';

const BATCH_DIR = 'cifar-10-batches-bin';

/** Where the run's CIFAR-10 comes from, and how it was checked. */
export interface DataSource {
  /** The folder passed to `new Cifar10({ root })`. */
  root: string;
  /** 'md5' for the official files, 'size' for other copies of the same layout (--data-dir). */
  verify: 'md5' | 'size';
  /** How the data was found, for the log. */
  how: string;
}

/** No data here and none could be downloaded: the message says what to do. */
export class DataUnavailableError extends Error {
  override name = 'DataUnavailableError';
}

/**
 * Finds CIFAR-10: `--data-dir` (an extracted `cifar-10-batches-bin/` or its parent, any copy of the official
 * layout), else `data/CIFAR` (or `$AUG_DATA_DIR`), downloading the official archive there when it is missing.
 */
export async function locateData(dataDir: string | null, log: (line: string) => void): Promise<DataSource> {
  if (dataDir !== null) {
    const { root, batchDir, found, missing } = locateCifar10(dataDir);
    if (!found) {
      throw new DataUnavailableError(
        `--data-dir ${root}: no ${BATCH_DIR}/ there. Point --data-dir at an extracted ${BATCH_DIR}/ ` +
          `(data_batch_1.bin ... data_batch_5.bin, test_batch.bin, batches.meta.txt) or at its parent folder; the official ` +
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
    return { root, verify: 'size', how: `--data-dir ${batchDir}` };
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
    return { root, verify: 'md5', how: `found in ${root}` };
  }
  log(`CIFAR-10 not found in ${root}: downloading ${CIFAR10_URL}`);
  try {
    await downloadCifar10({ root });
  } catch (err) {
    throw new DataUnavailableError(
      `Could not download CIFAR-10 into ${root}: ${(err as Error).message}\n` +
        `Either let this machine reach ${CIFAR10_URL} (the official binary version, 162 MB), or download and extract it ` +
        `yourself and pass --data-dir <folder holding ${BATCH_DIR}/>. Expected layout: ${BATCH_DIR}/data_batch_1.bin ... ` +
        `data_batch_5.bin, test_batch.bin, batches.meta.txt (records of 1 label byte + 3072 pixel bytes).`,
    );
  }
  return { root, verify: 'md5', how: `downloaded into ${root}` };
}

/** Opens the train and test sets (decoded once each), with d2l's train_augs and test_augs attached. */
export function openDatasets(source: DataSource, transforms: { train: Transform; test: Transform }): { train: Cifar10; test: Cifar10 } {
  return {
    train: new Cifar10({ root: source.root, train: true, download: false, verify: source.verify, transform: transforms.train }),
    test: new Cifar10({ root: source.root, train: false, download: false, verify: source.verify, transform: transforms.test }),
  };
}
