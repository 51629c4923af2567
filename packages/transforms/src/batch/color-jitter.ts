import * as tf from '@tensorflow/tfjs-core';
import type { ColorJitterParams } from '../kernels/color-jitter.js';
import { floatCopy } from './check.js';
import { jitterStep } from './color.js';

/**
 * ColorJitter on an NHWC float batch in [0, 1] with one drawn parameter set per sample: the four positions
 * of the orders run as vectorised steps, each sample applying its own adjustment and factor at each
 * position. Returns a new float32 tensor; `x` is kept.
 */
export function colorJitterBatch(x: tf.Tensor4D, params: readonly ColorJitterParams[]): tf.Tensor4D {
  const n = params.length;
  return tf.tidy(() => {
    let out = floatCopy(x);
    for (let pos = 0; pos < 4; pos++) {
      const fn = new Int8Array(n).fill(-1);
      const factor = new Float32Array(n);
      let any = false;
      params.forEach((p, s) => {
        const id = p.fnIdx[pos]!;
        const f = [p.brightnessFactor, p.contrastFactor, p.saturationFactor, p.hueFactor][id]!;
        if (f !== null) {
          fn[s] = id;
          factor[s] = f;
          any = true;
        }
      });
      if (any) out = jitterStep(out, { fn, factor });
    }
    return out;
  });
}
