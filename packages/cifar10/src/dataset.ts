import { assertInteger } from '@aug/internal';
import { assertImage } from '@aug/transforms';
import type { Image, Rng, Transform } from '@aug/transforms';

/**
 * One labelled example: an HWC {@link Image} and its class index.
 *
 * @example
 * ```ts
 * const { image, label } = dataset.get(0);
 * ```
 */
export interface Sample {
  image: Image;
  label: number;
}

/**
 * A map-style dataset, as `torch.utils.data.Dataset`: a `length` and random access by index. `rng` is the
 * generator the sample's random transforms draw from; the {@link DataLoader} passes
 * `sampleRng(seed, epoch, index)` so results do not depend on worker count or order.
 *
 * @example
 * ```ts
 * const ds: Dataset = { length: 2, get: (i) => ({ image: images[i], label: labels[i] }) };
 * ```
 */
export interface Dataset {
  readonly length: number;
  get(index: number, rng?: Rng): Sample;
}

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
export interface TransformedDataset extends Dataset {
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
export function isTransformedDataset(dataset: Dataset): dataset is TransformedDataset {
  if (dataset instanceof Subset) return isTransformedDataset(dataset.dataset);
  const d = dataset as Partial<TransformedDataset>;
  return typeof d.getUntransformed === 'function' && 'transform' in dataset;
}

/** Checks `index` is an integer in [0, length) and names the dataset in the error. */
export function checkIndex(index: number, length: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`${what}: index must be an integer in [0, ${length}), got ${String(index)}`);
  }
}

/**
 * The samples of `dataset` at `indices`, as `torch.utils.data.Subset`.
 *
 * @example
 * ```ts
 * const firstHundred = new Subset(train, Array.from({ length: 100 }, (_, i) => i));
 * ```
 */
export class Subset implements TransformedDataset {
  readonly dataset: Dataset;
  readonly indices: Int32Array;

  constructor(dataset: Dataset, indices: ArrayLike<number>) {
    this.dataset = dataset;
    this.indices = Int32Array.from(indices);
    for (let i = 0; i < this.indices.length; i++) {
      const v = indices[i]!;
      if (!Number.isInteger(v) || v < 0 || v >= dataset.length) {
        throw new RangeError(`Subset: indices[${i}] must be an integer in [0, ${dataset.length}), got ${String(v)}`);
      }
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get transform(): Transform | undefined {
    return isTransformedDataset(this.dataset) ? this.dataset.transform : undefined;
  }

  get(index: number, rng?: Rng): Sample {
    checkIndex(index, this.indices.length, 'Subset.get');
    return this.dataset.get(this.indices[index]!, rng);
  }

  getUntransformed(index: number): Sample {
    checkIndex(index, this.indices.length, 'Subset.getUntransformed');
    if (!isTransformedDataset(this.dataset)) {
      throw new TypeError('Subset.getUntransformed: the underlying dataset does not expose getUntransformed/transform');
    }
    return this.dataset.getUntransformed(this.indices[index]!);
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
