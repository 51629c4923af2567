import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image, Rng, Transform } from '@aug/transforms';
import type { Figure } from './figure.js';
import { toImages, type TensorLike } from './image-input.js';
import { showImages } from './show-images.js';
import { defaultRng } from './default-rng.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link augmentationGallery}.
 *
 * @example
 * ```ts
 * augmentationGallery(img, new ColorJitter({ hue: 0.5 }), { rows: 2, cols: 4, rng: createRng(0), scale: 1.5 });
 * ```
 */
export interface AugmentationGalleryOptions {
  /** Grid rows (d2l's `num_rows`, default 2). */
  rows?: number;
  /** Grid columns (d2l's `num_cols`, default 4). */
  cols?: number;
  /** Where the transform draws its randomness; default `createRng(0)`, so the gallery is reproducible. */
  rng?: Rng;
  /** Inches per cell (d2l's `scale`, default 1.5). */
  scale?: number;
  /** PNG pixels per inch (default 100). */
  dpi?: number;
  /** One title per augmented image. */
  titles?: readonly string[];
}

/**
 * d2l's `apply(img, aug, num_rows=2, num_cols=4, scale=1.5)`: applies `transform` to the same image
 * `rows * cols` times (each call draws new parameters from `rng`) and shows the results in a grid.
 *
 * @example
 * ```ts
 * import { RandomHorizontalFlip, createRng } from '@aug/transforms';
 * augmentationGallery(cat, new RandomHorizontalFlip(), { rows: 2, cols: 4, rng: createRng(0) }).save('flip.png');
 * ```
 */
export function augmentationGallery(image: Image | TensorLike, transform: Transform, options: AugmentationGalleryOptions = {}): Figure {
  checkOptionKeys(options, 'AugmentationGalleryOptions', 'augmentationGallery');
  if (transform === null || typeof transform !== 'object' || typeof transform.apply !== 'function') {
    throw new TypeError(`transform must have apply(img, rng) (an @aug/transforms transform), got ${describeValue(transform)}`);
  }
  const images = toImages(Array.isArray(image) ? (image as never) : [image as Image], 'image');
  if (images.length !== 1) throw new RangeError(`image must be one image (HWC), got ${images.length}`);
  const rows = options.rows ?? 2;
  const cols = options.cols ?? 4;
  assertPositiveInteger(rows, 'rows');
  assertPositiveInteger(cols, 'cols');
  const rng = options.rng ?? defaultRng();
  const src = images[0]!;
  const out = Array.from({ length: rows * cols }, () => transform.apply(src, rng));
  const showOptions = { scale: options.scale ?? 1.5, dpi: options.dpi ?? 100, ...(options.titles ? { titles: options.titles } : {}) };
  return showImages(out, rows, cols, showOptions);
}
