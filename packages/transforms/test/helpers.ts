import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { maxAbsDiff } from '@aug/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { Image } from '../src/image.js';
import type { BatchTransform } from '../src/transform.js';
import type { Rng } from '../src/rng.js';
import { createRng } from '../src/rng.js';

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}

export interface EncodedImage {
  h: number;
  w: number;
  c: number;
  data: string;
}

export function decode(e: EncodedImage): Image {
  const buf = Buffer.from(e.data, 'base64');
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { data, height: e.h, width: e.w, channels: e.c };
}

export function decodeU8(e: EncodedImage): Image {
  const buf = Buffer.from(e.data, 'base64');
  return { data: new Uint8Array(buf), height: e.h, width: e.w, channels: e.c };
}

/** NHWC float32 tensor of same-sized images. */
export function stack(images: readonly Image[]): tf.Tensor4D {
  const { height, width, channels } = images[0]!;
  const data = new Float32Array(images.length * height * width * channels);
  images.forEach((im, i) => data.set(im.data, i * im.data.length));
  return tf.tensor4d(data, [images.length, height, width, channels]);
}

/**
 * The batched-vs-per-image agreement check: runs `t.applyBatch` on the stacked `images` and `t.apply` on
 * each image in turn, both from `createRng(seed)` (so the same parameters are drawn), and returns each
 * sample's largest absolute difference. Fails the test unless the batched form leaves exactly its output
 * behind (`tf.memory().numTensors`), returns a new float32 tensor of the per-image outputs' shape, and
 * neither disposes nor changes its input.
 */
export function batchedVsPerImage(t: BatchTransform, images: readonly Image[], seed: number): number[] {
  const x = stack(images);
  const input = x.dataSync().slice();
  const before = tf.memory().numTensors;
  const y = t.applyBatch(x, createRng(seed));
  try {
    expect(tf.memory().numTensors, `${t.constructor.name} leaves only its output`).toBe(before + 1);
    expect(y).not.toBe(x);
    expect(x.isDisposed).toBe(false);
    expect(maxAbsDiff(x.dataSync(), input), `${t.constructor.name} keeps its input`).toBe(0);
    const rng = createRng(seed);
    const want = images.map((im) => t.apply(im, rng));
    expect(y.dtype).toBe('float32');
    expect(y.shape).toEqual([images.length, want[0]!.height, want[0]!.width, want[0]!.channels]);
    const got = y.dataSync();
    const per = got.length / images.length;
    return want.map((w, i) => maxAbsDiff(got.subarray(i * per, (i + 1) * per), w.data));
  } finally {
    tf.dispose([x, y]);
  }
}

export function randomImage(height: number, width: number, channels: number, seed: number, kind: 'uint8' | 'float32' = 'uint8'): Image {
  const rng = createRng(seed);
  const n = height * width * channels;
  const data = kind === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = kind === 'uint8' ? Math.floor(rng.next() * 256) : rng.next();
  return { data, height, width, channels };
}

/** A generator that replays fixed values (to force a branch). */
export function fixedRng(values: number[]): Rng {
  let i = 0;
  return { next: () => values[i++ % values.length]! };
}
