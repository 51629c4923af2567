import * as tf from '@tensorflow/tfjs-core';
import { perSample } from './broadcast.js';

/**
 * One sample's projective map in `tf.image.transform`'s form `[a0, a1, a2, b0, b1, b2, c0, c1]`: output pixel
 * (x, y) reads input `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)` with `k = c0 x + c1 y + 1`.
 */
export type ProjectiveMap = [number, number, number, number, number, number, number, number];

/**
 * torchvision's inverse affine `matrix` (centre-relative, the grid of `_gen_affine_grid` + `grid_sample`
 * with `align_corners=False`) on an `h` x `w` input as a pixel-index map for an `oh` x `ow` output.
 */
export function affineToProjective(matrix: readonly number[], w: number, h: number, ow: number, oh: number): ProjectiveMap {
  const [t0, t1, t2, t3, t4, t5] = matrix as [number, number, number, number, number, number];
  const x0 = -ow / 2 + 0.5;
  const y0 = -oh / 2 + 0.5;
  return [t0, t1, t0 * x0 + t1 * y0 + t2 + w / 2 - 0.5, t3, t4, t3 * x0 + t4 * y0 + t5 + h / 2 - 0.5, 0, 0];
}

/** torchvision's 8 perspective coefficients (`_perspective_grid`, half-pixel centres) as a pixel-index map. */
export function perspectiveToProjective(c: readonly number[]): ProjectiveMap {
  const [c0, c1, c2, c3, c4, c5, c6, c7] = c as [number, number, number, number, number, number, number, number];
  const k0 = 0.5 * c6 + 0.5 * c7 + 1;
  return [
    (c0 - 0.5 * c6) / k0, (c1 - 0.5 * c7) / k0, (0.5 * c0 + 0.5 * c1 + c2 - 0.5 * k0) / k0,
    (c3 - 0.5 * c6) / k0, (c4 - 0.5 * c7) / k0, (0.5 * c3 + 0.5 * c4 + c5 - 0.5 * k0) / k0,
    c6 / k0, c7 / k0,
  ];
}

/**
 * Warps every sample of an NHWC float32 batch with its own projective map (`tf.image.transform`, one call per
 * sample), zero padding per tap (grid_sample's `padding_mode='zeros'`). With `fill` (one value per channel), a ones
 * channel is warped alongside and torchvision's fill pass applied: bilinear blends `out * mask + (1 - mask)
 * * fill`, nearest takes `fill` where the mask is below 0.5. Call inside `tf.tidy`.
 */
export function warpBatch(x: tf.Tensor4D, maps: readonly ProjectiveMap[], mode: 'nearest' | 'bilinear', fill: readonly number[] | null): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  // One transform per sample: tfjs 4.22's cpu Transform kernel returns after the first sample of a batch.
  const transform = (src: tf.Tensor4D): tf.Tensor4D =>
    tf.concat(
      maps.map((m, s) => tf.image.transform(tf.slice(src, [s, 0, 0, 0], [1, h, w, src.shape[3]]), tf.tensor2d(m, [1, 8]), mode, 'constant', 0, [h, w])),
      0,
    ) as tf.Tensor4D;
  if (fill === null) return transform(x);
  const withMask = tf.concat([x, tf.ones([n, h, w, 1])], 3) as tf.Tensor4D;
  const warped = transform(withMask);
  const img = tf.slice(warped, [0, 0, 0, 0], [n, h, w, c]);
  const mask = tf.slice(warped, [0, 0, 0, c], [n, h, w, 1]);
  const fillT = tf.tensor4d(fill as number[], [1, 1, 1, c]);
  const fillFull = tf.mul(tf.onesLike(img), fillT);
  if (mode === 'nearest') return tf.where(tf.broadcastTo(tf.less(mask, 0.5), img.shape), fillFull, img) as tf.Tensor4D;
  const m = tf.broadcastTo(mask, img.shape);
  return tf.add(tf.mul(img, m), tf.mul(tf.sub(1, m), fillFull)) as tf.Tensor4D;
}

/**
 * Separable blur of each sample with its own 1-D kernels (reflect padding, as torchvision's `gaussian_blur`):
 * `kx[s]` along the width, then `ky[s]` along the height; all kernels of one axis have the same odd length.
 * Call inside `tf.tidy`.
 */
export function blurBatch(x: tf.Tensor4D, kx: readonly Float32Array[], ky: readonly Float32Array[]): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const rx = (kx[0]!.length - 1) / 2;
  const ry = (ky[0]!.length - 1) / 2;
  const padded = tf.mirrorPad(x, [[0, 0], [ry, ry], [rx, rx], [0, 0]], 'reflect');
  let rows: tf.Tensor4D | null = null;
  for (let j = 0; j < 2 * rx + 1; j++) {
    const tap = tf.slice(padded, [0, 0, j, 0], [n, h + 2 * ry, w, c]) as tf.Tensor4D;
    const term = tf.mul(tap, perSample(kx.map((k) => k[j]!), tap.shape)) as tf.Tensor4D;
    rows = rows === null ? term : (tf.add(rows, term) as tf.Tensor4D);
  }
  let out: tf.Tensor4D | null = null;
  for (let j = 0; j < 2 * ry + 1; j++) {
    const tap = tf.slice(rows!, [0, j, 0, 0], [n, h, w, c]) as tf.Tensor4D;
    const term = tf.mul(tap, perSample(ky.map((k) => k[j]!), tap.shape)) as tf.Tensor4D;
    out = out === null ? term : (tf.add(out, term) as tf.Tensor4D);
  }
  return out!;
}
