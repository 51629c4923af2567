// Test helpers: a tiny separable image dataset, a deterministic loader, small models.
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { fisherYates } from '@aug/internal';
import { createRng } from '@aug/transforms';
import type { BatchSource } from '../src/index.js';

/** A seeded generator for test data: `@aug/transforms`' `createRng`, as a function. */
export function testRng(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

export interface SyntheticData {
  images: Float32Array; // n * size * size * channels
  labels: Int32Array;
  n: number;
  size: number;
  channels: number;
}

/** Two classes that a small conv net separates easily: class 0 is bright on the left, class 1 on the right. */
export function separableData(n: number, size = 8, channels = 3, seed = 1): SyntheticData {
  const rand = testRng(seed);
  const images = new Float32Array(n * size * size * channels);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const bright = (c < size / 2) === (label === 0);
        for (let ch = 0; ch < channels; ch++) {
          images[((i * size + r) * size + c) * channels + ch] = (bright ? 0.7 : 0.3) + 0.3 * (rand() - 0.5);
        }
      }
    }
  }
  return { images, labels, n, size, channels };
}

/** A BatchSource over `data`: shuffled by (seed, epoch), advancing its epoch after each pass, like @aug/cifar10's DataLoader. */
export class ArrayLoader implements BatchSource {
  epoch = 0;
  passes = 0;
  constructor(
    readonly data: SyntheticData,
    readonly batchSize: number,
    readonly options: { shuffle?: boolean; seed?: number; map?: (x: tf.Tensor4D, epoch: number, step: number) => tf.Tensor4D } = {},
  ) {}

  get length(): number {
    return Math.ceil(this.data.n / this.batchSize);
  }

  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  order(epoch: number): number[] {
    const idx = Array.from({ length: this.data.n }, (_, i) => i);
    if (this.options.shuffle) {
      fisherYates(idx, createRng((this.options.seed ?? 0) * 1000 + epoch + 1));
    }
    return idx;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<{ x: tf.Tensor4D; y: tf.Tensor1D }> {
    const epoch = this.epoch++;
    this.passes++;
    const { size, channels, images, labels } = this.data;
    const per = size * size * channels;
    const idx = this.order(epoch);
    for (let b = 0; b * this.batchSize < idx.length; b++) {
      const chunk = idx.slice(b * this.batchSize, (b + 1) * this.batchSize);
      const xs = new Float32Array(chunk.length * per);
      const ys = new Int32Array(chunk.length);
      chunk.forEach((i, k) => {
        xs.set(images.subarray(i * per, (i + 1) * per), k * per);
        ys[k] = labels[i]!;
      });
      let x = tf.tensor4d(xs, [chunk.length, size, size, channels]);
      if (this.options.map) {
        const mapped = this.options.map(x, epoch, b);
        if (mapped !== x) x.dispose();
        x = mapped;
      }
      yield { x, y: tf.tensor1d(ys, 'int32') };
    }
  }
}

/** A tiny conv net with BatchNorm: conv 3x3 -> BN -> ReLU -> global average pool -> dense. */
export function smallBnNet(seed = 1, size = 8, channels = 3, classes = 2): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [size, size, channels],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }),
      tfl.layers.reLU(),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: classes, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** A tiny net without BatchNorm: conv 3x3 stride 2 -> ReLU -> flatten -> dense. */
export function smallPlainNet(seed = 1, size = 8, channels = 3, classes = 3): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [size, size, channels],
        filters: 3,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
        biasInitializer: tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + 7 }),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: classes, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

/** Every weight of `model` as plain arrays (trainable and BatchNorm statistics). */
export function weightValues(model: tfl.LayersModel): Float32Array[] {
  return model.weights.map((w) => w.read().dataSync() as Float32Array);
}


