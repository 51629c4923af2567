// ImageFolder through a DataLoader with worker threads (needs the package built: the workers run dist/worker.js).
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { createRng, RandomHorizontalFlip } from '@aug/transforms';
import { describe, expect, it, vi } from 'vitest';
import { DataLoader } from '../src/data-loader.js';
import { Subset } from '../src/dataset.js';
import { ImageFolder } from '../src/datasets/image-folder.js';

const ROOT = fileURLToPath(new URL('./fixtures/image-folder', import.meta.url));

describe('ImageFolder with DataLoader worker threads', () => {
  async function collect(loader: AsyncIterable<{ x: tf.Tensor; y: tf.Tensor }>): Promise<{ x: number[]; y: number[]; shape: number[] }[]> {
    const out = [];
    for await (const { x, y } of loader) {
      out.push({ x: [...(await x.data())], y: [...(await y.data())], shape: x.shape });
      tf.dispose([x, y]);
    }
    return out;
  }

  it('workers read, decode and transform: the batches equal numWorkers 0 and the main thread reads no file', async () => {
    const folder = new ImageFolder(ROOT, { transform: new RandomHorizontalFlip(0.5) });
    const options = { batchSize: 5, shuffle: true, seed: 11 };
    const serial = await collect(new DataLoader(folder, options));
    expect(serial.map((b) => b.shape)).toEqual([[5, 32, 32, 3], [5, 32, 32, 3], [2, 32, 32, 3]]);
    const before = tf.memory().numTensors;
    const get = vi.spyOn(ImageFolder.prototype, 'get');
    try {
      for (const numWorkers of [1, 2]) {
        const parallel = await collect(new DataLoader(folder, { ...options, numWorkers }));
        expect(parallel).toEqual(serial);
      }
      expect(get).not.toHaveBeenCalled(); // the workers call get on their own copies
      await folder.get(0, createRng(0));
      expect(get).toHaveBeenCalledTimes(1); // (the spy does see calls on this thread)
    } finally {
      get.mockRestore();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a Subset of an ImageFolder goes to the workers too', async () => {
    const sub = new Subset(new ImageFolder(ROOT, { transform: new RandomHorizontalFlip(0.5) }), [3, 1, 7, 10]);
    const options = { batchSize: 3, seed: 2 };
    const serial = await collect(new DataLoader(sub, options));
    expect(serial.map((b) => b.y)).toEqual([[0, 0, 1], [2]]);
    expect(await collect(new DataLoader(sub, { ...options, numWorkers: 2 }))).toEqual(serial);
  });
});
