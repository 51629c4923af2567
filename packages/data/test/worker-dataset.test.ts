// Datasets that run inside the workers (WorkerDataset: the workers rebuild the dataset from its spec and
// call get themselves) with any sample: the same batches for 0, 1 and 2 workers, every epoch.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  ArrayDataset,
  DataLoader,
  SampleTransformError,
  Subset,
  WorkerError,
  datasetFromSpec,
  disposeBatch,
  isWorkerDataset,
  randomSplit,
  registerDataset,
  type Dataset,
} from '../src/index.js';

const shapesModule = new URL('./helpers/shapes-dataset.mjs', import.meta.url).href;
const { Shapes, Counted } = (await import(shapesModule)) as {
  Shapes: new (length: number, failAt?: number) => Dataset<Record<string, unknown>> & { toWorkerSpec(): { type: string; options: never } };
  Counted: new (length: number) => Dataset<{ i: number; builds: number }> & { toWorkerSpec(): { type: string; options: never } };
};

/** Every batch of every epoch as plain data (tensors read and disposed). */
async function epochs(loader: AsyncIterable<unknown>, count: number): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for (let e = 0; e < count; e++) {
    const batches: unknown[] = [];
    for await (const batch of loader) {
      batches.push(await plain(batch));
      disposeBatch(batch);
    }
    out.push(batches);
  }
  return out;
}

async function plain(value: unknown): Promise<unknown> {
  if (value instanceof tf.Tensor) return { dtype: value.dtype, shape: value.shape, data: Array.from(await value.data()) };
  if (Array.isArray(value)) return Promise.all(value.map(plain));
  if (value instanceof Float32Array) return Array.from(value);
  if (value && typeof value === 'object') return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await plain(v)])));
  return value;
}

