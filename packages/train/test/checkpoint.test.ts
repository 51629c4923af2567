import { mkdtemp, readdir, readFile, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CheckpointError,
  createOptimizer,
  loadCheckpoint,
  NonFiniteLossError,
  saveCheckpoint,
  train,
  type TrainOptions,
} from '../src/index.js';
import { maxAbsDiff } from '@aug/test-utils';
import { ArrayLoader, separableData, smallBnNet, smallPlainNet, weightValues } from './helpers.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aug-train-ckpt-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quiet = { log: () => {}, progress: false as const };
const loaders = () => ({
  trainLoader: new ArrayLoader(separableData(20, 8, 3, 1), 4, { shuffle: true, seed: 3 }), // 5 batches
  testLoader: new ArrayLoader(separableData(8, 8, 3, 2), 4),
});

async function run(epochs: number, extra: Partial<TrainOptions> = {}) {
  const model = smallBnNet(5);
  const { trainLoader, testLoader } = loaders();
  const history = await train(model, trainLoader, testLoader, { epochs, ...quiet, ...extra });
  const weights = weightValues(model);
  model.dispose();
  return { history, weights };
}

async function snapshot(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true })) {
    const path = join(folder, entry);
    out[entry] = await readFile(path).then((b) => b.toString('base64'), () => '<dir>');
  }
  return out;
}

