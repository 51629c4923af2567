import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crossEntropy, NonFiniteLossError, trainBatch, type Reduction } from '../src/index.js';
import { maxAbs, maxAbsDiff } from '@aug/test-utils';
import { separableData, smallBnNet, smallPlainNet, testRng, weightValues } from './helpers.js';

function batch(n: number, classes = 3, seed = 5): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const rand = testRng(seed);
  const x = tf.tensor4d(Float32Array.from({ length: n * 8 * 8 * 3 }, () => rand()), [n, 8, 8, 3]);
  const y = tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i * 7 + seed) % classes), 'int32');
  return { x, y };
}

/** The gradient trainBatch applied, recovered from an SGD(lr = 1) update: g = w_before - w_after. */
async function appliedGradient(reduction: Reduction, microBatchSize?: number): Promise<Float32Array[]> {
  const model = smallPlainNet(11);
  const { x, y } = batch(10);
  const before = weightValues(model);
  const optimizer = tf.train.sgd(1);
  await trainBatch(model, x, y, { optimizer, reduction, microBatchSize });
  const after = weightValues(model);
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return before.map((w, i) => w.map((v, j) => v - after[i]![j]!));
}

describe('trainBatch', () => {
  it('returns the summed loss and the number correct, as train_batch_ch13', async () => {
    const model = smallPlainNet(2);
    const { x, y } = batch(6);
    const logits = model.apply(x, { training: true }) as tf.Tensor;
    const l = crossEntropy(logits, y);
    const wantLoss = tf.sum(l).dataSync()[0]!;
    const pred = Array.from(tf.argMax(logits, 1).dataSync());
    const labels = Array.from(y.dataSync());
    const wantCorrect = pred.filter((p, i) => p === labels[i]).length;
    tf.dispose([logits, l]);
    const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
    const out = await trainBatch(model, x, y, { optimizer });
    expect(out.loss).toBeCloseTo(wantLoss, 4);
    expect(out.correct).toBe(wantCorrect);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it("'mean' differentiates the batch mean: its gradient is the 'sum' gradient / batch size", async () => {
    const sum = await appliedGradient('sum');
    const mean = await appliedGradient('mean');
    const scaled = sum.map((g) => g.map((v) => v / 10));
    expect(maxAbsDiff(mean, scaled)).toBeLessThan(1e-6);
    expect(Math.max(...sum.map((g) => Math.max(...g.map(Math.abs))))).toBeGreaterThan(1e-3); // a real update
  });

  for (const reduction of ['sum', 'mean'] as const) {
    it(`micro-batches accumulate to the whole-batch gradient (reduction '${reduction}', no BatchNorm)`, async () => {
      const whole = await appliedGradient(reduction);
      for (const micro of [1, 3, 4, 10]) {
        const split = await appliedGradient(reduction, micro);
        const scale = Math.max(...whole.map((g) => Math.max(...g.map(Math.abs))));
        expect(maxAbsDiff(split, whole) / scale).toBeLessThan(1e-5);
      }
    });
  }

  it('micro-batching gives the same Adam step, loss and count as the whole batch', async () => {
    const run = async (micro?: number) => {
      const model = smallPlainNet(4);
      const { x, y } = batch(9);
      const optimizer = tf.train.adam(1e-2, 0.9, 0.999, 1e-8);
      const r1 = await trainBatch(model, x, y, { optimizer, microBatchSize: micro });
      const r2 = await trainBatch(model, x, y, { optimizer, microBatchSize: micro });
      const w = weightValues(model);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { r1, r2, w };
    };
    const a = await run();
    const b = await run(2);
    expect(b.r1.loss).toBeCloseTo(a.r1.loss, 4);
    expect(b.r2.loss).toBeCloseTo(a.r2.loss, 4);
    expect(b.r1.correct).toBe(a.r1.correct);
    expect(maxAbsDiff(a.w, b.w)).toBeLessThan(1e-5);
  });

  it('keeps the tensor count unchanged across steps after the first (BatchNorm model, micro-batches)', async () => {
    const model = smallBnNet(1);
    const { x, y } = batch(8, 2);
    const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
    await trainBatch(model, x, y, { optimizer, microBatchSize: 3 });
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await trainBatch(model, x, y, { optimizer, microBatchSize: 3 });
      expect(tf.memory().numTensors).toBe(after1);
    }
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('updates BatchNorm running statistics (training mode)', async () => {
    const model = smallBnNet(1);
    const data = separableData(4);
    const x = tf.tensor4d(data.images, [4, 8, 8, 3]);
    const y = tf.tensor1d(data.labels, 'int32');
    const mean = () => Array.from(model.weights.find((w) => /moving_mean/.test(w.name))!.read().dataSync());
    const before = mean();
    const optimizer = tf.train.sgd(0.01);
    await trainBatch(model, x, y, { optimizer });
    expect(mean()).not.toEqual(before);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('rejects a non-finite loss before updating: the weights stay as they were', async () => {
    const model = smallPlainNet(1);
    const { x, y } = batch(4);
    const bad = tf.mul(x, NaN) as tf.Tensor4D;
    const before = weightValues(model);
    const optimizer = tf.train.sgd(0.1);
    const tensors = tf.memory().numTensors;
    const error = await trainBatch(model, bad, y, { optimizer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toMatch(/loss is NaN.*not updated/);
    expect(weightValues(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    tf.dispose([x, y, bad]);
    optimizer.dispose();
    model.dispose();
  });

  it('rejects mismatched label counts, out-of-range labels and bad options with clear errors', async () => {
    const model = smallPlainNet(1);
    const { x, y } = batch(4);
    const optimizer = tf.train.sgd(0.1);
    const short = tf.tensor1d([0, 1], 'int32');
    const outOfRange = tf.tensor1d([0, 1, 3, 2], 'int32');
    await expect(trainBatch(model, x, short, { optimizer })).rejects.toThrow(/x has 4 examples but y has 2 labels/);
    const before = weightValues(model);
    await expect(trainBatch(model, x, outOfRange, { optimizer })).rejects.toThrow(/1 label\(s\) are outside \[0, 3\)/);
    expect(weightValues(model)).toEqual(before);
    await expect(trainBatch(model, x, y, { optimizer, microBatchSize: 0 })).rejects.toThrow(RangeError);
    await expect(trainBatch(model, x, y, { optimizer, reduction: 'max' as never })).rejects.toThrow(/'sum' or 'mean'/);
    await expect(trainBatch(model, x, y, {} as never)).rejects.toThrow(/must be a tf.Optimizer/);
    tf.dispose([x, y, short, outOfRange]);
    optimizer.dispose();
    model.dispose();
  });
});

describe("trainBatch microBatchSize: 'auto'", () => {
  it('does not split on a backend without a default budget', async () => {
    const model = smallPlainNet(1);
    const { x, y } = batch(6);
    const optimizer = tf.train.sgd(0.1);
    const r = await trainBatch(model, x, y, { optimizer, microBatchSize: 'auto' });
    expect(r.microBatchSize).toBe(6);
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });

  it('measures the step, splits to fit the budget, and still applies the whole-batch update', async () => {
    const run = async (micro?: number | 'auto', memoryBudgetBytes?: number) => {
      const model = smallPlainNet(11);
      const { x, y } = batch(40);
      const optimizer = tf.train.sgd(1);
      const r1 = await trainBatch(model, x, y, { optimizer, microBatchSize: micro, memoryBudgetBytes });
      const base = tf.memory().numBytes;
      const r2 = await trainBatch(model, x, y, { optimizer, microBatchSize: micro, memoryBudgetBytes }); // uses the remembered size
      const w = weightValues(model);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
      return { r1, r2, w, base };
    };
    const whole = await run();
    // A budget of the live bytes plus room for about 10 examples' activations.
    const budget = whole.base + 40_000;
    const auto = await run('auto', budget);
    expect(auto.r1.microBatchSize).toBeGreaterThan(1);
    expect(auto.r1.microBatchSize).toBeLessThan(40);
    expect(auto.r2.microBatchSize).toBe(auto.r1.microBatchSize);
    // Relative to the weights: the split sums the same per-example gradients in another order (float32 rounding).
    expect(maxAbsDiff(auto.w, whole.w) / maxAbs(whole.w)).toBeLessThan(1e-5);
    expect(auto.r1.loss).toBeCloseTo(whole.r1.loss, 3);
    expect(auto.r2.correct).toBe(whole.r2.correct);
  });

  it('says clearly when even one example does not fit', async () => {
    const model = smallPlainNet(1);
    const { x, y } = batch(4);
    const optimizer = tf.train.sgd(0.1);
    const tensors = tf.memory().numTensors;
    await expect(trainBatch(model, x, y, { optimizer, microBatchSize: 'auto', memoryBudgetBytes: 100 })).rejects.toThrow(
      /memoryBudgetBytes 100 is too small: one example needs about \d+ bytes/,
    );
    expect(tf.memory().numTensors).toBe(tensors);
    await expect(trainBatch(model, x, y, { optimizer, microBatchSize: 'auto', memoryBudgetBytes: -1 })).rejects.toThrow(
      /memoryBudgetBytes must be a positive finite number of bytes, got -1/,
    );
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  });
});
