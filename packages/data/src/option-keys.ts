import { checkOptions, optionKeys } from '@aug/internal';
import type { DataLoaderOptions } from './data-loader.js';
import type { ArrayDatasetOptions } from './dataset.js';
import type { CocoDetectionOptions } from './datasets/coco-detection.js';
import type { ImageFolderOptions } from './datasets/image-folder.js';
import type { DistributedSamplerOptions } from './distributed-sampler.js';
import type { DecodeImageOptions } from './io/decode-with.js';
import type { EncodeJpegOptions } from './io/encode.js';
import type { WriteImageOptions } from './io/write-image.js';
import type { TfDatasetOptions } from './to-tf-dataset.js';

/**
 * The keys of every public options type of `@aug/data`, by type name; the compiler checks each list
 * against its interface (a key added to an interface and not here fails to compile). The functions and
 * classes taking these options pass them through {@link checkOptionKeys}, so a misspelled key
 * (`shufle`, `num_workers`, `batchsize`) is a `TypeError` naming it and the nearest valid key instead of
 * being ignored.
 */
export const OPTION_KEYS = {
  DataLoaderOptions: optionKeys<DataLoaderOptions>({
    batchSize: true,
    shuffle: true,
    seed: true,
    dropLast: true,
    sampler: true,
    collate: true,
    numWorkers: true,
    prefetch: true,
    workerImports: true,
  }),
  ArrayDatasetOptions: optionKeys<ArrayDatasetOptions>({ transform: true }),
  TfDatasetOptions: optionKeys<TfDatasetOptions>({ oneHot: true }),
  ImageFolderOptions: optionKeys<ImageFolderOptions>({ transform: true, targetTransform: true, extensions: true, isValidFile: true, allowEmpty: true }),
  CocoDetectionOptions: optionKeys<CocoDetectionOptions>({ transforms: true, masks: true, keypoints: true }),
  DistributedSamplerOptions: optionKeys<DistributedSamplerOptions>({ numReplicas: true, rank: true, shuffle: true, seed: true, dropLast: true }),
  DecodeImageOptions: optionKeys<DecodeImageOptions>({ mode: true, applyExifOrientation: true }),
  EncodeJpegOptions: optionKeys<EncodeJpegOptions>({ quality: true }),
  WriteImageOptions: optionKeys<WriteImageOptions>({ quality: true }),
} as const;

/** Name of a public options type of `@aug/data`. */
export type OptionsTypeName = keyof typeof OPTION_KEYS;

/**
 * Throws a `TypeError` when `options` is not an object or holds a key that `type` does not have.
 * @example `checkOptionKeys(options, 'DataLoaderOptions', 'DataLoader')`
 */
export function checkOptionKeys(options: unknown, type: OptionsTypeName, where: string): void {
  checkOptions(options, OPTION_KEYS[type], where);
}
