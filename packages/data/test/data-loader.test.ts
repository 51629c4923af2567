import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ColorJitter,
  Compose,
  RandomHorizontalFlip,
  RandomResizedCrop,
  ToTensor,
  createRng,
  type Image,
  type Rng,
  type Transform,
} from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DataLoader, Subset, WorkerError, type Batch, type Dataset } from '../src/index.js';
import { tempDir } from '@aug/test-utils';

const img = (v: number, h = 4, w = 4): Image => ({ data: new Uint8Array(h * w * 3).fill(v), height: h, width: w, channels: 3 });
const small = new ArrayDataset(Array.from({ length: 10 }, (_, i) => img(i * 20)), Array.from({ length: 10 }, (_, i) => i));

async function collect(loader: AsyncIterable<Batch>): Promise<{ x: Float32Array; y: Int32Array; shape: number[] }[]> {
  const out = [];
  for await (const { x, y } of loader) {
    out.push({ x: (await x.data()) as Float32Array, y: (await y.data()) as Int32Array, shape: x.shape });
    tf.dispose([x, y]);
  }
  return out;
}

/** Per-pixel random brightness from the sample rng: output depends on (seed, epoch, index) only. */
class RandomScale implements Transform {
  apply(im: Image, rng?: Rng): Image {
    const s = (rng ?? createRng(0)).next();
    const src = im.data;
    const data = new Float32Array(src.length);
    for (let i = 0; i < src.length; i++) data[i] = (src instanceof Uint8Array ? src[i]! / 255 : src[i]!) * s;
    return { ...im, data };
  }
  toJSON() {
    return { type: 'RandomScale' };
  }
}

