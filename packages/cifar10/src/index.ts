export { Cifar10, type Cifar10Options } from './cifar10.js';
export { downloadCifar10, type DownloadOptions, type DownloadResult } from './download.js';
export type { DownloadProgress, ProgressMode, TextSink } from './progress.js';
export { DataLoader, MAX_WORKERS, type Batch, type DataLoaderOptions } from './data-loader.js';
export { ArrayDataset, Subset, isTransformedDataset, type ArrayDatasetOptions, type Dataset, type Sample, type TransformedDataset } from './dataset.js';
export { randomSplit } from './random-split.js';
export type { Verify } from './verify.js';
export { Cifar10Error, ChecksumError, CorruptDataError, DataNotFoundError, DownloadError, DownloadLockedError, SampleTransformError, UnsafeArchiveError, WorkerError, type Cifar10ErrorCode } from './errors.js';
export { CIFAR10_ARCHIVE_MD5, CIFAR10_URL, DATA_DIR_ENV, locateCifar10, type Cifar10Location } from './layout.js';
