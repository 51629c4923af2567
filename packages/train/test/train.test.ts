import * as tf from '@tensorflow/tfjs-core';
import { fuseConvBnEval, initWeights, resnet18 } from '@aug/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createOptimizer, train, type UpdatePoint } from '../src/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { ArrayLoader, separableData, smallBnNet, smallPlainNet, weightValues } from './helpers.js';

describe('train', () => {
  it('trains resnet18({ width: 4 }) on a separable set: loss falls, train acc passes 0.9, prints the seed lines', async () => {
    const model = resnet18({ numClasses: 2, inputSize: 8, width: 4 });
    initWeights(model, { init: 'xavierUniform', seed: 0 });
    const data = separableData(32, 8, 3, 7);
    const trainLoader = new ArrayLoader(data, 8, { shuffle: true, seed: 1 });
    const testLoader = new ArrayLoader(separableData(16, 8, 3, 99), 8);
    const lines: string[] = [];
    const points: UpdatePoint[] = [];
    const tensors = tf.memory().numTensors;
    const history = await train(model, trainLoader, testLoader, {
      epochs: 4,
      optimizer: 'adam',
      lr: 1e-2,
      log: (l) => lines.push(l),
      onUpdate: (p) => points.push(p),
      progress: false,
    });
    expect(tf.memory().numTensors).toBe(tensors); // the named optimizer is disposed, nothing leaks
    const losses = history.epochs.map((e) => e.trainLoss);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]!);
    expect(history.trainAcc).toBeGreaterThan(0.9);
    expect(history.testAcc).toBeGreaterThan(0.9);
    expect(history.aborted).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^loss \d+\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3}$/);
    expect(lines[1]).toMatch(/^\d+\.\d examples\/sec on cpu$/);
    expect(points).toEqual(history.points);
    model.dispose();
  });

  it('measures test accuracy with evalModel(model) after each epoch (fuseConvBnEval: the same accuracy) and disposes what it made', async () => {
    const run = async (evalModel?: (m: tfl.LayersModel) => tfl.LayersModel) => {
      const model = resnet18({ numClasses: 2, inputSize: 8, width: 4 });
      initWeights(model, { init: 'xavierUniform', seed: 0 });
      const history = await train(model, new ArrayLoader(separableData(32, 8, 3, 7), 8, { shuffle: true, seed: 1 }), new ArrayLoader(separableData(16, 8, 3, 99), 8), {
        epochs: 2, lr: 1e-2, log: () => {}, progress: false, ...(evalModel ? { evalModel } : {}),
      });
      model.dispose();
      return history;
    };
    const plain = await run();
    const made: tfl.LayersModel[] = [];
    const disposed: boolean[] = [];
    const tensors = tf.memory().numTensors;
    const fused = await run((m) => {
      const f = fuseConvBnEval(m);
      made.push(f);
      const dispose = f.dispose.bind(f);
      f.dispose = () => {
        disposed.push(true);
        return dispose();
      };
      return f;
    });
    expect(made).toHaveLength(2); // once per epoch
    expect(disposed).toEqual([true, true]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(fused.epochs.map((e) => e.testAcc)).toEqual(plain.epochs.map((e) => e.testAcc));
    expect(fused.epochs.map((e) => e.trainLoss)).toEqual(plain.epochs.map((e) => e.trainLoss)); // training itself is untouched
    // The trained model itself is never disposed by train.
    const same = resnet18({ numClasses: 2, inputSize: 8, width: 4 });
    await train(same, new ArrayLoader(separableData(8, 8, 3, 7), 8), new ArrayLoader(separableData(8, 8, 3, 9), 8), { epochs: 1, log: () => {}, progress: false, evalModel: (m) => m });
    expect(same.layers[1]!.getWeights()[0]!.isDisposed).toBe(false);
    same.dispose();
    await expect(train(same, new ArrayLoader(separableData(8, 8, 3, 7), 8), new ArrayLoader(separableData(8, 8, 3, 9), 8), { epochs: 1, evalModel: 'fuse' as never })).rejects.toThrow(/train: evalModel must be a function/);
  });

  it('calls onUpdate 5 times per epoch and at its end (d2l x positions), keeps the tensor count flat', async () => {
    const model = smallBnNet(2);
    const trainLoader = new ArrayLoader(separableData(40, 8, 3, 1), 4); // 10 batches per epoch
    const testLoader = new ArrayLoader(separableData(8, 8, 3, 2), 4);
    const counts: number[] = [];
    const points: UpdatePoint[] = [];
    const optimizer = createOptimizer('adam');
    await train(model, trainLoader, testLoader, {
      epochs: 3,
      optimizer,
      log: () => {},
      progress: false,
      onUpdate: (p) => {
        points.push(p);
        counts.push(tf.memory().numTensors);
      },
    });
    const xs = points.map((p) => Number(p.epoch.toFixed(3)));
    expect(xs).toEqual([0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3]);
    expect(points.filter((p) => p.testAcc !== null).map((p) => p.epoch)).toEqual([1, 2, 3]);
    for (const p of points) {
      expect(p.trainLoss).toBeGreaterThan(0);
      expect(p.trainAcc).toBeGreaterThanOrEqual(0);
      expect(p.trainAcc).toBeLessThanOrEqual(1);
    }
    // After the first step the optimizer state exists; from then on nothing accumulates.
    expect(new Set(counts).size).toBe(1);
    optimizer.dispose();
    model.dispose();
  });

  it('examples/sec counts only time inside training steps and names the backend label', async () => {
    let now = 0;
    const model = smallBnNet(2);
    // Every batch takes 1000 ms of "loading" outside the steps; the steps themselves advance no clock.
    const trainLoader = new ArrayLoader(separableData(8, 8, 3, 1), 4, {
      map: (x) => {
        now += 1000;
        return x;
      },
    });
    const testLoader = new ArrayLoader(separableData(4, 8, 3, 2), 4);
    const lines: string[] = [];
    const optimizer = createOptimizer('sgd', 0.1);
    const originalApply = optimizer.applyGradients.bind(optimizer);
    optimizer.applyGradients = (g) => {
      now += 4; // 4 ms "inside" each step
      originalApply(g);
    };
    const history = await train(model, trainLoader, testLoader, {
      epochs: 1,
      optimizer,
      now: () => now,
      log: (l) => lines.push(l),
      progress: false,
      backendLabel: 'wasm (2 threads)',
    });
    // 8 examples in 2 steps of 4 ms = 1000 examples/sec; the 2 s of loading are not counted.
    expect(history.examplesPerSec).toBeCloseTo(1000, 6);
    expect(lines[1]).toBe('1000.0 examples/sec on wasm (2 threads)');
    optimizer.dispose();
    model.dispose();
  });

  it('passes microBatchSize through: the same weights as whole batches on a model without BatchNorm', async () => {
    const runWith = async (microBatchSize?: number, bn = false) => {
      const model = bn ? smallBnNet(3) : smallPlainNet(3, 8, 3, 2);
      const trainLoader = new ArrayLoader(separableData(12, 8, 3, 1), 6);
      const testLoader = new ArrayLoader(separableData(4, 8, 3, 2), 4);
      await train(model, trainLoader, testLoader, { epochs: 2, optimizer: 'sgd', lr: 0.05, microBatchSize, log: () => {}, progress: false });
      const w = weightValues(model);
      model.dispose();
      return w;
    };
    const whole = await runWith();
    const micro = await runWith(4);
    expect(maxAbsDiff(whole, micro)).toBeLessThan(1e-5);
    // With BatchNorm the micro-batches normalise with their own statistics, so the option visibly takes effect.
    expect(maxAbsDiff(await runWith(undefined, true), await runWith(2, true))).toBeGreaterThan(1e-4);
  });

  it("logs once when microBatchSize 'auto' splits the batch to fit memoryBudgetBytes", async () => {
    const model = smallPlainNet(3, 8, 3, 2);
    const trainLoader = new ArrayLoader(separableData(48, 8, 3, 1), 24);
    const testLoader = new ArrayLoader(separableData(4, 8, 3, 2), 4);
    const lines: string[] = [];
    const budget = tf.memory().numBytes + 60_000;
    await train(model, trainLoader, testLoader, {
      epochs: 2,
      microBatchSize: 'auto',
      memoryBudgetBytes: budget,
      log: (l) => lines.push(l),
      progress: false,
    });
    const notes = lines.filter((l) => /micro-batches/.test(l));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^batch 24 does not fit the memory budget on cpu: training in micro-batches of \d+ with accumulated gradients$/);
    model.dispose();
  });

  it('rejects bad input with clear errors before training', async () => {
    const model = smallBnNet(2);
    const ok = new ArrayLoader(separableData(4, 8, 3, 1), 4);
    const empty = new ArrayLoader({ ...separableData(4, 8, 3, 1), n: 0 }, 4);
    const opts = { epochs: 1, log: () => {}, progress: false as const };
    await expect(train(model, empty, ok, opts)).rejects.toThrow(/trainLoader is empty \(length 0\)/);
    await expect(train(model, ok, empty, opts)).rejects.toThrow(/testLoader is empty/);
    await expect(train(model, ok, ok, { ...opts, epochs: 0 })).rejects.toThrow(/epochs must be a positive integer, got 0/);
    await expect(train(model, ok, ok, { ...opts, optimizer: 'adamw' as never })).rejects.toThrow(
      /unknown name "adamw"; use 'adam' or 'sgd'/,
    );
    await expect(train(model, ok, ok, { ...opts, optimizer: 'sgd' })).rejects.toThrow(/'sgd' needs an lr/);
    await expect(train(model, ok, ok, { ...opts, resume: true })).rejects.toThrow(/needs a checkpointDir/);
    // A loader whose length promises batches but yields none.
    const liar = { length: 2, async *[Symbol.asyncIterator]() {} };
    await expect(train(model, liar as never, ok, opts)).rejects.toThrow(/yielded no batches in epoch 1/);
    // Mismatched label count, named with epoch and step.
    const mismatched = {
      length: 1,
      async *[Symbol.asyncIterator]() {
        yield { x: tf.zeros([4, 8, 8, 3]) as tf.Tensor4D, y: tf.tensor1d([0, 1, 0], 'int32') };
      },
    };
    const tensors = tf.memory().numTensors;
    const error = await train(model, mismatched, ok, opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/epoch 1, step 1: the batch has 4 images but 3 labels/);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('accepts Adam by name with PyTorch defaults (lr 1e-3, epsilon 1e-8)', () => {
    const adam = createOptimizer('adam');
    expect(adam.getClassName()).toBe('Adam');
    expect(adam.getConfig()).toMatchObject({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.dispose();
    expect(() => createOptimizer('adam', -1)).toThrow(/lr must be a positive finite number, got -1/);
  });
});
