// Resume is bit-exact with the example's own pieces: CIFAR-10's layout read by the DataLoader (shuffled,
// RandomHorizontalFlip drawn per sample from (seed, epoch, index)), with 0 and 2 worker threads, d2l's
// ResNet-18 (BatchNorm) and Adam, microBatchSize 'auto' with a finite budget as on wasm/onnxruntime. A run
// stopped mid-epoch or at an epoch boundary and resumed gives every step's point, the epoch summaries and the
// final weights of an uninterrupted run exactly (issue 30 item 2: the first step after a mid-epoch resume
// used to differ, loss 2.34763 vs 2.348609).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DataLoader } from '@aug/cifar10';
import { initWeights, resnet18 } from '@aug/models';
import { train, type BatchSource, type UpdatePoint } from '@aug/train';
import { useBackend } from '@aug/train/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAugs, trainAugs } from '../src/augs.js';
import { locateData, openDatasets } from '../src/data.js';
import { writeTinyCifar } from './fixtures.js';

let dataRoot: string;
let tmp: string;
beforeAll(async () => {
  await useBackend('cpu', { log: () => {} });
  dataRoot = writeTinyCifar(8, 8); // 40 training images: 5 batches of 8
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-exact-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Aborts (from the event loop, as the signal handler does) when batch `at` (1-based, counted across epochs) is yielded. */
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

async function run(dir: string, workers: number, extra: { resume?: boolean; abortAt?: number }) {
  const source = await locateData(dataRoot, () => {});
  const sets = await openDatasets(source, { train: trainAugs('flip'), test: testAugs() });
  const loader = new DataLoader(sets.train, { batchSize: 8, shuffle: true, seed: 3, numWorkers: workers });
  const testLoader = new DataLoader(sets.test, { batchSize: 8 });
  const model = resnet18({ numClasses: 10, width: 2 });
  initWeights(model, { init: 'xavierUniform', seed: 3 });
  const points: UpdatePoint[] = [];
  const controller = new AbortController();
  try {
    const history = await train(model, extra.abortAt ? abortingAt(loader, extra.abortAt, controller) : loader, testLoader, {
      epochs: 2,
      checkpointDir: dir,
      resume: extra.resume,
      signal: controller.signal,
      microBatchSize: 'auto',
      memoryBudgetBytes: 1e12,
      onUpdate: (p) => points.push(p),
      log: () => {},
      progress: false,
    });
    return { history, points, weights: model.weights.map((w) => Array.from(w.read().dataSync())) };
  } finally {
    model.dispose();
  }
}

describe.each([0, 2])('resume is bit-exact with the DataLoader, %i workers', { timeout: 120_000 }, (workers) => {
  let full: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    full = await run(path.join(tmp, `full-${workers}`), workers, {});
  });

  it.each([
    { where: 'mid-epoch (after step 2 of 5)', at: 2, stoppedAt: { epoch: 0, step: 2 } },
    { where: 'at the epoch boundary (after step 5 of 5)', at: 5, stoppedAt: { epoch: 0, step: 5 } },
  ])('$where', async ({ at, stoppedAt }) => {
    const dir = path.join(tmp, `cut-${workers}-${at}`);
    const before = tf.memory().numTensors;
    const first = await run(dir, workers, { abortAt: at });
    expect(first.history.stoppedAt).toEqual(stoppedAt);
    const resumed = await run(dir, workers, { resume: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(resumed.history.points).toEqual(full.points);
    expect(resumed.history.epochs).toEqual(full.history.epochs);
    expect(resumed.weights).toEqual(full.weights);
  });
});
