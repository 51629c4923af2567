// Every public options object of @aug/train rejects an unknown key with a TypeError naming it and the
// nearest valid key (issue 30: `{ checkpointdir }` wrote no checkpoint, `{ optimiser: 'sgd' }` trained with Adam).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describeStrictOptions } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import { evaluateAccuracy, ProgressReporter, Timer, train, trainBatch } from '../src/index.js';
import { OPTION_KEYS, type OptionsTypeName } from '../src/option-keys.js';
import { ArrayLoader, separableData, smallPlainNet } from './helpers.js';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
const loader = (): ArrayLoader => new ArrayLoader(separableData(8, 8, 3, 1), 4);
const stream = { write: () => true, isTTY: false };

/** For each options type, a call that passes `options` where that type is taken. */
const callers: Record<OptionsTypeName, (options: Record<string, unknown>) => Promise<unknown>> = {
  TrainOptions: async (o) => {
    const model = smallPlainNet();
    try {
      return await train(model, loader(), loader(), { epochs: 1, log: () => {}, progress: false, ...o } as never);
    } finally {
      model.dispose();
    }
  },
  TrainBatchOptions: async (o) => {
    const model = smallPlainNet();
    const x = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1], 'int32');
    const optimizer = tf.train.sgd(0.1);
    try {
      return await trainBatch(model, x, y, { optimizer, ...o } as never);
    } finally {
      optimizer.dispose();
      tf.dispose([x, y]);
      model.dispose();
    }
  },
  EvaluateAccuracyOptions: async (o) => {
    const model = smallPlainNet();
    try {
      return await evaluateAccuracy(model, loader(), o as never);
    } finally {
      model.dispose();
    }
  },
  TimerOptions: async (o) => new Timer(o as never),
  ProgressReporterOptions: async (o) => new ProgressReporter(stream, { epochs: 1, batches: 1, ...o } as never),
};

describe('strict options', () => {
  describeStrictOptions(index, OPTION_KEYS, callers, () => tf.memory().numTensors);

  it("train: { checkpointdir } and { optimiser: 'sgd' } throw before training (they used to be dropped)", async () => {
    await expect(callers.TrainOptions({ checkpointdir: '/tmp/x' })).rejects.toThrow(/train: unknown option "checkpointdir" \(did you mean "checkpointDir"\?\)/);
    await expect(callers.TrainOptions({ optimiser: 'sgd' })).rejects.toThrow(/train: unknown option "optimiser" \(did you mean "optimizer"\?\)/);
    await expect(callers.TrainBatchOptions({ micro_batch_size: 2 })).rejects.toThrow(/did you mean "microBatchSize"/);
  });

  it('a valid key passes (the check rejects only unknown keys)', async () => {
    await expect(callers.EvaluateAccuracyOptions({ signal: new AbortController().signal })).resolves.toBeGreaterThanOrEqual(0);
    expect(await callers.TimerOptions({ now: () => 0 })).toBeInstanceOf(Timer);
  });
});
