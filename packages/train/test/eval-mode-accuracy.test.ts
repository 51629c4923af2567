import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initWeights, resnet18 } from '@aug/models';
import { describe, expect, it } from 'vitest';
import { accuracy, batchNormSettling, evaluateAccuracy, trainBatch, type Batch, type BatchSource } from '../src/index.js';

/**
 * A learnable 4-class problem on 8x8x3 images: the class is the brightest quadrant, with noise (a
 * deterministic sine fill, no Math.random). Pixel scale ~0.1 keeps activations small, as on CIFAR, so
 * BatchNorm's initial running variance (1) is far from the real one: exactly the trap of a short run.
 */
function dataset(n: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const data = new Float32Array(n * 8 * 8 * 3);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[i] = label;
    for (let h = 0; h < 8; h++) {
      for (let w = 0; w < 8; w++) {
        const quadrant = (h < 4 ? 0 : 2) + (w < 4 ? 0 : 1);
        for (let c = 0; c < 3; c++) {
          const noise = Math.sin(seed * 7.13 + i * 12.9898 + (h * 8 + w) * 78.233 + c * 3.7) * 0.05;
          data[((i * 8 + h) * 8 + w) * 3 + c] = (quadrant === label ? 0.12 : 0.02) + noise;
        }
      }
    }
  }
  return { x: tf.tensor4d(data, [n, 8, 8, 3]), y: tf.tensor1d(labels, 'int32') };
}

function loaderOf(x: tf.Tensor4D, y: tf.Tensor1D, batch: number): BatchSource {
  const n = x.shape[0];
  return {
    length: Math.ceil(n / batch),
    async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
      for (let i = 0; i < n; i += batch) {
        const size = Math.min(batch, n - i);
        yield { x: tf.slice(x, [i, 0, 0, 0], [size, 8, 8, 3]), y: tf.slice(y, [i], [size]) };
      }
    },
  };
}

describe('eval-mode accuracy after enough steps', () => {
  it('is close to train-mode accuracy on the training images once BatchNorm has settled (the check that catches a 0.094 test accuracy)', async () => {
    const { x, y } = dataset(64, 1);
    const model = resnet18({ numClasses: 4, inChannels: 3, inputSize: 8, width: 4 });
    initWeights(model, { init: 'xavierUniform', seed: 0 });
    const optimizer = tf.train.adam(3e-3, 0.9, 0.999, 1e-8);
    const steps = 60;
    expect(batchNormSettling(model, steps).settled).toBe(true);
    for (let step = 0; step < steps; step++) {
      const start = (step * 16) % 64;
      const xb = tf.slice(x, [start, 0, 0, 0], [16, 8, 8, 3]);
      const yb = tf.slice(y, [start], [16]);
      await trainBatch(model, xb, yb, { optimizer });
      tf.dispose([xb, yb]);
    }
    const before = tf.memory().numTensors;
    const trainMode = tf.tidy(() => accuracy(model.apply(x, { training: true }) as tf.Tensor, y)) / 64;
    const evalMode = await evaluateAccuracy(model, loaderOf(x, y, 16));
    expect(trainMode).toBeGreaterThan(0.6); // it learned
    expect(Math.abs(evalMode - trainMode)).toBeLessThan(0.15); // and eval mode shows it
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  }, 120_000);
});