describe('DataLoader', () => {
  it('yields NHWC float32 x and int32 y, with a last partial batch', async () => {
    const before = tf.memory().numTensors;
    const loader = new DataLoader(small, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = await collect(loader);
    expect(batches.map((b) => b.shape)).toEqual([[4, 4, 4, 3], [4, 4, 4, 3], [2, 4, 4, 3]]);
    expect([...batches[2]!.y]).toEqual([8, 9]);
    // uint8 pixels are scaled to [0, 1] as ToTensor does.
    expect(batches[1]!.x[0]).toBeCloseTo(80 / 255, 7);
    expect(Math.fround(80 / 255)).toBe(batches[1]!.x[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('dropLast drops the partial batch', async () => {
    const loader = new DataLoader(small, { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect((await collect(loader)).map((b) => b.shape[0])).toEqual([4, 4]);
  });

  it('dtypes are float32 and int32', async () => {
    const it = new DataLoader(small, { batchSize: 3 })[Symbol.asyncIterator]();
    const { value } = await it.next();
    expect(value!.x.dtype).toBe('float32');
    expect(value!.y.dtype).toBe('int32');
    tf.dispose([value!.x, value!.y]);
    await it.return!();
  });

  it('shuffles deterministically per seed, changes order each epoch, and setEpoch replays an epoch', async () => {
    const order = async (l: DataLoader) => (await collect(l)).flatMap((b) => [...b.y]);
    const a = new DataLoader(small, { batchSize: 3, shuffle: true, seed: 7 });
    const b = new DataLoader(small, { batchSize: 3, shuffle: true, seed: 7 });
    const a0 = await order(a);
    expect(a.epoch).toBe(1);
    const a1 = await order(a);
    expect(await order(b)).toEqual(a0);
    expect(a1).not.toEqual(a0);
    expect([...a0].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a0).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    a.setEpoch(1);
    expect(await order(a)).toEqual(a1);
    expect(await order(new DataLoader(small, { batchSize: 3, shuffle: true, seed: 8 }))).not.toEqual(a0);
    expect(await order(new DataLoader(small, { batchSize: 3 }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives each sample the rng of (seed, epoch, index)', async () => {
    const ds = new ArrayDataset(Array.from({ length: 6 }, () => img(255, 1, 1)), [0, 1, 2, 3, 4, 5], { transform: new RandomScale() });
    const byIndex = async (l: DataLoader) => {
      const m = new Map<number, number>();
      for (const b of await collect(l)) b.y.forEach((label, k) => m.set(label, b.x[k * 3]!));
      return m;
    };
    const plain = await byIndex(new DataLoader(ds, { batchSize: 4, seed: 1 }));
    const shuffled = await byIndex(new DataLoader(ds, { batchSize: 2, shuffle: true, seed: 1 }));
    expect(shuffled).toEqual(plain);
    const next = new DataLoader(ds, { batchSize: 4, seed: 1 });
    next.setEpoch(1);
    expect(await byIndex(next)).not.toEqual(plain);
  });

  it('produces identical batches for numWorkers 0 and 2 (on worker threads), for the seed and d2l pipelines', async () => {
    const rng = createRng('pixels');
    const pics = Array.from({ length: 40 }, () => ({ data: Uint8Array.from({ length: 32 * 32 * 3 }, () => Math.floor(rng.next() * 256)), height: 32, width: 32, channels: 3 }));
    const picLabels = pics.map((_, i) => i % 10);
    const before = tf.memory().numTensors;
    const pipelines = [
      new Compose([new RandomHorizontalFlip(), new ToTensor()]),
      new Compose([
        new RandomHorizontalFlip(),
        new RandomResizedCrop([32, 32], { scale: [0.1, 1], ratio: [0.5, 2] }),
        new ColorJitter({ brightness: 0.5, contrast: 0.5, saturation: 0.5, hue: 0.5 }),
        new ToTensor(),
      ]),
    ];
    const piscina = (await import('piscina')).default as unknown as { prototype: { run: (...a: unknown[]) => Promise<unknown> } };
    const original = piscina.prototype.run;
    let calls = 0;
    piscina.prototype.run = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
    try {
      for (const transform of pipelines) {
        const train = new ArrayDataset(pics, picLabels, { transform });
        const sub = new Subset(train, [...Array(35).keys()].reverse());
        const opts = { batchSize: 8, shuffle: true, seed: 3 };
        const main = await collect(new DataLoader(sub, { ...opts, numWorkers: 0 }));
        calls = 0;
        const workers = await collect(new DataLoader(sub, { ...opts, numWorkers: 2, prefetch: 3 }));
        expect(calls).toBe(5); // every batch went through the thread pool
        expect(workers.length).toBe(5);
        workers.forEach((b, i) => {
          expect(b.shape).toEqual(main[i]!.shape);
          expect([...b.y]).toEqual([...main[i]!.y]);
          expect(b.x).toEqual(main[i]!.x);
        });
        // The transform really ran: the same order without a transform gives other pixels.
        const untransformed = new Subset(new ArrayDataset(pics, picLabels), [...Array(35).keys()].reverse());
        const plain = await collect(new DataLoader(untransformed, opts));
        expect(plain.map((b) => [...b.y])).toEqual(main.map((b) => [...b.y]));
        expect(plain.some((b, i) => b.x.some((v, j) => v !== main[i]!.x[j]))).toBe(true);
      }
    } finally {
      piscina.prototype.run = original;
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs your own transform in workers through workerImports', async () => {
    const dir = tempDir();
    const transformsUrl = new URL('../../transforms/dist/index.js', import.meta.url).href;
    const mod = join(dir, 'register.mjs');
    writeFileSync(
      mod,
      `import { registerTransform, createRng } from '${transformsUrl}';
class RandomScale {
  apply(im, rng) { const s = (rng ?? createRng(0)).next(); return { ...im, data: Float32Array.from(im.data, (v) => (im.data instanceof Uint8Array ? v / 255 : v) * s) }; }
  toJSON() { return { type: 'RandomScale' }; }
}
registerTransform('RandomScale', () => new RandomScale());
`,
    );
    const ds = new ArrayDataset(Array.from({ length: 6 }, (_, i) => img(i * 40, 2, 2)), [0, 1, 2, 3, 4, 5], { transform: new RandomScale() });
    const main = await collect(new DataLoader(ds, { batchSize: 4, seed: 9 }));
    const workers = await collect(new DataLoader(ds, { batchSize: 4, seed: 9, numWorkers: 2, workerImports: [mod] }));
    expect(workers.map((b) => b.x)).toEqual(main.map((b) => b.x));
    const badImport = new DataLoader(ds, { batchSize: 4, numWorkers: 1, workerImports: [join(dir, 'no-such-module.mjs')] });
    const err = await collect(badImport).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect(err).toMatchObject({ code: 'WORKER_FAILED', message: expect.stringMatching(/a worker thread failed: .*could not import workerImports entry .*no-such-module\.mjs/) });
    const missing = new DataLoader(ds, { batchSize: 4, numWorkers: 1 });
    await expect(collect(missing)).rejects.toThrow(/Unknown transform type "RandomScale"|Unknown transform type 'RandomScale'|RandomScale/);
  });

  it('releases workers and tensors when the loop breaks early', async () => {
    const before = tf.memory().numTensors;
    for (const numWorkers of [0, 2]) {
      const loader = new DataLoader(small, { batchSize: 2, numWorkers });
      let seen = 0;
      for await (const { x, y } of loader) {
        tf.dispose([x, y]);
        if (++seen === 2) break;
      }
      expect(seen).toBe(2);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('explains bad options and datasets', () => {
    const custom: Dataset = { length: 2, get: () => ({ image: img(0), label: 0 }) };
    expect(() => new DataLoader(custom, { numWorkers: 2 })).toThrow(/numWorkers > 0 needs a dataset the worker threads can load: a WorkerDataset .* or a TransformedDataset/);
    expect(() => new DataLoader(small, { batchSize: 0 })).toThrow(/DataLoader: batchSize must be a positive integer, got 0/);
    expect(() => new DataLoader(small, { numWorkers: -1 })).toThrow(/numWorkers must be an integer in \[0, 64\], got -1/);
    expect(() => new DataLoader(small).setEpoch(1.5)).toThrow(/epoch must be an integer >= 0, got 1.5/);
  });

  it('names the sample whose shape differs from the batch', async () => {
    const mixed = new ArrayDataset([img(0), img(0, 5, 4)], [0, 1]);
    await expect(collect(new DataLoader(mixed, { batchSize: 2 }))).rejects.toThrow(/dataset sample 1 has shape 5x4x3 .* first sample has 4x4x3/);
  });
});
