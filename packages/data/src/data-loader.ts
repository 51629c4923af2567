import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, sampleRng } from '@aug/transforms';
import { assertInteger, permutation } from '@aug/internal';
import Piscina from 'piscina';
import { BatchCollector, unpackBatch, type PackedBatch } from './collate.js';
import { isTransformedDataset, type Dataset, type Sample, type TransformedDataset } from './dataset.js';
import { SampleTransformError, WorkerError } from './errors.js';
import { serialiseTransform } from './transform-spec.js';
import { isWorkerFailure, packTask, type WorkerFailure, type WorkerTask } from './worker-protocol.js';
import { workerScript } from './worker-script.js';

/**
 * A batch: `x` NHWC float32 images (torch's NCHW `[B, C, H, W]` becomes `[B, H, W, C]` in tfjs) and
 * `y` int32 labels. Whoever receives a batch disposes it.
 *
 * @example
 * ```ts
 * for await (const { x, y } of loader) { train(x, y); tf.dispose([x, y]); }
 * ```
 */
export interface Batch {
  x: tf.Tensor4D;
  y: tf.Tensor1D;
}

/**
 * Options of {@link DataLoader}, PyTorch's `DataLoader` arguments in camelCase.
 */
export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** A fresh seeded permutation each epoch (default false: dataset order). */
  shuffle?: boolean;
  /** Seeds the permutation and every sample's transform rng (default 0). */
  seed?: number | string;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
  /**
   * Worker threads running the transform pipeline (default 0: on the calling thread; at most
   * {@link MAX_WORKERS}). Needs a dataset
   * implementing {@link TransformedDataset} (Cifar10, ArrayDataset, Subset) and a serialisable transform.
   */
  numWorkers?: number;
  /**
   * Batches prepared ahead while the model trains, across all workers (default `2 * numWorkers`, as
   * PyTorch's `prefetch_factor` 2). Ignored when `numWorkers` is 0: batches are then built on demand.
   */
  prefetch?: number;
  /**
   * Modules each worker imports before rebuilding the transform (absolute paths or `file:` URLs), for
   * your own transforms: such a module calls `registerTransform(type, factory)` from `@aug/transforms`.
   */
  workerImports?: readonly string[];
}

/**
 * The most worker threads a {@link DataLoader} starts (`numWorkers` above it is a `RangeError`): each
 * thread costs a V8 isolate (tens of MB), and past the core count more threads only add contention.
 */
export const MAX_WORKERS = 64;

/** A short name for a dataset in error messages: `Cifar10(train, /data/CIFAR)`, `Subset(1000 of ArrayDataset(...))`. */
function describeDataset(dataset: Dataset): string {
  const d = dataset as Dataset & { root?: unknown; train?: unknown; dataset?: Dataset };
  const name = dataset.constructor?.name || 'Dataset';
  if (typeof d.root === 'string') return `${name}(${d.train === false ? 'test' : 'train'}, ${d.root})`;
  if (d.dataset && typeof d.dataset === 'object' && d.dataset !== dataset) {
    return `${name}(${dataset.length} of ${describeDataset(d.dataset)})`;
  }
  return `${name}(${dataset.length} samples)`;
}

/**
 * Batches of a {@link Dataset} as tensors, as `torch.utils.data.DataLoader`. An async iterable: each
 * `for await` is one epoch. Sample `i` of epoch `e` is transformed with `sampleRng(seed, e, i)` and the
 * shuffle order comes from `(seed, e)`, so the output for a seed and epoch is identical for any
 * `numWorkers`. Each iteration uses the current {@link DataLoader.epoch} and then advances it by one;
 * {@link DataLoader.setEpoch} chooses the next one (as `sampler.set_epoch`, for exact resume).
 *
 * Images a transform leaves as uint8 are scaled to [0, 1] as `ToTensor` would (`v / 255`), so `x` is
 * always float32. Breaking out of the loop (or an exception in it) stops the workers and leaves no
 * tensors or threads behind: the batches already in flight are let finish, then the pool is closed.
 * A sample whose loading or transform throws is reported as a {@link SampleTransformError} naming
 * the dataset, the sample index and the epoch.
 *
 * @example
 * ```ts
 * const loader = new DataLoader(train, { batchSize: 256, shuffle: true, seed: 0, numWorkers: 4 });
 * for await (const { x, y } of loader) {
 *   // x: [256, 32, 32, 3] float32, y: [256] int32
 *   tf.dispose([x, y]);
 * }
 * ```
 */
