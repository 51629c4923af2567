import { describeValue } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';

/** Checks a batched input: a rank-4 NHWC tensor. */
export function checkBatch(x: tf.Tensor4D, where: string): void {
  if (x === null || typeof x !== 'object' || !Array.isArray((x as { shape?: unknown }).shape) || x.shape.length !== 4) {
    throw new TypeError(`${where}.applyBatch needs x: a tf.Tensor4D in NHWC layout, got shape ${describeValue((x as { shape?: unknown } | null)?.shape)}`);
  }
  if (x.dtype !== 'float32' && x.dtype !== 'int32') {
    throw new TypeError(`${where}.applyBatch needs a float32 (or int32) tensor, got dtype ${x.dtype}`);
  }
}

/** A float32 tensor with `x`'s values that the caller owns (a cast, or a cheap clone sharing data). */
export function floatCopy(x: tf.Tensor4D): tf.Tensor4D {
  return (x.dtype === 'float32' ? tf.clone(x) : tf.cast(x, 'float32')) as tf.Tensor4D;
}
