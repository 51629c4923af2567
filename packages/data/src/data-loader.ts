import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sampleRng } from '@aug/transforms';
import { assertInteger, describeValue } from '@aug/internal';
import Piscina from 'piscina';
import type * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@aug/internal/types';
import { collateHost, hostToTensors, type DefaultBatch } from './collate.js';
import { isTransformedDataset, type Dataset, type Sample, type TransformedDataset } from './dataset.js';
import { WorkerError } from './errors.js';
import { rebuildError, sampleError } from './sample-error.js';
import { RandomSampler, SequentialSampler, type Sampler } from './sampler.js';
import { toTfDataset, type TfDataset, type TfDatasetOptions, type TfElement } from './to-tf-dataset.js';
import { serialiseTransform } from './transform-spec.js';
import { loadSharp } from './io/sharp-decoder.js';
import { isWorkerDataset } from './worker-dataset.js';
import { isWorkerFailure, packTransformTask, type WorkerData, type WorkerResult, type WorkerTask } from './worker-protocol.js';
import { workerScript } from './worker-script.js';
import { checkOptionKeys } from './option-keys.js';


/**
 * Options of {@link DataLoader}, PyTorch's `DataLoader` arguments in camelCase.
 */
export interface DataLoaderOptions<S = Sample, B = DefaultBatch<S>> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** A fresh seeded permutation each epoch (default false: dataset order). Not with `sampler`. */
  shuffle?: boolean;
  /** Seeds the permutation and every sample's transform rng (default 0). */
  seed?: number | string;
  /** Drop the last, smaller batch (default false). */
  dropLast?: boolean;
  /**
   * Which indices each epoch visits, in order (default: all, in order, or a seeded permutation with
   * `shuffle`), e.g. a {@link DistributedSampler}. The loader calls its `setEpoch(epoch)` every epoch.
   */
  sampler?: Sampler;
  /**
   * Makes a batch from the samples (default: {@link defaultCollate}). With workers it runs on the calling
   * thread (the samples are sent back from the workers as they are).
   */
  collate?: (samples: S[]) => B;
  /**
   * Worker threads loading and transforming samples (default 0: on the calling thread; at most
   * {@link MAX_WORKERS}). Needs a {@link WorkerDataset} (rebuilt in each worker, which reads the samples
   * itself: ImageFolder, CocoDetection, a Subset of one, your own registered with `registerDataset`) or a
   * {@link TransformedDataset} with a serialisable transform (Cifar10, ArrayDataset, a Subset of one).
   */
  numWorkers?: number;
  /**
   * Batches prepared ahead while the model trains, across all workers (default `2 * numWorkers`, as
   * PyTorch's `prefetch_factor` 2). Ignored when `numWorkers` is 0: batches are then built on demand.
   */
  prefetch?: number;
  /**
   * Modules each worker imports first (absolute paths or `file:` URLs), for your own transforms and
   * datasets: such a module calls `registerTransform(type, factory)` from `@aug/transforms` or
   * `registerDataset(type, factory)` from `@aug/data`.
   */
  workerImports?: readonly string[];
}

/**
 * The most worker threads a {@link DataLoader} starts (`numWorkers` above it is a `RangeError`): each
 * thread costs a V8 isolate (tens of MB), and past the core count more threads only add contention.
 */
export const MAX_WORKERS = 64;

/** A short name for a dataset in error messages: `Cifar10(train, /data/CIFAR)`, `Subset(1000 of ArrayDataset(...))`. */
function describeDataset(dataset: Dataset<unknown>): string {
  const d = dataset as Dataset<unknown> & { root?: unknown; train?: unknown; dataset?: Dataset<unknown> };
  const name = dataset.constructor?.name || 'Dataset';
  if (typeof d.root === 'string') return typeof d.train === 'boolean' ? `${name}(${d.train ? 'train' : 'test'}, ${d.root})` : `${name}(${d.root})`;
  if (d.dataset && typeof d.dataset === 'object' && d.dataset !== dataset) {
    return `${name}(${dataset.length} of ${describeDataset(d.dataset)})`;
  }
  return `${name}(${dataset.length} samples)`;
}