describe('checkpoints and resume', () => {
  it('resume after an epoch-end checkpoint gives the same weights as an uninterrupted run', async () => {
    const whole = await run(3, { optimizer: 'adam', lr: 1e-2 });
    const first = await run(2, { optimizer: 'adam', lr: 1e-2, checkpointDir: dir });
    expect(first.history.checkpoint).toMatch(/ckpt-/);
    const rest = await run(3, { optimizer: 'adam', lr: 1e-2, checkpointDir: dir, resume: true });
    expect(maxAbsDiff(rest.weights, whole.weights)).toBeLessThan(1e-6);
    expect(maxAbsDiff(first.weights, whole.weights)).toBeGreaterThan(1e-4); // the third epoch did change them
    expect(rest.history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(rest.history.points.map((p) => p.epoch)).toEqual(whole.history.points.map((p) => p.epoch));
    rest.history.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(whole.history.epochs[i]!.trainLoss, 5));
  });

  it('signal abort finishes the step, writes a checkpoint, returns aborted; resume continues exactly', async () => {
    const whole = await run(2, { optimizer: 'adam', lr: 1e-2 });
    const controller = new AbortController();
    const lines: string[] = [];
    const stopped = await run(2, {
      optimizer: 'adam',
      lr: 1e-2,
      checkpointDir: dir,
      signal: controller.signal,
      log: (l) => lines.push(l),
      onUpdate: (p) => {
        if (p.epoch > 1.3) controller.abort(); // during the second epoch, after its 2nd batch
      },
    });
    expect(stopped.history.aborted).toBe(true);
    expect(stopped.history.stoppedAt).toEqual({ epoch: 1, step: 2 });
    expect(lines.join('\n')).toMatch(/stopped at epoch 2, step 2 of 5; checkpoint written to .*ckpt-/);
    const ckpt = await loadCheckpoint<{ epoch: number; step: number }>(dir);
    expect(ckpt?.manifest.state).toMatchObject({ epoch: 1, step: 2 });

    const tensors = tf.memory().numTensors;
    const resumed = await run(2, { optimizer: 'adam', lr: 1e-2, checkpointDir: dir, resume: true });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(resumed.history.aborted).toBe(false);
    expect(maxAbsDiff(resumed.weights, whole.weights)).toBeLessThan(1e-6);
    expect(resumed.history.points.map((p) => p.epoch)).toEqual(whole.history.points.map((p) => p.epoch));
    expect(resumed.history.trainLoss).toBeCloseTo(whole.history.trainLoss, 5);
  });

  it('an already-aborted signal trains nothing and checkpoints the starting point', async () => {
    const model = smallBnNet(5);
    const before = weightValues(model);
    const { trainLoader, testLoader } = loaders();
    const controller = new AbortController();
    controller.abort();
    const tensors = tf.memory().numTensors;
    const history = await train(model, trainLoader, testLoader, { epochs: 1, checkpointDir: dir, signal: controller.signal, ...quiet });
    expect(history).toMatchObject({ aborted: true, stoppedAt: { epoch: 0, step: 0 }, points: [] });
    expect(weightValues(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    expect((await loadCheckpoint<{ step: number }>(dir))?.manifest.state).toMatchObject({ epoch: 0, step: 0 });
    model.dispose();
  });

  it('saves and restores the RNG state given in options', async () => {
    let state = [1, 2, 3, 4];
    const rng = { getState: () => state, setState: (s: readonly number[]) => (state = [...s]) };
    await run(1, { checkpointDir: dir, rng: { ...rng, getState: () => [9, 8, 7, 6] } });
    await run(1, { checkpointDir: dir, resume: true, rng });
    expect(state).toEqual([9, 8, 7, 6]);
  });

  it('refuses a checkpoint from a different model, and one it would overwrite, changing nothing', async () => {
    await run(1, { checkpointDir: dir });
    const before = await snapshot(dir);
    const other = smallPlainNet(1, 8, 3, 2);
    const { trainLoader, testLoader } = loaders();
    const error = await train(other, trainLoader, testLoader, { epochs: 2, checkpointDir: dir, resume: true, ...quiet }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as Error).message).toMatch(/is from a different model: it has 8 weight tensors, the model has 4/);
    other.dispose();

    const wider = smallBnNet(5, 8, 3, 3); // same layers, 3 classes: the dense kernel's shape differs
    const e2 = await train(wider, trainLoader, testLoader, { epochs: 2, checkpointDir: dir, resume: true, ...quiet }).catch(
      (e: unknown) => e,
    );
    expect((e2 as Error).message).toMatch(/weight 4 is .*\[4, 2\] in the checkpoint but .*\[4, 3\] in the model/);
    wider.dispose();

    const sgd = await run(2, { checkpointDir: dir, resume: true, optimizer: 'sgd', lr: 0.1 }).catch((e: unknown) => e);
    expect((sgd as Error).message).toMatch(/written with optimizer Adam, but this run uses SGD/);

    const fresh = await run(1, { checkpointDir: dir }).catch((e: unknown) => e);
    expect(fresh).toBeInstanceOf(CheckpointError);
    expect((fresh as Error).message).toMatch(/already holds a checkpoint .* pass resume: true .* Nothing was overwritten/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a non-finite loss stops with the epoch and step named and keeps the last good checkpoint', async () => {
    const model = smallBnNet(5);
    const trainLoader = new ArrayLoader(separableData(20, 8, 3, 1), 4, {
      map: (x, epoch, step) => (epoch === 1 && step === 3 ? (tf.mul(x, Infinity) as tf.Tensor4D) : x),
    });
    const { testLoader } = loaders();
    const tensors = tf.memory().numTensors;
    const error = await train(model, trainLoader, testLoader, { epochs: 3, checkpointDir: dir, ...quiet }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toMatch(/loss is NaN at epoch 2, step 4: .*last good checkpoint is .*ckpt-/);
    expect(error).toMatchObject({ epoch: 1, step: 3 });
    expect(tf.memory().numTensors).toBe(tensors); // the named optimizer and every batch were disposed
    const ckpt = await loadCheckpoint<{ epoch: number; step: number }>(dir);
    expect(ckpt?.manifest.state).toMatchObject({ epoch: 1, step: 0 });
    model.dispose();
  });

  it('an interrupted checkpoint write never replaces the last good one', async () => {
    const model = smallPlainNet(1);
    const optimizer = createOptimizer('adam');
    const good = await saveCheckpoint(dir, model, optimizer, { epoch: 1 });
    const before = await snapshot(good);
    // A write that fails halfway (after the model weights were encoded).
    const broken = createOptimizer('adam');
    broken.getWeights = () => Promise.reject(new Error('disk full'));
    await expect(saveCheckpoint(dir, model, broken, { epoch: 2 })).rejects.toThrow(/disk full/);
    // A process killed mid-write leaves a temp folder and a temp pointer behind.
    await mkdir(join(dir, 'ckpt-zzz-1.tmp'));
    await writeFile(join(dir, 'ckpt-zzz-1.tmp', 'model.bin'), 'partial');
    await writeFile(join(dir, 'latest.json.zzz.tmp'), '{"checkpoint":"ckpt-zz');
    expect((await loadCheckpoint<{ epoch: number }>(dir))?.path).toBe(good);
    expect((await loadCheckpoint<{ epoch: number }>(dir))?.manifest.state).toEqual({ epoch: 1 });
    expect(await snapshot(good)).toEqual(before);
    // The next good write replaces it and cleans the leftovers.
    const next = await saveCheckpoint(dir, model, optimizer, { epoch: 2 });
    expect((await loadCheckpoint<{ epoch: number }>(dir))?.path).toBe(next);
    expect((await readdir(dir)).sort()).toEqual([next.split('/').pop(), 'latest.json'].sort());
    optimizer.dispose();
    broken.dispose();
    model.dispose();
  });

  it('writes a JSON-lines metrics log, one line per update, trimmed to the checkpoint on resume', async () => {
    const metricsLog = join(dir, 'logs', 'metrics.jsonl');
    const controller = new AbortController();
    await run(2, {
      checkpointDir: join(dir, 'ckpt'),
      metricsLog,
      signal: controller.signal,
      onUpdate: (p) => {
        if (p.epoch === 1) controller.abort(); // abort right after epoch 1's end point
      },
    });
    const first = (await readFile(metricsLog, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; iteration: number; testAcc: number | null });
    expect(first.map((r) => r.epoch)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(first[4]!.testAcc).not.toBeNull();
    expect(first.map((r) => r.iteration)).toEqual([1, 2, 3, 4, 5]);
    // A stray line from after the checkpoint (as a crash would leave) is dropped on resume.
    await writeFile(metricsLog, (await readFile(metricsLog, 'utf8')) + JSON.stringify({ epoch: 1.2, iteration: 6 }) + '\n{"torn');
    const { history } = await run(2, { checkpointDir: join(dir, 'ckpt'), metricsLog, resume: true });
    const all = (await readFile(metricsLog, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { epoch: number });
    expect(all.map((r) => r.epoch)).toEqual(history.points.map((p) => p.epoch));
    expect(all).toHaveLength(10);
  });
});
