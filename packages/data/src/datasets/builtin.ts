import type { DatasetFactory } from '../worker-dataset.js';

/**
 * The datasets a {@link DataLoader} worker thread can rebuild from a {@link WorkerDatasetSpec} without any
 * `workerImports` (looked up after the {@link registerDataset} registry): `type` -> factory.
 */
export const BUILTIN_DATASETS: Record<string, DatasetFactory> = {};
