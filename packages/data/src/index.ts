export { DataError, SampleTransformError, WorkerError, type DataErrorCode } from './errors.js';
export { ArrayDataset, Subset, isTransformedDataset, type ArrayDatasetOptions, type Dataset, type Sample, type SampleOf, type TransformedDataset } from './dataset.js';
export { DataLoader, MAX_WORKERS, type Batch, type DataLoaderOptions } from './data-loader.js';
export { randomSplit } from './random-split.js';
export { datasetFromSpec, isWorkerDataset, registerDataset, type DatasetFactory, type WorkerDataset, type WorkerDatasetSpec } from './worker-dataset.js';
