import type { Image } from './image.js';
import type { Rng } from './rng.js';
import type { Tensor4D } from '@tensorflow/tfjs-core';

/** JSON-safe values, for serialised transform options. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A transform turned into plain data (`transform.toJSON()`), so a pipeline can be shipped to worker
 * threads and rebuilt there with `transformFromJSON(spec)`.
 */
export interface TransformSpec {
  type: string;
  options?: { [key: string]: JsonValue };
  transforms?: TransformSpec[];
}

/**
 * What every transform class implements: `apply` one image, or one sample, with the given generator
 * (random transforms draw their parameters from it once per call), and `toJSON` for worker threads.
 *
 * A sample is a plain object or array (walked recursively, as torchvision v2's pytree) whose leaves are
 * images, targets (`boundingBoxes`, `mask`, `keyPoints`) or anything else: one draw of parameters moves
 * every image and target alike, other values pass through unchanged, and the result has the same keys.
 */
export interface Transform {
  /** Transforms one image. */
  apply(img: Image, rng?: Rng): Image;
  /** Transforms a sample (`{ image, target: { boxes, masks, labels } }`, an array ...): same structure back. */
  apply<T extends object>(sample: T, rng?: Rng): T;
  toJSON(): TransformSpec;
}

/**
 * A transform that also runs on a whole NHWC float32 batch with vectorised tf ops (so it can run on the
 * GPU). `applyBatch` draws every sample's parameters from `rng` in sample order (the same draws that
 * calling `apply` on each sample in turn would make), never disposes its input and returns a new tensor.
 */
export interface BatchTransform extends Transform {
  applyBatch(x: Tensor4D, rng?: Rng): Tensor4D;
}

/**
 * True when `t` has a batched path.
 * @example `if (isBatchTransform(t)) y = t.applyBatch(x, rng);`
 */
export function isBatchTransform(t: Transform): t is BatchTransform {
  return typeof (t as Partial<BatchTransform>).applyBatch === 'function';
}