/**
 * Batches of a {@link Dataset} as tensors, as `torch.utils.data.DataLoader`. An async iterable: each
 * `for await` is one epoch. Sample `i` of epoch `e` is loaded with `sampleRng(seed, e, i)` and the
 * shuffle order comes from `(seed, e)`, so the output for a seed and epoch is identical for any
 * `numWorkers`. Each iteration uses the current {@link DataLoader.epoch} and then advances it by one;
 * {@link DataLoader.setEpoch} chooses the next one (as `sampler.set_epoch`, for exact resume).
 *
 * A sample is any object, and `get` may return a Promise. The default collate ({@link defaultCollate})
 * turns `{ image, label }` samples into the classification {@link Batch} `{ x, y }` (images a transform
 * leaves as uint8 are scaled to [0, 1] as `ToTensor` would, so `x` is always NHWC float32) and collates
 * other samples key by key; a `collate` option replaces it. Whoever receives a batch disposes it
 * ({@link disposeBatch}). Breaking out of the loop (or an exception in it) stops the workers and leaves
 * no tensors or threads behind: the batches already in flight are let finish, then the pool is closed.
 * A sample whose loading or transform throws is reported as a {@link SampleTransformError} naming the
 * dataset, the sample index, the epoch and the original error (its `cause`).
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
export class DataLoader<S = Sample, B = DefaultBatch<S>> implements AsyncIterable<B> {
  readonly dataset: Dataset<S>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number | string;
  readonly dropLast: boolean;
  readonly numWorkers: number;
  readonly prefetch: number;
  readonly workerImports: readonly string[];
  /** The order of every epoch (the `sampler` option, else sequential or seeded random). */
  readonly sampler: Sampler;
  readonly #collate: ((samples: S[]) => B) | undefined;
  #epoch = 0;
  /** The batch the next iteration starts at ({@link DataLoader.seek}); back to 0 once it starts. */
  #startBatch = 0;

  constructor(dataset: Dataset<S>, options: DataLoaderOptions<S, B> = {}) {
    checkOptionKeys(options, 'DataLoaderOptions', 'DataLoader');
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length)) {
      throw new TypeError('DataLoader: dataset must be a Dataset { length, get(index, rng) }');
    }
    this.dataset = dataset;
    this.batchSize = assertInteger(options.batchSize ?? 1, 'batchSize', { min: 1, where: 'DataLoader' });
    this.shuffle = options.shuffle ?? false;
    const seed = options.seed ?? 0;
    if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
      throw new TypeError(`DataLoader: seed must be a finite number or a string, got ${describeValue(seed)}`);
    }
    this.seed = seed;
    this.dropLast = options.dropLast ?? false;
    if (options.sampler !== undefined) {
      const s = options.sampler as Partial<Sampler> | null;
      if (s === null || typeof s !== 'object' || typeof s.indices !== 'function' || !Number.isInteger(s.length)) {
        throw new TypeError('DataLoader: sampler must be a Sampler { length, indices(epoch) } (e.g. a DistributedSampler)');
      }
      if (this.shuffle) {
        throw new TypeError('DataLoader: sampler option is mutually exclusive with shuffle (as in PyTorch); shuffle in the sampler (DistributedSampler shuffles by default)');
      }
      this.sampler = options.sampler;
    } else {
      this.sampler = this.shuffle ? new RandomSampler(dataset.length, { seed }) : new SequentialSampler(dataset.length);
    }
    if (options.collate !== undefined && typeof options.collate !== 'function') {
      throw new TypeError(`DataLoader: collate must be a function (samples) => batch, got ${typeof options.collate}`);
    }
    this.#collate = options.collate;
    this.numWorkers = assertInteger(options.numWorkers ?? 0, 'numWorkers', {
      min: 0,
      max: MAX_WORKERS,
      where: 'DataLoader',
      hint: 'each worker is a thread, and more than the CPU cores only adds contention: try os.availableParallelism()',
    });
    this.prefetch = this.numWorkers === 0 ? 0 : assertInteger(options.prefetch ?? 2 * this.numWorkers, 'prefetch', { min: 1, where: 'DataLoader' });
    const imports = options.workerImports ?? [];
    if (!Array.isArray(imports) || imports.some((m) => typeof m !== 'string' || m.length === 0)) {
      throw new TypeError(`DataLoader: workerImports must be an array of module paths or URLs, got ${describeValue(imports)}`);
    }
    this.workerImports = imports.map((m) => (isAbsolute(m) ? pathToFileURL(m).href : m));
    if (this.numWorkers > 0) {
      if (isWorkerDataset(dataset)) {
        // rebuilt in the workers from dataset.toWorkerSpec() at each epoch's start
      } else if (isTransformedDataset(dataset)) {
        serialiseTransform(dataset.transform);
      } else {
        throw new TypeError(
          `DataLoader: numWorkers > 0 needs a dataset the worker threads can load: a WorkerDataset (toWorkerSpec(): ImageFolder, CocoDetection, ` +
            `a Subset of one, or your own registered with registerDataset in a workerImports module) or a TransformedDataset ` +
            `(getUntransformed(i) and a serialisable transform: Cifar10, ArrayDataset, a Subset of one); ${describeDataset(dataset)} is neither. ` +
            'Use numWorkers: 0 for this dataset.',
        );
      }
    }
  }

  /** Batches per epoch (`len(loader)` in PyTorch). @example `loader.length // 196 for 50,000 / 256` */
  get length(): number {
    const n = this.sampler.length;
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
   * Makes the next iteration epoch `epoch` starting at batch `batch`: it yields batches `batch ..
   * length - 1` of that epoch, exactly as a whole pass would (the same order, each sample loaded with the
   * same `sampleRng(seed, epoch, index)`), without loading the batches before `batch`. Use it to resume
   * a run stopped mid-epoch; later iterations start at batch 0 again. `batch` may equal `length` (an
   * empty remainder).
   *
   * @example
   * ```ts
   * loader.seek(3, 120); // the next for-await yields epoch 3 from its batch 120 on
   * ```
   */
  seek(epoch: number, batch: number): void {
    const start = assertInteger(batch, 'batch', { min: 0, max: this.length, where: 'DataLoader.seek' });
    this.setEpoch(epoch);
    this.#startBatch = start;
  }

  /**
   * Starts one epoch (the current {@link DataLoader.epoch}, which then advances by one).
   *
   * @example
   * ```ts
   * const it = loader[Symbol.asyncIterator]();
   * const { value } = await it.next(); disposeBatch(value); await it.return?.();
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterator<B> {
    const epoch = this.#epoch;
    const start = this.#startBatch;
    this.#epoch = epoch + 1;
    this.#startBatch = 0;
    const order = this.#order(epoch);
    return this.numWorkers === 0 ? this.#inline(order, epoch, start) : this.#threaded(order, epoch, start);
  }

  /**
   * This loader as a tfjs `Dataset` for `model.fitDataset` / `evaluateDataset`: each element is
   * `{ xs: x, ys }` (with `oneHot: numClasses`, `ys` one-hot float32 for `categoricalCrossentropy`;
   * by default the class indices as float32, as tfjs's `sparseCategoricalCrossentropy` wants them), `size` the batches per epoch, and
   * every `iterator()` one epoch of this loader. Only for loaders of classification batches `{ x, y }`.
   * `fitDataset` and `evaluateDataset` dispose each element's tensors after its step; when you iterate
   * yourself, dispose `xs` and `ys`.
   *
   * @example
   * ```ts
   * await model.fitDataset(loader.toTfDataset(), { epochs: 10 });
   * ```
   */
  toTfDataset(this: DataLoader<S, Batch<tf.Tensor1D>>, options: TfDatasetOptions = {}): TfDataset<TfElement> {
    return toTfDataset(this, options);
  }

  #order(epoch: number): Int32Array {
    this.sampler.setEpoch?.(epoch);
    const order = this.sampler.indices(epoch);
    const n = this.dataset.length;
    if (!(order instanceof Int32Array) || order.length !== this.sampler.length) {
      throw new TypeError(`DataLoader: sampler.indices(${epoch}) must return an Int32Array of sampler.length (${this.sampler.length}) indices`);
    }
    for (const i of order) {
      if (i < 0 || i >= n) throw new RangeError(`DataLoader: sampler.indices(${epoch}) holds index ${i}, outside the dataset's [0, ${n})`);
    }
    return order;
  }

  #batchIndices(order: Int32Array, b: number): Int32Array {
    return order.subarray(b * this.batchSize, Math.min(order.length, (b + 1) * this.batchSize));
  }

  #finish(samples: S[], indices: Int32Array): B {
    if (this.#collate) return this.#collate(samples);
    return hostToTensors(collateHost(samples, (k) => `dataset sample ${indices[k]!}`)) as B;
  }

  async *#inline(order: Int32Array, epoch: number, start: number): AsyncGenerator<B> {
    const batches = this.length;
    for (let b = start; b < batches; b++) {
      const indices = this.#batchIndices(order, b);
      const settled = await Promise.allSettled(Array.from(indices, async (index) => this.dataset.get(index, sampleRng(this.seed, epoch, index))));
      const samples: S[] = [];
      for (let k = 0; k < settled.length; k++) {
        const r = settled[k]!;
        if (r.status === 'rejected') throw sampleError(describeDataset(this.dataset), indices[k]!, epoch, r.reason);
        samples.push(r.value);
      }
      yield this.#finish(samples, indices);
    }
  }

  async *#threaded(order: Int32Array, epoch: number, start: number): AsyncGenerator<B> {
    const dataset = this.dataset;
    const viaSpec = isWorkerDataset(dataset);
    const datasetSpec = viaSpec ? JSON.stringify(dataset.toWorkerSpec()) : null;
    const transformSpec = viaSpec ? null : serialiseTransform((dataset as unknown as TransformedDataset).transform);
    const collate = this.#collate === undefined;
    const batches = this.length;
    const workerData: WorkerData = { datasetSpec };
    // A dataset rebuilt in the workers may decode with sharp there; sharp (libvips) must be loaded on the
    // main thread first, or a later main-thread load can hang (lovell/sharp#2263). Resolves to undefined
    // when sharp is not installed; the promise is cached.
    if (viaSpec) await loadSharp();
    const pool = new Piscina<WorkerTask, WorkerResult>({
      filename: workerScript(),
      minThreads: this.numWorkers,
      maxThreads: this.numWorkers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      workerData,
    });
    // Piscina reports internal trouble (e.g. a worker dying) as an 'error' event; without a listener
    // Node would turn it into an uncaught exception. Keep the first one and raise it where batches are awaited.
    let poolError: unknown;
    pool.on('error', (error: unknown) => {
      poolError ??= error;
    });
    const pending: { indices: Int32Array; result: Promise<WorkerResult> }[] = [];
    let next = start;
    const submit = (): void => {
      const indices = Int32Array.from(this.#batchIndices(order, next++));
      let task: WorkerTask;
      let transfer: ArrayBuffer[];
      if (viaSpec) {
        task = { mode: 'dataset', imports: this.workerImports, seed: this.seed, epoch, indices: Int32Array.from(indices), collate };
        transfer = [task.indices.buffer as ArrayBuffer];
      } else {
        const source = dataset as unknown as TransformedDataset;
        const samples = Array.from(indices, (i) => source.getUntransformed(i));
        ({ task, transfer } = packTransformTask(samples, indices, transformSpec, this.workerImports, this.seed, epoch, collate));
      }
      // No abort signal: aborting a task a worker is running makes piscina emit "Unexpected message
      // from Worker" when its answer arrives. Tasks in flight are awaited in `finally` instead.
      const result = pool.run(task, { transferList: transfer });
      result.catch(() => undefined); // rejections are re-raised where the batch is awaited
      pending.push({ indices, result });
    };
    try {
      while (next < batches && pending.length < this.prefetch) submit();
      for (let b = start; b < batches; b++) {
        const { indices, result: promise } = pending.shift()!;
        let result: WorkerResult;
        try {
          result = await promise;
        } catch (error) {
          throw workerError(error);
        }
        if (poolError !== undefined) throw workerError(poolError);
        if (isWorkerFailure(result)) {
          const cause = rebuildError(result.error);
          if (result.failedIndex === null) throw cause; // the collate's RangeError/TypeError (mismatched shapes or keys)
          throw sampleError(describeDataset(dataset), result.failedIndex, epoch, cause, result.error);
        }
        if (next < batches) submit();
        yield 'host' in result ? (hostToTensors(result.host) as B) : this.#finish(result.samples as S[], indices);
      }
    } finally {
      // Let the batches in flight finish (their buffers are dropped), then close the threads: the
      // loop may have stopped early (break, an exception, an abort) with workers mid-task.
      await Promise.allSettled(pending.map((p) => p.result));
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

