// A run interrupted anywhere (mid-epoch or at an epoch boundary) and resumed gives the same per-step
// losses, accuracies, epoch summaries and final weights as an uninterrupted one, bit for bit: the loader
// order and augmentation, Adam's moments and step count, BatchNorm's running statistics and the epoch's
// Accumulator all continue. With microBatchSize 'auto' and a finite budget the first step of each process
// measures memory on a throwaway micro-batch; that measurement must leave no trace (it used to train the
// first 8 examples as their own micro-batch, so the first step after a resume normalised BatchNorm over
// other examples than the uninterrupted run and its loss differed).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { train, type BatchSource, type TrainOptions, type UpdatePoint } from '../src/index.js';
import { ArrayLoader, separableData, smallBnNet, weightValues } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-exact-resume-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = { log: () => {}, progress: false as const };
/** 60 images in 5 batches of 12: onUpdate fires after every step, so the points are the per-step running means. */
const trainLoader = (): ArrayLoader => new ArrayLoader(separableData(60, 8, 3, 1), 12, { shuffle: true, seed: 3 });

/** An ArrayLoader with `seek`: a pass after `seek(e, b)` yields epoch e's batches from b on (counted in `seekedTo`). */
class SeekableLoader extends ArrayLoader {
  seekedTo: [number, number][] = [];
  private start = 0;
  seek(epoch: number, batch: number): void {
    this.seekedTo.push([epoch, batch]);
    this.setEpoch(epoch);
    this.start = batch;
  }
  override async *[Symbol.asyncIterator](): AsyncIterator<{ x: tf.Tensor4D; y: tf.Tensor1D }> {
    const start = this.start;
    this.start = 0;
    let b = 0;
    const inner = super[Symbol.asyncIterator]();
    for (let r = await inner.next(); !r.done; r = await inner.next(), b++) {
      if (b < start) tf.dispose([r.value.x, r.value.y]);
      else yield r.value;
    }
  }
}
const testLoader = (): ArrayLoader => new ArrayLoader(separableData(8, 8, 3, 2), 4);

/** A loader that aborts (from the event loop, as a signal handler would) when it yields batch `at` (1-based, counted over epochs). */
function abortingAt(inner: BatchSource, at: number, controller: AbortController): BatchSource {
  let k = 0;
  return {
    get length() {
      return inner.length;
    },
    setEpoch: (e) => inner.setEpoch?.(e),
    async *[Symbol.asyncIterator]() {
      for await (const batch of inner) {
        if (++k === at && !controller.signal.aborted) setImmediate(() => controller.abort());
        yield batch;
      }
    },
  };
}

async function run(options: Partial<TrainOptions>, wrap?: (l: BatchSource) => BatchSource, seekable = false) {
  const points: UpdatePoint[] = [];
  const model = smallBnNet(5);
  try {
    const loader = seekable ? new SeekableLoader(separableData(60, 8, 3, 1), 12, { shuffle: true, seed: 3 }) : trainLoader();
    const history = await train(model, wrap ? wrap(loader) : loader, testLoader(), {
      epochs: 2,
      checkpointDir: dir,
      onUpdate: (p) => points.push(p),
      ...quiet,
      ...options,
    });
    return { history, points, weights: weightValues(model), seekedTo: loader instanceof SeekableLoader ? loader.seekedTo : null };
  } finally {
    model.dispose();
  }
}

const variants: { name: string; options: Partial<TrainOptions>; seekable: boolean }[] = [
  { name: 'whole batches', options: {}, seekable: false },
  { name: "microBatchSize 'auto' with a finite budget (the example's setting on wasm/onnxruntime)", options: { microBatchSize: 'auto', memoryBudgetBytes: 1e12 }, seekable: false },
  { name: 'a loader with seek (the trained batches are not read again)', options: {}, seekable: true },
];

describe.each(variants)('resume is bit-exact: $name', ({ options, seekable }) => {
  it.each([
    { where: 'mid-epoch (after step 3 of 5)', at: 3, stoppedAt: { epoch: 0, step: 3 } },
    { where: 'at the epoch boundary (after step 5 of 5)', at: 5, stoppedAt: { epoch: 0, step: 5 } },
    { where: 'mid-epoch in epoch 2 (after step 2 of 5)', at: 7, stoppedAt: { epoch: 1, step: 2 } },
  ])('$where', async ({ at, stoppedAt }) => {
    const full = await run(options);
    await rm(dir, { recursive: true, force: true });
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const first = await run({ ...options, signal: controller.signal }, (l) => abortingAt(l, at, controller));
    expect(first.history.aborted).toBe(true);
    expect(first.history.stoppedAt).toEqual(stoppedAt);
    const resumed = await run({ ...options, resume: true }, undefined, seekable);
    if (seekable) expect(resumed.seekedTo).toEqual(stoppedAt.step > 0 ? [[stoppedAt.epoch, stoppedAt.step]] : []);
    expect(tf.memory().numTensors).toBe(before);
    expect(resumed.history.aborted).toBe(false);
    // Every point (per-step running mean loss and accuracy, test accuracy at epoch ends), exactly.
    expect(resumed.history.points).toEqual(full.points);
    expect(first.points.concat(resumed.points)).toEqual(full.points);
    expect(resumed.history.epochs).toEqual(full.history.epochs);
    expect(resumed.weights).toEqual(full.weights);
  });
});
