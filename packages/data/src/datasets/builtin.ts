import type { DatasetFactory } from '../worker-dataset.js';
import { CocoDetection } from './coco-detection.js';
import { ImageFolder } from './image-folder.js';

/**
 * The datasets a {@link DataLoader} worker thread can rebuild from a {@link WorkerDatasetSpec} without any
 * `workerImports` (looked up after the {@link registerDataset} registry): `type` -> factory.
 */
export const BUILTIN_DATASETS: Record<string, DatasetFactory> = {
  ImageFolder: (options) => ImageFolder.fromWorkerSpec(options),
  CocoDetection: (options) => CocoDetection.fromWorkerSpec(options),
};
