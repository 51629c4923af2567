// loader.toTfDataset() is what tfjs-layers' model.fitDataset takes: { xs, ys } elements (ys float32:
// tfjs's sparseCategoricalCrossentropy floors its labels and wants float32), size = batches
// per epoch, one loader epoch per iterator(); fitDataset disposes each element's tensors.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRng } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DataLoader } from '../src/index.js';

const rng = createRng('tf-dataset');
const images = Array.from({ length: 20 }, () => ({ data: Uint8Array.from({ length: 4 * 4 * 3 }, () => Math.floor(rng.next() * 256)), height: 4, width: 4, channels: 3 }));
const ds = new ArrayDataset(
  images,
  images.map((_, i) => i % 3),
);

function tinyModel(loss: string): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [4, 4, 3] }), tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })],
  });
  model.compile({ optimizer: 'sgd', loss }); // a named optimizer is owned, so model.dispose() disposes it
  return model;
}

describe('DataLoader.toTfDataset', () => {
  it('model.fitDataset trains on it (sparse labels), with no leaked tensors once the model is disposed', async () => {
    const before = tf.memory().numTensors;
    const loader = new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 1 });
    const data = loader.toTfDataset();
    expect(data.size).toBe(3);
    const model = tinyModel('sparseCategoricalCrossentropy');
    const history = await model.fitDataset(data, { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(history.history.loss.every((l) => Number.isFinite(l as number) && (l as number) > 0)).toBe(true);
    // fitDataset's extra iterator() before the first epoch costs no loader epoch: two epochs, two loader epochs.
    expect(loader.epoch).toBe(2);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('oneHot gives float32 one-hot ys for categoricalCrossentropy; iterating yourself, you dispose xs and ys', async () => {
    const before = tf.memory().numTensors;
    const loader = new DataLoader(ds, { batchSize: 8 });
    const model = tinyModel('categoricalCrossentropy');
    const history = await model.fitDataset(loader.toTfDataset({ oneHot: 3 }), { epochs: 1, verbose: 0 });
    expect(history.history.loss).toHaveLength(1);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const sparse = await loader.toTfDataset().iterator();
    const s0 = await sparse.next();
    expect(s0.value!.ys.dtype).toBe('float32');
    expect(await s0.value!.ys.array()).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    tf.dispose([s0.value!.xs, s0.value!.ys]);
    const it = await loader.toTfDataset({ oneHot: 3 }).iterator(); // closes nothing: each toTfDataset() is its own
    const first = await it.next();
    expect(first.done).toBe(false);
    const { xs, ys } = first.value!;
    expect(xs.shape).toEqual([8, 4, 4, 3]);
    expect(ys.dtype).toBe('float32');
    expect(await ys.array()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    tf.dispose([xs, ys]);
    let rest = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      tf.dispose([r.value.xs, r.value.ys]);
      rest++;
    }
    expect(rest).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => loader.toTfDataset({ oneHot: 0 })).toThrow(/oneHot/);
    // A loader of other batches: a TypeError at the first element, its tensors disposed.
    const other = new DataLoader({ length: 2, get: (i: number) => ({ v: i }) });
    const bad = await (other as unknown as DataLoader).toTfDataset().iterator();
    await expect(bad.next()).rejects.toThrow(/must yield classification batches \{ x, y \}/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('with workers too; an unfinished iterator is closed by the next iterator()', async () => {
    const before = tf.memory().numTensors;
    const loader = new DataLoader(ds, { batchSize: 4, numWorkers: 2 });
    const data = loader.toTfDataset();
    const a = await data.iterator();
    const r = await a.next();
    tf.dispose([r.value!.xs, r.value!.ys]);
    const b = await data.iterator(); // closes a's epoch (its worker pool) first
    let n = 0;
    for (let s = await b.next(); !s.done; s = await b.next()) {
      tf.dispose([s.value.xs, s.value.ys]);
      n++;
    }
    expect(n).toBe(5);
    expect(tf.memory().numTensors).toBe(before);
  });
});
