export { DataError, SampleTransformError, WorkerError, type DataErrorCode } from './errors.js';
export { ArrayDataset, Subset, isTransformedDataset, type ArrayDatasetOptions, type Dataset, type Sample, type SampleOf, type TransformedDataset } from './dataset.js';
export { DataLoader, MAX_WORKERS, type DataLoaderOptions } from './data-loader.js';
export type { Batch } from '@aug/internal/types';
export { defaultCollate, disposeBatch, type CollatedField, type DefaultBatch } from './collate.js';
export { RandomSampler, SequentialSampler, type Sampler } from './sampler.js';
export { DistributedSampler, type DistributedSamplerOptions } from './distributed-sampler.js';
export type { TfDataset, TfDatasetOptions, TfElement } from './to-tf-dataset.js';
export { randomSplit } from './random-split.js';
export { datasetFromSpec, isWorkerDataset, registerDataset, type DatasetFactory, type WorkerDataset, type WorkerDatasetSpec } from './worker-dataset.js';
export { ImageDecodeError, ImageEncodeError, UnsupportedImageFormatError } from './errors.js';
export { decodeImage } from './io/decode-image.js';
export type { DecodeImageOptions } from './io/decode-with.js';
export type { ImageReadMode } from './io/image-read-mode.js';
export { readImage } from './io/read-image.js';
export { encodeJpeg, encodePng, type EncodeJpegOptions } from './io/encode.js';
export { writeImage, type WriteImageOptions } from './io/write-image.js';
export { ImageFolder, type ImageFolderOptions, type ImageFolderSample } from './datasets/image-folder.js';
export { IMG_EXTENSIONS } from './datasets/scan-folder.js';
export {
  CocoDetection, type CocoDetectionOptions, type CocoSample, type CocoTarget, type CocoTransforms,
} from './datasets/coco-detection.js';
export { AnnotationError, NotADatasetError } from './datasets/errors.js';
