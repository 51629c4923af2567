import * as tf from '@tensorflow/tfjs-core';
import { sinFill } from '@aug/test-utils';

/** A convolution padding as tfjs takes it. */
export type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** One convolution geometry of the kernel tests: NHWC input, HWIO filter, stride, padding. */
export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  pad: Pad;
}

/** A deterministic, sign-varying fill (no Math.random). */
export function filled(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(sinFill(n, seed, (s, i) => s * 0.9 + (i % 7 === 0 ? 0 : 0.05)), shape);
}