export class DataLoader implements AsyncIterable<Batch> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number | string;
  readonly dropLast: boolean;
  readonly numWorkers: number;
  readonly prefetch: number;
  readonly workerImports: readonly string[];
  #epoch = 0;

  constructor(dataset: Dataset, options: DataLoaderOptions = {}) {
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length)) {
      throw new TypeError('DataLoader: dataset must be a Dataset { length, get(index, rng) }');
    }
    this.dataset = dataset;
    this.batchSize = assertInteger(options.batchSize ?? 1, 'batchSize', { min: 1, where: 'DataLoader' });
    this.shuffle = options.shuffle ?? false;
    const seed = options.seed ?? 0;
    if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
      throw new TypeError(`DataLoader: seed must be a finite number or a string, got ${String(seed)}`);
    }
    this.seed = seed;
    this.dropLast = options.dropLast ?? false;
    this.numWorkers = assertInteger(options.numWorkers ?? 0, 'numWorkers', {
      min: 0,
      max: MAX_WORKERS,
      where: 'DataLoader',
      hint: 'each worker is a thread, and more than the CPU cores only adds contention: try os.availableParallelism()',
    });
    this.prefetch = this.numWorkers === 0 ? 0 : assertInteger(options.prefetch ?? 2 * this.numWorkers, 'prefetch', { min: 1, where: 'DataLoader' });
    const imports = options.workerImports ?? [];
    if (!Array.isArray(imports) || imports.some((m) => typeof m !== 'string' || m.length === 0)) {
      throw new TypeError(`DataLoader: workerImports must be an array of module paths or URLs, got ${JSON.stringify(imports)}`);
    }
    this.workerImports = imports.map((m) => (isAbsolute(m) ? pathToFileURL(m).href : m));
    if (this.numWorkers > 0) {
      if (!isTransformedDataset(dataset)) {
        throw new TypeError(
          'DataLoader: numWorkers > 0 needs a dataset exposing getUntransformed(i) and transform (Cifar10, ArrayDataset and Subset do); use numWorkers: 0 for this dataset',
        );
      }
      serialiseTransform(dataset.transform);
    }
  }

  /** Batches per epoch (`len(loader)` in PyTorch). @example `loader.length // 196 for 50,000 / 256` */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The epoch the next iteration will use. @example `loader.epoch // 0 before the first loop` */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Makes the next iteration epoch `epoch` (its shuffle order and sample rngs), as PyTorch's
   * `sampler.set_epoch`; use it to resume a run exactly.
   *
   * @example
   * ```ts
   * loader.setEpoch(5); // the next for-await is epoch 5
   * ```
   */
  setEpoch(epoch: number): void {
    this.#epoch = assertInteger(epoch, 'epoch', { min: 0, where: 'DataLoader' });
  }

  /**
   * Starts one epoch (the current {@link DataLoader.epoch}, which then advances by one).
   *
   * @example
   * ```ts
   * const it = loader[Symbol.asyncIterator]();
   * const { value } = await it.next(); tf.dispose([value.x, value.y]); await it.return?.();
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    const epoch = this.#epoch;
    this.#epoch = epoch + 1;
    const order = this.#order(epoch);
    return this.numWorkers === 0 ? this.#inline(order, epoch) : this.#threaded(order, epoch);
  }

  #order(epoch: number): Int32Array {
    const n = this.dataset.length;
    if (this.shuffle) return permutation(n, createRng(`${String(this.seed)}:shuffle:${epoch}`));
    return Int32Array.from({ length: n }, (_, i) => i);
  }

  #batchIndices(order: Int32Array, b: number): Int32Array {
    return order.subarray(b * this.batchSize, Math.min(order.length, (b + 1) * this.batchSize));
  }

  async *#inline(order: Int32Array, epoch: number): AsyncGenerator<Batch> {
    const batches = this.length;
    for (let b = 0; b < batches; b++) {
      const indices = this.#batchIndices(order, b);
      const collector = new BatchCollector(indices.length);
      for (let k = 0; k < indices.length; k++) {
        const index = indices[k]!;
        try {
          const { image, label } = await this.dataset.get(index, sampleRng(this.seed, epoch, index));
          collector.add(k, image, label, () => `dataset sample ${index}`);
        } catch (error) {
          throw new SampleTransformError(describeDataset(this.dataset), index, epoch, (error as Error)?.message ?? String(error), {
            cause: error,
          });
        }
      }
      yield toTensors(collector.packed());
    }
  }

  async *#threaded(order: Int32Array, epoch: number): AsyncGenerator<Batch> {
    const dataset = this.dataset as TransformedDataset;
    const spec = serialiseTransform(dataset.transform);
    const batches = this.length;
    const pool = new Piscina<WorkerTask, ArrayBuffer | WorkerFailure>({
      filename: workerScript(),
      minThreads: this.numWorkers,
      maxThreads: this.numWorkers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
    // Piscina reports internal trouble (e.g. a worker dying) as an 'error' event; without a listener
    // Node would turn it into an uncaught exception. Keep the first one and raise it where batches are awaited.
    let poolError: unknown;
    pool.on('error', (error: unknown) => {
      poolError ??= error;
    });
    const pending: Promise<ArrayBuffer | WorkerFailure>[] = [];
    let next = 0;
    const submit = (): void => {
      const indices = this.#batchIndices(order, next++);
      const samples: Sample[] = Array.from(indices, (i) => dataset.getUntransformed(i));
      const { task, transfer } = packTask(samples, indices, spec, this.workerImports, this.seed, epoch);
      // No abort signal: aborting a task a worker is running makes piscina emit "Unexpected message
      // from Worker" when its answer arrives. Tasks in flight are awaited in `finally` instead.
      const p = pool.run(task, { transferList: transfer });
      p.catch(() => undefined); // rejections are re-raised where the batch is awaited
      pending.push(p);
    };
    try {
      while (next < batches && pending.length < this.prefetch) submit();
      for (let b = 0; b < batches; b++) {
        let result: ArrayBuffer | WorkerFailure;
        try {
          result = await pending.shift()!;
        } catch (error) {
          throw workerError(error);
        }
        if (poolError !== undefined) throw workerError(poolError);
        if (isWorkerFailure(result)) {
          throw new SampleTransformError(describeDataset(this.dataset), result.failedIndex, epoch, result.message);
        }
        if (next < batches) submit();
        yield toTensors(unpackBatch(result));
      }
    } finally {
      // Let the batches in flight finish (their buffers are dropped), then close the threads: the
      // loop may have stopped early (break, an exception, an abort) with workers mid-task.
      await Promise.allSettled(pending);
      pending.length = 0;
      await pool.destroy();
    }
  }
}

/** A worker's failure (it crossed the thread boundary as a plain error) as a {@link WorkerError}. */
function workerError(error: unknown): WorkerError {
  const message = error instanceof Error ? error.message : String(error);
  return new WorkerError(`DataLoader: a worker thread failed: ${message}`, { cause: error });
}

function toTensors(batch: PackedBatch): Batch {
  return { x: tf.tensor4d(batch.x, batch.shape, 'float32'), y: tf.tensor1d(batch.y, 'int32') };
}
