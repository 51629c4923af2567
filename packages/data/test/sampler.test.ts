import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, DataLoader, DistributedSampler, RandomSampler, SequentialSampler, type Sampler } from '../src/index.js';

interface GoldenCase {
  n: number;
  numReplicas: number;
  dropLast: boolean;
  numSamples: number;
  shards: number[][];
}
// Made by scripts/make_sampler_goldens.py with torch 1.13's DistributedSampler(shuffle=False).
const goldens = JSON.parse(readFileSync(new URL('./fixtures/sampler-goldens.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] };

describe('DistributedSampler', () => {
  it.each(goldens.cases.map((c) => [`n=${c.n} numReplicas=${c.numReplicas} dropLast=${c.dropLast}`, c] as const))(
    'without shuffle equals torch 1.13 for every rank: %s',
    (_, c) => {
      for (let rank = 0; rank < c.numReplicas; rank++) {
        const s = new DistributedSampler({ length: c.n }, { numReplicas: c.numReplicas, rank, shuffle: false, dropLast: c.dropLast });
        expect(s.length).toBe(c.numSamples);
        expect(s.totalSize).toBe(c.numSamples * c.numReplicas);
        expect([...s.indices(0)]).toEqual(c.shards[rank]);
        expect([...s.indices(3)]).toEqual(c.shards[rank]);
      }
    },
  );

  it('the goldens cover padded and cut cases', () => {
    expect(goldens.cases.some((c) => !c.dropLast && c.n % c.numReplicas !== 0)).toBe(true);
    expect(goldens.cases.some((c) => c.dropLast && c.n % c.numReplicas !== 0)).toBe(true);
    expect(goldens.cases.some((c) => c.numReplicas > c.n && !c.dropLast)).toBe(true);
  });

  const shards = (n: number, R: number, epoch: number, opts: { dropLast?: boolean; seed?: number } = {}) =>
    Array.from({ length: R }, (_, rank) => {
      const s = new DistributedSampler({ length: n }, { numReplicas: R, rank, ...opts });
      s.setEpoch(epoch);
      return [...s.indices()];
    });

  it('with shuffle (the default), the ranks of an epoch partition one permutation, interleaved as torch', () => {
    const n = 23;
    const R = 4;
    const dropped = shards(n, R, 0, { dropLast: true });
    const all = dropped.flat();
    expect(new Set(all).size).toBe(all.length); // disjoint
    expect(all.length).toBe(20);
    // Interleaving: rank r's k-th index is position r + k*R of the same epoch permutation.
    const padded = shards(n, R, 0);
    expect(padded.every((s) => s.length === 6)).toBe(true);
    const perm = Array.from({ length: 24 }, (_, p) => padded[p % R]![Math.floor(p / R)]!);
    expect([...new Set(perm.slice(0, n))].sort((a, b) => a - b)).toEqual([...Array(n).keys()]); // the first n positions are a permutation
    expect(perm.slice(n)).toEqual(perm.slice(0, 24 - n)); // padding repeats its start
    expect(perm.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, p) => dropped[p % R]![Math.floor(p / R)]!));
  });

  it('differs across epochs via setEpoch, is identical across calls and instances, and follows the seed', () => {
    const e0 = shards(50, 3, 0);
    expect(shards(50, 3, 0)).toEqual(e0);
    expect(shards(50, 3, 1)).not.toEqual(e0);
    expect(shards(50, 3, 0, { seed: 1 })).not.toEqual(e0);
    // torch seeds with seed + epoch: (seed 1, epoch 0) is (seed 0, epoch 1).
    expect(shards(50, 3, 0, { seed: 1 })).toEqual(shards(50, 3, 1));
    const s = new DistributedSampler({ length: 50 }, { numReplicas: 3, rank: 0 });
    expect([...s.indices(1)]).toEqual(shards(50, 3, 1)[0]);
    expect(s.epoch).toBe(0);
  });

  it('explains bad arguments', () => {
    expect(() => new DistributedSampler({ length: 10 }, { numReplicas: 2, rank: 2 })).toThrow(RangeError);
    expect(() => new DistributedSampler({ length: 10 }, { numReplicas: 2, rank: 2 })).toThrow(/rank must be an integer in \[0, 1\] \(numReplicas 2\), got 2/);
    expect(() => new DistributedSampler({ length: 10 }, { numReplicas: 0, rank: 0 })).toThrow(/numReplicas/);
    expect(() => new DistributedSampler({ length: 10 }, undefined as never)).toThrow(TypeError);
    expect(() => new DistributedSampler({ length: 10 }, { numReplicas: 2, rank: 0, seed: 0.5 })).toThrow(/seed/);
  });
});

describe('DataLoader with a sampler', () => {
  const img = (v: number) => ({ data: new Uint8Array(3).fill(v), height: 1, width: 1, channels: 3 });
  const ds = new ArrayDataset(
    Array.from({ length: 10 }, (_, i) => img(i)),
    Array.from({ length: 10 }, (_, i) => i),
  );
  const labels = async (loader: DataLoader) => {
    const out: number[][] = [];
    for await (const { x, y } of loader) {
      out.push([...(await y.data())]);
      tf.dispose([x, y]);
    }
    return out;
  };

  it("uses the sampler's indices, and the loader's epoch drives setEpoch", async () => {
    const sampler = new DistributedSampler(ds, { numReplicas: 3, rank: 1, seed: 5 });
    const loader = new DataLoader(ds, { batchSize: 3, sampler });
    expect(loader.length).toBe(2); // 4 indices per rank
    const e0 = await labels(loader);
    expect(sampler.epoch).toBe(0);
    const e1 = await labels(loader);
    expect(sampler.epoch).toBe(1);
    expect(e0.flat()).toEqual([...sampler.indices(0)]);
    expect(e1.flat()).toEqual([...sampler.indices(1)]);
    expect(e1).not.toEqual(e0);
    loader.setEpoch(0);
    expect(await labels(loader)).toEqual(e0);
  });

  it('gives the same batches with 0 and 2 workers', async () => {
    const sampler = new DistributedSampler(ds, { numReplicas: 2, rank: 0 });
    const a = await labels(new DataLoader(ds, { batchSize: 2, sampler }));
    const b = await labels(new DataLoader(ds, { batchSize: 2, sampler, numWorkers: 2 }));
    expect(b).toEqual(a);
  });

  it('rejects sampler with shuffle (as torch) and a sampler outside the dataset', async () => {
    const sampler = new SequentialSampler(10);
    expect(() => new DataLoader(ds, { sampler, shuffle: true })).toThrow(/sampler option is mutually exclusive with shuffle/);
    expect(() => new DataLoader(ds, { sampler: {} as Sampler })).toThrow(TypeError);
    const bad = new DataLoader(ds, { sampler: new SequentialSampler(11) });
    await expect(labels(bad)).rejects.toThrow(/holds index 10, outside the dataset's \[0, 10\)/);
  });

  it('RandomSampler is the shuffle order of the loader; SequentialSampler its default', async () => {
    const shuffled = await labels(new DataLoader(ds, { batchSize: 10, shuffle: true, seed: 3 }));
    expect(shuffled[0]).toEqual([...new RandomSampler(10, { seed: 3 }).indices(0)]);
    expect([...new SequentialSampler(4).indices(0)]).toEqual([0, 1, 2, 3]);
    expect(await labels(new DataLoader(ds, { batchSize: 10, sampler: new RandomSampler(10, { seed: 3 }) }))).toEqual(shuffled);
  });
});
