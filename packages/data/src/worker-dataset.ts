import { describeValue } from '@aug/internal';
import type { JsonValue } from '@aug/transforms';
import { BUILTIN_DATASETS } from './datasets/builtin.js';
import { Subset, type Dataset } from './dataset.js';

/**
 * What a worker thread needs to rebuild a dataset: a registered `type` and JSON `options` (e.g.
 * ImageFolder's root, its sample list and the transform's JSON). A {@link DataLoader} with `numWorkers > 0`
 * sends this once per worker, then only indices: the workers call `get(index, rng)` themselves (reading
 * and decoding files there).
 */
export interface WorkerDatasetSpec {
  type: string;
  options: JsonValue;
}

/**
 * A dataset that can be rebuilt in a worker thread from its {@link WorkerDatasetSpec}
 * (`datasetFromSpec(d.toWorkerSpec())` must give a dataset whose `get(i, rng)` equals `d.get(i, rng)`).
 *
 * @example
 * ```ts
 * class Squares implements WorkerDataset<{ value: number }> {
 *   constructor(readonly length: number) {}
 *   get(i: number) { return { value: i * i }; }
 *   toWorkerSpec() { return { type: 'Squares', options: { length: this.length } }; }
 * }
 * registerDataset('Squares', (o) => new Squares((o as { length: number }).length));
 * ```
 */
export interface WorkerDataset<S = unknown> extends Dataset<S> {
  toWorkerSpec(): WorkerDatasetSpec;
}

/** Rebuilds a dataset from the `options` of its {@link WorkerDatasetSpec}. */
export type DatasetFactory = (options: JsonValue) => Dataset<unknown>;

const registry = new Map<string, DatasetFactory>();

/**
 * Makes `type` rebuildable in worker threads. Call it in a module you list in the loader's
 * `workerImports` (and import that module on the main thread too), as `registerTransform` for transforms.
 * A later registration of the same `type` replaces the earlier one.
 *
 * @example
 * ```ts
 * registerDataset('Squares', (o) => new Squares((o as { length: number }).length));
 * ```
 */
export function registerDataset(type: string, factory: DatasetFactory): void {
  if (typeof type !== 'string' || type.length === 0) {
    throw new TypeError(`registerDataset: type must be a non-empty string, got ${describeValue(type)}`);
  }
  if (typeof factory !== 'function') {
    throw new TypeError(`registerDataset: factory must be a function (options) => Dataset, got ${typeof factory}`);
  }
  registry.set(type, factory);
}

/**
 * True when `dataset` can be rebuilt in a worker thread: it has `toWorkerSpec()` (a {@link Subset} only
 * when the dataset under it can).
 *
 * @example
 * ```ts
 * if (isWorkerDataset(ds)) console.log(ds.toWorkerSpec().type);
 * ```
 */
export function isWorkerDataset(d: Dataset<unknown>): d is WorkerDataset {
  if (d instanceof Subset) return isWorkerDataset(d.dataset);
  return typeof (d as Partial<WorkerDataset>).toWorkerSpec === 'function';
}

/**
 * Rebuilds a dataset from its spec: the {@link registerDataset} registry first, then the built-in
 * datasets (`Subset`, ImageFolder, CocoDetection). Unknown types are a `TypeError` naming the fix.
 *
 * @example
 * ```ts
 * const copy = datasetFromSpec(folder.toWorkerSpec());
 * ```
 */
export function datasetFromSpec(spec: WorkerDatasetSpec): Dataset<unknown> {
  if (spec === null || typeof spec !== 'object' || typeof spec.type !== 'string') {
    throw new TypeError(`datasetFromSpec: spec must be { type: string, options }, got ${describeValue(spec)}`);
  }
  const factory = registry.get(spec.type) ?? (Object.hasOwn(BUILTIN_DATASETS, spec.type) ? BUILTIN_DATASETS[spec.type] : undefined);
  if (factory) return factory(spec.options);
  if (spec.type === 'Subset') return subsetFromSpec(spec.options);
  const known = [...registry.keys(), ...Object.keys(BUILTIN_DATASETS), 'Subset'].sort();
  throw new TypeError(
    `datasetFromSpec: unknown dataset type ${describeValue(spec.type)} (known: ${known.join(', ')}); ` +
      'register it with registerDataset(type, factory) in a module listed in the DataLoader option workerImports',
  );
}

function subsetFromSpec(options: JsonValue): Dataset<unknown> {
  const o = options as { dataset?: unknown; indices?: unknown };
  if (o === null || typeof o !== 'object' || !Array.isArray(o.indices) || o.dataset === null || typeof o.dataset !== 'object') {
    throw new TypeError('datasetFromSpec: a Subset spec needs options { dataset: WorkerDatasetSpec, indices: number[] }');
  }
  return new Subset(datasetFromSpec(o.dataset as WorkerDatasetSpec), o.indices as number[]);
}
