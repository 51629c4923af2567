import type { Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { ArrayDataset, Subset, randomSplit } from '../src/index.js';

describe('Subset, randomSplit, ArrayDataset', () => {
  const img = (v: number): Image => ({ data: new Uint8Array(12).fill(v), height: 2, width: 2, channels: 3 });
  const ds = new ArrayDataset(Array.from({ length: 10 }, (_, i) => img(i)), Array.from({ length: 10 }, (_, i) => i % 4));

  it('ArrayDataset returns its images and labels, and validates input', () => {
    expect(ds.length).toBe(10);
    expect(ds.get(7).label).toBe(3);
    expect(ds.get(7).image.data[0]).toBe(7);
    expect(() => new ArrayDataset([img(0)], [1, 2])).toThrow(/1 images but 2 labels/);
    expect(() => new ArrayDataset([{ ...img(0), height: 3 }], [1])).toThrow(RangeError);
    expect(() => new ArrayDataset([{ ...img(0), height: 3 }], [1])).toThrow(/ArrayDataset: images\[0\]\.data has length 12, expected height\*width\*channels = 3\*2\*3 = 18/);
    expect(() => new ArrayDataset([{ ...img(0), data: [1, 2] } as unknown as Image], [1])).toThrow(TypeError);
    expect(() => new ArrayDataset([img(0)], [1.5])).toThrow(/labels\[0\] must be an integer, got 1.5/);
  });

  it('Subset maps indices', () => {
    const sub = new Subset(ds, [9, 2]);
    expect(sub.length).toBe(2);
    expect(sub.get(0).image.data[0]).toBe(9);
    expect(() => new Subset(ds, [10])).toThrow(/indices\[0\] must be an integer in \[0, 10\), got 10/);
  });

  it('randomSplit partitions deterministically by seed, with counts or fractions', () => {
    const [a, b] = randomSplit(ds, [7, 3], 42);
    const all = [...a!.indices, ...b!.indices].sort((x, y) => x - y);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...randomSplit(ds, [7, 3], 42)[0]!.indices]).toEqual([...a!.indices]);
    expect([...randomSplit(ds, [7, 3], 43)[0]!.indices]).not.toEqual([...a!.indices]);
    expect(randomSplit(ds, [0.55, 0.45], 0).map((s) => s.length)).toEqual([6, 4]);
    expect(() => randomSplit(ds, [5, 4], 0)).toThrow(/sum to 9 but the dataset has 10/);
  });
});
