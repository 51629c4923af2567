import { assertInteger, describeValue } from '@aug/internal';
import { assertImage } from '@aug/transforms';
import type { Image, JsonValue, Rng, Transform } from '@aug/transforms';
import type { WorkerDataset, WorkerDatasetSpec } from './worker-dataset.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * One labelled example for classification: an HWC {@link Image} and its class index. The default collate
 * turns a batch of these into the fixed {@link Batch} `{ x, y }`. (A dataset's sample can be any object;
 * this is the classification one.)
 *
 * @example
 * ```ts
 * const { image, label } = await dataset.get(0);
 * ```
 */
export interface Sample {
  image: Image;
  label: number;
}

/**
 * A map-style dataset, as `torch.utils.data.Dataset`: a `length` and random access by index. A sample `S`
 * is any object (default: the classification {@link Sample}); `get` may return it or a Promise of it (a
 * dataset reading files). `rng` is the generator the sample's random transforms draw from; the
 * {@link DataLoader} passes `sampleRng(seed, epoch, index)` so results do not depend on worker count or order.
 *
 * @example
 * ```ts
 * const ds: Dataset = { length: 2, get: (i) => ({ image: images[i], label: labels[i] }) };
 * const files: Dataset<{ image: Image; path: string }> = { length: 1, get: async () => ({ image: await readImage('a.png'), path: 'a.png' }) };
 * ```
 */
export interface Dataset<S = Sample> {
  readonly length: number;
  get(index: number, rng?: Rng): S | Promise<S>;
}

/** The sample type of a dataset (`get`'s result, awaited). */
export type SampleOf<D extends Dataset<unknown>> = Awaited<ReturnType<D['get']>>;

/**
 * A dataset whose `get(i, rng)` is exactly `transform.apply(getUntransformed(i).image, rng)` (or the
 * untransformed sample when `transform` is undefined). The {@link DataLoader} uses this split to run the
 * transform in worker threads: it reads untransformed pixels here and ships `transform.toJSON()` to the
 * workers. {@link Cifar10}, {@link ArrayDataset} and {@link Subset} (of either) implement it.
 *
 * @example
 * ```ts
 * if (isTransformedDataset(ds)) console.log(ds.transform?.toJSON());
 * ```
 */
export interface TransformedDataset extends Dataset<Sample> {
  readonly transform: Transform | undefined;
  getUntransformed(index: number): Sample;
}

/**
 * True when `dataset` implements {@link TransformedDataset} (so the loader can use worker threads).
 *
 * @example
 * ```ts
 * isTransformedDataset(new Cifar10({ root })); // true
 * ```
 */
export function isTransformedDataset(dataset: Dataset<unknown>): dataset is TransformedDataset {
  if (dataset instanceof Subset) return isTransformedDataset(dataset.dataset);
  const d = dataset as Partial<TransformedDataset>;
  return typeof d.getUntransformed === 'function' && 'transform' in dataset;
}

/** Checks `index` is an integer in [0, length) and names the dataset in the error. */
export function checkIndex(index: number, length: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`${what}: index must be an integer in [0, ${length}), got ${describeValue(index)}`);
  }
}

/**
 * The samples of `dataset` at `indices`, as `torch.utils.data.Subset`. `get` returns what the dataset's
 * `get` returns (a Promise for an async dataset). A Subset of a {@link TransformedDataset} is one, and a
 * Subset of a {@link WorkerDataset} is one (its spec `{ type: 'Subset', options: { dataset, indices } }`),
 * so both run in worker threads.
 *
 * @example
 * ```ts
 * const firstHundred = new Subset(train, Array.from({ length: 100 }, (_, i) => i));
 * ```
 */
export class Subset<D extends Dataset<unknown> = Dataset> {
  readonly dataset: D;
  readonly indices: Int32Array;