describe('WorkerDataset', () => {
  it('the same batches for 0, 1 and 2 workers, every epoch, with an async dataset and non-classification samples', async () => {
    const before = tf.memory().numTensors;
    const ds = new Shapes(21);
    expect(isWorkerDataset(ds)).toBe(true);
    const opts = { batchSize: 4, shuffle: true, seed: 11, workerImports: [shapesModule] };
    const main = await epochs(new DataLoader(ds, { ...opts, numWorkers: 0 }), 2);
    expect(main[0]).toHaveLength(6);
    expect(main[0]).not.toEqual(main[1]); // a new order and new sample rngs each epoch
    const first = main[0]![0] as Record<string, { dtype?: string; shape?: number[] } | unknown[]>;
    expect(Object.keys(first)).toEqual(['image', 'boxes', 'weight', 'id', 'soft', 'name']);
    expect(first.image).toMatchObject({ dtype: 'float32', shape: [4, 4, 4, 3] });
    expect(first.weight).toMatchObject({ dtype: 'float32', shape: [4] });
    expect(first.id).toMatchObject({ dtype: 'int32', shape: [4] });
    expect(first.soft).toMatchObject({ dtype: 'float32', shape: [4, 3] });
    expect(first.boxes).toHaveLength(4);
    expect((first.boxes as { kind: string }[])[0]!.kind).toBe('boundingBoxes');
    expect((first.name as string[]).every((n) => /^shape-\d+$/.test(n))).toBe(true);
    for (const numWorkers of [1, 2]) {
      expect(await epochs(new DataLoader(ds, { ...opts, numWorkers, prefetch: 3 }), 2)).toEqual(main);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a Subset (or randomSplit part) of a WorkerDataset is one, rebuilt in the workers from its spec', async () => {
    const ds = new Shapes(30);
    const sub = new Subset(ds, [29, 3, 17, 8, 8, 0]);
    expect(isWorkerDataset(sub)).toBe(true);
    expect(sub.toWorkerSpec()).toEqual({ type: 'Subset', options: { dataset: ds.toWorkerSpec(), indices: [29, 3, 17, 8, 8, 0] } });
    const [part] = randomSplit(ds, [10, 20], 1);
    for (const d of [sub, part!]) {
      const opts = { batchSize: 4, seed: 2, workerImports: [shapesModule] };
      const main = await epochs(new DataLoader(d, opts), 1);
      expect(await epochs(new DataLoader(d, { ...opts, numWorkers: 2 }), 1)).toEqual(main);
    }
    const img = { data: new Uint8Array(3), height: 1, width: 1, channels: 3 };
    expect(isWorkerDataset(new Subset(new ArrayDataset([img], [0]), [0]))).toBe(false);
    expect(() => new Subset(new ArrayDataset([img], [0]), [0]).toWorkerSpec()).toThrow(/has no toWorkerSpec/);
  });

  it('each worker rebuilds the dataset once (the spec comes once per worker), not per batch', async () => {
    const loader = new DataLoader(new Counted(40), { batchSize: 2, numWorkers: 2, workerImports: [shapesModule], collate: (s) => s });
    const seen: { i: number; builds: number }[] = [];
    for await (const batch of loader) seen.push(...batch);
    expect(seen.map((s) => s.i)).toEqual([...Array(40).keys()]);
    expect(new Set(seen.map((s) => s.builds))).toEqual(new Set([1])); // 20 batches, one build per thread
  });

  it('a collate option runs on the calling thread, with the samples sent back from the workers', async () => {
    const ds = new Shapes(9);
    const collate = (samples: Record<string, unknown>[]) => samples.map((s) => `${String(s.name)}:${(s.weight as number).toFixed(6)}`);
    const opts = { batchSize: 4, seed: 5, collate, workerImports: [shapesModule] };
    const main = await epochs(new DataLoader(ds, opts), 2);
    expect(main[0]!.map((b) => (b as string[]).length)).toEqual([4, 4, 1]);
    expect(await epochs(new DataLoader(ds, { ...opts, numWorkers: 2 }), 2)).toEqual(main);
  });

  it('a failing get in a worker: SampleTransformError naming dataset, index, epoch and the original class, code, message and file', async () => {
    const ds = new Shapes(12, 6);
    const loader = new DataLoader(ds, { batchSize: 4, numWorkers: 2, workerImports: [shapesModule] });
    loader.setEpoch(3);
    const err = (await epochs(loader, 1).catch((e: unknown) => e)) as SampleTransformError;
    expect(SampleTransformError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ index: 6, epoch: 3, dataset: 'Shapes(12 samples)', code: 'TRANSFORM_FAILED' });
    expect(err.message).toMatch(/sample 6 of Shapes\(12 samples\) \(epoch 3\).*CorruptShapeError \[SHAPE_CORRUPT\]: shape file \/data\/shapes\/6\.bin is corrupt/);
    // Not one of @aug/data's classes: rebuilt as an Error with the same name, code and fields.
    expect(err.cause).toMatchObject({ name: 'CorruptShapeError', code: 'SHAPE_CORRUPT', file: '/data/shapes/6.bin', message: 'shape file /data/shapes/6.bin is corrupt' });
    // On the calling thread the cause is the original error itself.
    const inline = (await epochs(new DataLoader(ds, { batchSize: 4 }), 1).catch((e: unknown) => e)) as SampleTransformError;
    expect(inline.message).toMatch(/sample 6 of Shapes.*CorruptShapeError \[SHAPE_CORRUPT\]/);
    expect((inline.cause as Error).constructor.name).toBe('CorruptShapeError');
  });

  it('a dataset no worker can rebuild is a WorkerError naming the type and the fix', async () => {
    const ds = new Shapes(4);
    const loader = new DataLoader(ds, { batchSize: 2, numWorkers: 1 }); // no workerImports: 'Shapes' is unknown there
    const err = await epochs(loader, 1).catch((e: unknown) => e);
    expect(WorkerError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/could not rebuild the dataset from its spec: .*unknown dataset type "Shapes".*registerDataset/);
  });

  it('datasetFromSpec: the registry first, then the built-ins; Subset specs nest', () => {
    const made: unknown[] = [];
    registerDataset('Echo', (o) => {
      made.push(o);
      return { length: 1, get: () => o };
    });
    const d = datasetFromSpec({ type: 'Subset', options: { dataset: { type: 'Echo', options: { a: 1 } }, indices: [0, 0] } });
    expect(d.length).toBe(2);
    expect(made).toEqual([{ a: 1 }]);
    expect(() => datasetFromSpec({ type: 'Nope', options: null })).toThrow(/unknown dataset type "Nope" \(known: .*Echo.*Subset.*\)/);
    expect(() => registerDataset('', () => d)).toThrow(TypeError);
  });
});
