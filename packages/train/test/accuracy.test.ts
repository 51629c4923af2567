import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { accuracy, crossEntropy, evaluateAccuracy } from '../src/index.js';
import { ArrayLoader, separableData, smallBnNet } from './helpers.js';

describe('accuracy', () => {
  it('counts correct argmax predictions (a count, as d2l) and disposes what it creates', () => {
    const yHat = tf.tensor2d([
      [0.1, 0.9, 0],
      [0.8, 0.1, 0.1],
      [0.2, 0.3, 0.5],
      [0.3, 0.3, 0.4],
    ]);
    const y = tf.tensor1d([1, 0, 0, 2], 'int32');
    const before = tf.memory().numTensors;
    expect(accuracy(yHat, y)).toBe(3);
    expect(accuracy(tf.tensor1d([1, 0, 2, 2], 'int32'), y)).toBe(3); // predicted labels directly
    expect(tf.memory().numTensors).toBe(before + 1); // only the literal above
    expect(() => accuracy(yHat, tf.tensor1d([1], 'int32'))).toThrow(/4 predictions but y has 1 labels/);
    tf.dispose([yHat, y]);
  });
});

describe('crossEntropy', () => {
  it('equals -log softmax at the label', () => {
    const logits = tf.tensor2d([
      [2, 0, -1],
      [0, 0, 0],
    ]);
    const l = crossEntropy(logits, tf.tensor1d([0, 2], 'int32'));
    const e = Math.exp;
    const want = [-Math.log(e(2) / (e(2) + e(0) + e(-1))), Math.log(3)];
    const got = Array.from(l.dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    tf.dispose([logits, l]);
  });
});

describe('evaluateAccuracy', () => {
  it('runs in inference mode: BatchNorm running statistics do not change; batches are disposed', async () => {
    const model = smallBnNet(3);
    const loader = new ArrayLoader(separableData(10), 4);
    const stats = () => model.weights.filter((w) => /moving/.test(w.name)).map((w) => Array.from(w.read().dataSync()));
    const before = stats();
    expect(before.length).toBe(2);
    const tensors = tf.memory().numTensors;
    const acc = await evaluateAccuracy(model, loader);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(stats()).toEqual(before);

    // Same number computed by hand with predict (inference mode).
    const { images, labels } = loader.data;
    const x = tf.tensor4d(images, [10, 8, 8, 3]);
    const pred = model.predict(x) as tf.Tensor;
    const argmax = tf.argMax(pred, 1);
    const want = Array.from(argmax.dataSync()).filter((p, i) => p === labels[i]).length / 10;
    tf.dispose([x, pred, argmax]);
    expect(acc).toBeCloseTo(want, 10);
    model.dispose();
  });

  it('rejects an empty loader', async () => {
    const model = smallBnNet(3);
    const empty = { length: 0, async *[Symbol.asyncIterator]() {} };
    await expect(evaluateAccuracy(model, empty as never)).rejects.toThrow(RangeError);
    await expect(evaluateAccuracy(model, empty as never)).rejects.toThrow(/yielded no examples/);
    model.dispose();
  });
});
