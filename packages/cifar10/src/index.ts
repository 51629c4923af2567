export { Cifar10, type Cifar10Options } from './cifar10.js';
export { downloadCifar10, type DownloadOptions, type DownloadResult } from './download.js';
export type { DownloadProgress, ProgressMode, TextSink } from './progress.js';
export type { TerminalStream } from '@aug/internal/types';
export { Cifar10Error, ChecksumError, CorruptDataError, DataNotFoundError, DownloadError, DownloadLockedError, UnsafeArchiveError, type Cifar10ErrorCode } from './errors.js';
export { CIFAR10_ARCHIVE_MD5, CIFAR10_URL, DATA_DIR_ENV, locateCifar10, type Cifar10Location } from './layout.js';
export type { Verify } from './verify.js';
// The generic loader moved to @aug/data; re-exported (the same objects) so existing imports keep working.
export {
  ArrayDataset,
  DataLoader,
  MAX_WORKERS,
  SampleTransformError,
  Subset,
  WorkerError,
  isTransformedDataset,
  randomSplit,
  type ArrayDatasetOptions,
  type Batch,
  type DataLoaderOptions,
  type Dataset,
  type Sample,
  type TransformedDataset,
} from '@aug/data';
