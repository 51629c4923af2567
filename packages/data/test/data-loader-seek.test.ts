// DataLoader.seek(epoch, batch): a resumed run starts an epoch at a batch without loading the earlier ones,
// and gets exactly the batches a whole pass yields from there (same order, same per-sample rngs), with 0
// and 2 workers (issue 30 item 2).
import * as tf from '@tensorflow/tfjs-core';
import { Compose, RandomHorizontalFlip, RandomResizedCrop, ToTensor, type Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DataLoader, type Batch } from '../src/index.js';

const pic = (i: number): Image => {
  const data = new Uint8Array(8 * 8 * 3);
  for (let k = 0; k < data.length; k++) data[k] = (i * 37 + k * 11) % 256;
  return { data, height: 8, width: 8, channels: 3 };
};
const transform = new Compose([new RandomHorizontalFlip(), new RandomResizedCrop([8, 8], { scale: [0.3, 1] }), new ToTensor()]);

async function collect(loader: AsyncIterable<Batch>): Promise<{ x: number[]; y: number[] }[]> {
  const out = [];
  for await (const { x, y } of loader) {
    out.push({ x: Array.from(await x.data()), y: Array.from(await y.data()) });
    tf.dispose([x, y]);
  }
  return out;
}

describe.each([0, 2])('DataLoader.seek with %i workers', (numWorkers) => {
  it('yields the rest of epoch e from batch b exactly as a whole pass does, loading only those samples; the next pass is whole', async () => {
    const ds = new ArrayDataset(Array.from({ length: 21 }, (_, i) => pic(i)), Array.from({ length: 21 }, (_, i) => i % 10), { transform });
    const opts = { batchSize: 4, shuffle: true, seed: 5, numWorkers };
    const whole = new DataLoader(ds, opts);
    whole.setEpoch(2);
    const epoch2 = await collect(whole); // 6 batches (4, 4, 4, 4, 4, 1)
    const loaded: number[] = [];
    const seeking = new DataLoader(ds, opts);
    const get = ds.getUntransformed.bind(ds);
    ds.getUntransformed = (i: number) => {
      loaded.push(i);
      return get(i);
    };
    const before = tf.memory().numTensors;
    seeking.seek(2, 4);
    const rest = await collect(seeking);
    expect(rest).toEqual(epoch2.slice(4));
    expect(seeking.epoch).toBe(3);
    if (numWorkers > 0) expect(loaded).toHaveLength(5); // only the samples of batches 4 and 5 were read
    seeking.setEpoch(2);
    expect(await collect(seeking)).toEqual(epoch2); // a later pass starts at batch 0 again
    seeking.seek(2, seeking.length);
    expect(await collect(seeking)).toEqual([]); // resumed right after the last step: nothing left
    expect(tf.memory().numTensors).toBe(before);
    ds.getUntransformed = get;
  });
});

describe('DataLoader.seek arguments', () => {
  it('a batch outside 0..length is a RangeError naming it', () => {
    const ds = new ArrayDataset([pic(0), pic(1)], [0, 1]);
    const loader = new DataLoader(ds, { batchSize: 1 });
    expect(() => loader.seek(0, 3)).toThrow(RangeError);
    expect(() => loader.seek(0, 3)).toThrow(/batch/);
    expect(() => loader.seek(-1, 0)).toThrow(/epoch/);
  });
});
