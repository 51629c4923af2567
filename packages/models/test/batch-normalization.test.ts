import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff, sinFill } from '@aug/test-utils';
import { BatchNormalization, batchNormTraining } from '../src/batch-normalization.js';

/** A deterministic, sign-varying fill (no Math.random). */
function filled(shape: number[], seed: number, offset = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(sinFill(n, seed, (s, i) => s * 1.7 + offset + (i % 5) * 0.1), shape);
}


/** Runs one training call of `layer` and returns its output, gradients and moving statistics. */
function trainingPass(layer: tfl.layers.Layer, x: tf.Tensor, dyWeights: tf.Tensor) {
  return tf.tidy(() => {
    const vars = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, dyWeights)) as tf.Scalar, vars);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, dyWeights)))(x);
    const y = layer.apply(x, { training: false }) as tf.Tensor;
    const moving = layer.getWeights().slice(2).map((w) => tf.clone(w));
    return { value, grads: vars.map((v) => grads[v.name]!), dx, y, moving };
  });
}

describe('BatchNormalization (fused training pass)', () => {
  const shapes = [[3, 5, 4, 6], [7, 3], [2, 3, 9]];
  it.each(shapes)('matches tfjs-layers output, gradients and moving statistics for shape %j', (...shape: number[]) => {
    const channels = shape[shape.length - 1]!;
    const config = { axis: -1, momentum: 0.9, epsilon: 1e-5 };
    const ours = new BatchNormalization(config);
    const stock = tfl.layers.batchNormalization(config);
    const x = filled(shape, 1, 0.3);
    const dyWeights = filled(shape, 2);
    ours.build(x.shape);
    stock.build(x.shape);
    const weights = [filled([channels], 3, 1), filled([channels], 4), filled([channels], 5), tf.abs(filled([channels], 6, 1))];
    ours.setWeights(weights);
    stock.setWeights(weights);
    const before = tf.memory().numTensors;
    const a = trainingPass(ours, x, dyWeights);
    const b = trainingPass(stock, x, dyWeights);
    expect(Math.abs(a.value.dataSync()[0]! - b.value.dataSync()[0]!)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(b.value.dataSync()[0]!)));
    a.grads.forEach((g, i) => expect(maxAbsDiff(g, b.grads[i]!), `grad of weight ${i}`).toBeLessThanOrEqual(1e-4));
    expect(maxAbsDiff(a.dx, b.dx), 'dx').toBeLessThanOrEqual(1e-4);
    expect(maxAbsDiff(a.y, b.y), 'inference output after the updates').toBeLessThanOrEqual(1e-5);
    a.moving.forEach((m, i) => expect(maxAbsDiff(m, b.moving[i]!), `moving statistic ${i}`).toBeLessThanOrEqual(1e-6));
    tf.dispose([a, b] as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dyWeights, ...weights]);
    for (const w of [...ours.weights, ...stock.weights]) w.dispose();
  });

  it('serializes as BatchNormalization, so saved models load with tfjs-layers alone', () => {
    const input = tfl.input({ shape: [4, 4, 3] });
    const output = new BatchNormalization({ axis: -1, name: 'bn' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const json = JSON.parse(model.toJSON() as string) as { config: { layers: Array<{ class_name: string }> } };
    expect(json.config.layers.map((l) => l.class_name)).toContain('BatchNormalization');
    model.dispose();
  });

  it('leaves inference and other configurations to tfjs-layers', () => {
    tf.tidy(() => {
      const x = filled([2, 3, 4], 7);
      const config = { axis: 1, momentum: 0.5 };
      const ours = new BatchNormalization(config);
      const stock = tfl.layers.batchNormalization(config);
      ours.build(x.shape);
      stock.build(x.shape);
      ours.setWeights(stock.getWeights());
      expect(maxAbsDiff(ours.apply(x, { training: true }) as tf.Tensor, stock.apply(x, { training: true }) as tf.Tensor)).toBe(0);
    });
  });

  it('batchNormTraining returns the batch mean and biased variance', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [3, 6]]);
      const { y, mean, variance } = batchNormTraining(x, tf.ones([2]), tf.zeros([2]), 0);
      expect(Array.from(mean.dataSync())).toEqual([2, 4]);
      expect(Array.from(variance.dataSync())).toEqual([1, 4]);
      expect(Array.from(y.dataSync())).toEqual([-1, -1, 1, 1]);
      tf.dispose([mean, variance]);
    });
  });
});
