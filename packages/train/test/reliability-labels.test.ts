// Labels: soft labels (MixUp/CutMix output, [n, classes] probabilities) train with probability-target
// cross-entropy and argmax accuracy; bad labels (outside [0, classes), fractional, not probabilities)
// are named errors in crossEntropy, trainBatch and evaluateAccuracy, never a silent 0 or "wrong".
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { accuracy, crossEntropy, evaluateAccuracy, trainBatch, type BatchSource } from '../src/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { smallPlainNet, testRng, weightValues } from './helpers.js';

function images(n: number, seed = 5): tf.Tensor4D {
  const rand = testRng(seed);
  return tf.tensor4d(Float32Array.from({ length: n * 8 * 8 * 3 }, () => rand()), [n, 8, 8, 3]);
}

describe('soft labels', () => {
  it('crossEntropy with probability targets equals -sum y * log_softmax, checked by hand', () => {
    const logits = tf.tensor2d([
      [2, 0, 0],
      [0, 1, 2],
    ]);
    const y = tf.tensor2d([
      [0.5, 0.5, 0],
      [0.2, 0.3, 0.5],
    ]);
    const got = crossEntropy(logits, y);
    // row 0: lse = log(e^2 + 2) = 2.2395447; loss = 0.5 * (lse - 2) + 0.5 * lse = lse - 1
    // row 1: lse = log(1 + e + e^2) = 2.4076059; loss = 0.2*lse + 0.3*(lse - 1) + 0.5*(lse - 2) = lse - 1.3
    const lse0 = Math.log(Math.exp(2) + 2);
    const lse1 = Math.log(1 + Math.E + Math.exp(2));
    expect(lse0).toBeCloseTo(2.2395447, 6);
    expect(lse1).toBeCloseTo(2.4076059, 6);
    const values = Array.from(got.dataSync());
    expect(values[0]).toBeCloseTo(1.2395447, 5);
    expect(values[1]).toBeCloseTo(1.1076059, 5);
    tf.dispose([logits, y, got]);
  });

  it('accuracy compares argmax(yHat) with argmax(y)', () => {
    const yHat = tf.tensor2d([
      [0.1, 0.9],
      [0.8, 0.2],
      [0.3, 0.7],
    ]);
    const y = tf.tensor2d([
      [0.3, 0.7], // argmax 1: correct
      [0.4, 0.6], // argmax 1: wrong
      [0.1, 0.9], // argmax 1: correct
    ]);
    expect(accuracy(yHat, y)).toBe(2);
    tf.dispose([yHat, y]);
  });

  it('trainBatch with one-hot soft labels gives the same loss, count and update as the hard labels', async () => {
    const run = async (soft: boolean) => {
      const model = smallPlainNet(4);
      const x = images(6);
      const hard = [0, 2, 1, 1, 0, 2];
      const y = soft ? tf.tensor2d(hard.map((h) => [0, 1, 2].map((k) => (k === h ? 1 : 0)))) : tf.tensor1d(hard, 'int32');
      const optimizer = tf.train.sgd(0.1);
      const out = await trainBatch(model, x, y, { optimizer, microBatchSize: 4 });
      const w = weightValues(model);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { out, w };
    };
    const [a, b] = [await run(false), await run(true)];
    expect(b.out.loss).toBeCloseTo(a.out.loss, 5);
    expect(b.out.correct).toBe(a.out.correct);
    expect(maxAbsDiff(a.w, b.w)).toBeLessThan(1e-6);
  });

  it('trainBatch with mixed soft labels returns the hand-computed summed loss', async () => {
    const model = smallPlainNet(8);
    const x = images(2, 9);
    const y = tf.tensor2d([
      [0.7, 0.3, 0],
      [0, 0.4, 0.6],
    ]);
    const logits = model.apply(x) as tf.Tensor2D;
    const rows = (await logits.array()) as number[][];
    const want = rows.reduce((sum, row, r) => {
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      const targets = r === 0 ? [0.7, 0.3, 0] : [0, 0.4, 0.6];
      return sum + targets.reduce((s, t, k) => s + t * (lse - row[k]!), 0);
    }, 0);
    const optimizer = tf.train.sgd(0);
    const out = await trainBatch(model, x, y, { optimizer });
    expect(out.loss).toBeCloseTo(want, 4);
    tf.dispose([x, y, logits]);
    optimizer.dispose();
    model.dispose();
  });
});

describe('bad labels are named errors', () => {
  it('crossEntropy: a label outside [0, classes), a fractional label, non-probability rows', () => {
    const logits = tf.tensor2d([
      [2, 0],
      [0, 1],
    ]);
    const cases: [tf.Tensor, RegExp][] = [
      [tf.tensor1d([0, 2], 'int32'), /1 label\(s\) are outside \[0, 2\) \(the first: 2 at index 1\)/],
      [tf.tensor1d([-1, 0], 'int32'), /outside \[0, 2\) \(the first: -1 at index 0\)/],
      [tf.tensor1d([0, 0.5]), /1 label\(s\) are not whole numbers \(the first: 0\.5 at index 1\)/],
      [tf.tensor2d([[0.5, 0.6], [1, 0]]), /rows sum to 1; row 0 sums to 1\.1/],
      [tf.tensor2d([[1.5, -0.5], [1, 0]]), /finite, >= 0\); row 0 holds -0\.5/],
      [tf.tensor2d([[1, 0, 0], [1, 0, 0]]), /soft labels have 3 columns but the model has 2 outputs/],
    ];
    for (const [y, message] of cases) {
      expect(() => crossEntropy(logits, y)).toThrow(RangeError);
      expect(() => crossEntropy(logits, y)).toThrow(message);
      y.dispose();
    }
    logits.dispose();
  });

  it('trainBatch rejects fractional labels with a RangeError before updating', async () => {
    const model = smallPlainNet(3);
    const before = weightValues(model);
    const x = images(2);
    const y = tf.tensor1d([1, 1.5]);
    const optimizer = tf.train.sgd(1);
    await expect(trainBatch(model, x, y, { optimizer })).rejects.toThrow(RangeError);
    await expect(trainBatch(model, x, y, { optimizer })).rejects.toThrow(/not whole numbers/);
    expect(maxAbsDiff(before, weightValues(model))).toBe(0);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('evaluateAccuracy fails on labels outside [0, classes) or fractional ones, naming the batch', async () => {
    const model = smallPlainNet(3); // 3 classes
    const loaderOf = (labels: number[][], dtype: 'int32' | 'float32'): BatchSource => ({
      length: labels.length,
      async *[Symbol.asyncIterator]() {
        for (const l of labels) yield { x: images(l.length), y: tf.tensor1d(l, dtype) };
      },
    });
    const before = tf.memory().numTensors;
    await expect(evaluateAccuracy(model, loaderOf([[0, 1], [2, 3]], 'int32'))).rejects.toThrow(
      /evaluateAccuracy: batch 1: 1 label\(s\) are outside \[0, 3\) \(the first: 3 at index 1\)/,
    );
    await expect(evaluateAccuracy(model, loaderOf([[0, 1.25]], 'float32'))).rejects.toThrow(RangeError);
    expect(tf.memory().numTensors).toBe(before);
    const ok = await evaluateAccuracy(model, loaderOf([[0, 1], [2, 2]], 'int32'));
    expect(ok).toBeGreaterThanOrEqual(0);
    model.dispose();
  });
});
