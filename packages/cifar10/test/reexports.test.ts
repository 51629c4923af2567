// The generic loader moved to @aug/data: @aug/cifar10 re-exports the very same objects, so
// `import { DataLoader } from '@aug/cifar10'` keeps working, and a Cifar10 dataset runs through it,
// on the calling thread and in worker threads, with identical batches.
import * as tf from '@tensorflow/tfjs-core';
import * as data from '@aug/data';
import { Compose, RandomHorizontalFlip, RandomResizedCrop, ToTensor } from '@aug/transforms';
import { makeLayout, tempDir, writeLayout } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import * as cifar10 from '../src/index.js';

const MOVED = ['ArrayDataset', 'DataLoader', 'MAX_WORKERS', 'SampleTransformError', 'Subset', 'WorkerError', 'isTransformedDataset', 'randomSplit'] as const;

describe('@aug/cifar10 re-exports the loader of @aug/data', () => {
  it.each(MOVED)('%s is the same object as @aug/data exports', (name) => {
    expect(cifar10[name]).toBeDefined();
    expect(cifar10[name]).toBe(data[name]);
  });

  it('the loader errors are DataErrors, not Cifar10Errors', () => {
    const e = new cifar10.WorkerError('x');
    expect(data.DataError.isInstance(e)).toBe(true);
    expect(cifar10.Cifar10Error.isInstance(e)).toBe(false);
  });

  it('Cifar10 batches are identical with 0 and 2 workers', async () => {
    const root = tempDir();
    writeLayout(root, makeLayout(7, 5));
    const before = tf.memory().numTensors;
    const transform = new Compose([new RandomHorizontalFlip(), new RandomResizedCrop([32, 32], { scale: [0.1, 1] }), new ToTensor()]);
    const train = new cifar10.Subset(new cifar10.Cifar10({ root, verify: 'size', transform }), [...Array(20).keys()].reverse());
    const collect = async (numWorkers: number) => {
      const out: { x: number[]; y: number[] }[] = [];
      for await (const { x, y } of new cifar10.DataLoader(train, { batchSize: 8, shuffle: true, seed: 3, numWorkers })) {
        out.push({ x: [...(await x.data())], y: [...(await y.data())] });
        tf.dispose([x, y]);
      }
      return out;
    };
    const main = await collect(0);
    expect(main.map((b) => b.y.length)).toEqual([8, 8, 4]);
    expect(await collect(2)).toEqual(main);
    expect(tf.memory().numTensors).toBe(before);
  });
});