  constructor(dataset: D, indices: ArrayLike<number>) {
    if (dataset === null || typeof dataset !== 'object' || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length)) {
      throw new TypeError('Subset: dataset must be a Dataset { length, get(index, rng) }');
    }
    this.dataset = dataset;
    this.indices = Int32Array.from(indices);
    for (let i = 0; i < this.indices.length; i++) {
      const v = indices[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= dataset.length) {
        throw new RangeError(`Subset: indices[${i}] must be an integer in [0, ${dataset.length}), got ${describeValue(v)}`);
      }
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get transform(): Transform | undefined {
    return isTransformedDataset(this.dataset) ? this.dataset.transform : undefined;
  }

  get(index: number, rng?: Rng): ReturnType<D['get']> {
    checkIndex(index, this.indices.length, 'Subset.get');
    return this.dataset.get(this.indices[index]!, rng) as ReturnType<D['get']>;
  }

  getUntransformed(index: number): Sample {
    checkIndex(index, this.indices.length, 'Subset.getUntransformed');
    if (!isTransformedDataset(this.dataset)) {
      throw new TypeError('Subset.getUntransformed: the underlying dataset does not expose getUntransformed/transform');
    }
    return this.dataset.getUntransformed(this.indices[index]!);
  }

  /**
   * `{ type: 'Subset', options: { dataset: <the dataset's spec>, indices } }`, for worker threads; a
   * `TypeError` when the dataset under it has no `toWorkerSpec()`.
   *
   * @example
   * ```ts
   * new Subset(folder, [0, 5]).toWorkerSpec(); // { type: 'Subset', options: { dataset: {...}, indices: [0, 5] } }
   * ```
   */
  toWorkerSpec(): WorkerDatasetSpec {
    const inner = this.dataset as Partial<WorkerDataset>;
    if (typeof inner.toWorkerSpec !== 'function') {
      throw new TypeError('Subset.toWorkerSpec: the dataset under this Subset has no toWorkerSpec(), so worker threads cannot rebuild it');
    }
    const dataset = inner.toWorkerSpec.call(this.dataset);
    return { type: 'Subset', options: { dataset: dataset as unknown as JsonValue, indices: Array.from(this.indices) } };
  }
}

/**
 * Options of {@link ArrayDataset}.
 */
export interface ArrayDatasetOptions {
  /** Applied to each image in `get(i, rng)`, as torchvision's `transform`. */
  transform?: Transform;
}

/**
 * An in-memory dataset of your own images and labels (as `TensorDataset`, but holding {@link Image}s so
 * transforms apply). Images are kept by reference, not copied.
 *
 * @example
 * ```ts
 * const ds = new ArrayDataset([img0, img1], [3, 7], { transform: new RandomHorizontalFlip() });
 * ```
 */
export class ArrayDataset implements TransformedDataset {
  readonly transform: Transform | undefined;
  readonly #images: readonly Image[];
  readonly #labels: Int32Array;

  constructor(images: readonly Image[], labels: ArrayLike<number>, options: ArrayDatasetOptions = {}) {
    checkOptionKeys(options, 'ArrayDatasetOptions', 'ArrayDataset');
    if (!Array.isArray(images)) throw new TypeError(`ArrayDataset: images must be an array of Image, got ${typeof images}`);
    if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
      throw new TypeError('ArrayDataset: labels must be an array of integers');
    }
    if (labels.length !== images.length) {
      throw new RangeError(`ArrayDataset: got ${images.length} images but ${labels.length} labels; pass one label per image`);
    }
    images.forEach((img, i) => {
      assertImage(img, `ArrayDataset: images[${i}]`);
      assertInteger(labels[i], `labels[${i}]`, { where: 'ArrayDataset' });
    });
    this.#images = images;
    this.#labels = Int32Array.from(labels);
    this.transform = options.transform;
  }

  get length(): number {
    return this.#images.length;
  }

  get(index: number, rng?: Rng): Sample {
    const sample = this.getUntransformed(index);
    return this.transform ? { image: this.transform.apply(sample.image, rng), label: sample.label } : sample;
  }

  getUntransformed(index: number): Sample {
    checkIndex(index, this.#images.length, 'ArrayDataset.get');
    return { image: this.#images[index]!, label: this.#labels[index]! };
  }
}
