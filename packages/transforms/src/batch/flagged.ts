import * as tf from '@tensorflow/tfjs-core';
import { sampleMask } from './broadcast.js';
import { floatCopy } from './check.js';

/**
 * A float32 copy of `x` with `op` applied to the flagged samples only (one flag per sample): the batched
 * form of every `p`-gated transform. `op` runs once on the whole float batch, and the unflagged samples are
 * taken from the copy; no sample flagged means no `op` call. The caller owns the result; `x` is kept.
 */
export function applyToFlagged(x: tf.Tensor4D, flags: readonly boolean[], op: (xf: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const xf = floatCopy(x);
    if (!flags.some(Boolean)) return xf;
    return tf.where(sampleMask(flags, x.shape), op(xf), xf) as tf.Tensor4D;
  });
}
