// The sample path's own pieces: pytree flatten/unflatten, querySize, the replayed draws, and the mask-plane
// fast paths against the image kernels they stand in for.
import { describe, expect, it } from 'vitest';
import { hflip, pad, vflip } from '../src/functional.js';
import type { Image } from '../src/index.js';
import { boundingBoxes, createRng, mask } from '../src/index.js';
import { cropInto, hflipInto, hflipPlane, vflipInto, vflipPlane, zeroPadInto, zeroPadPlane } from '../src/sample/mask-kernels.js';
import type { PlaneInto } from '../src/sample/mask-kernels.js';
import { crop } from '../src/functional.js';
import { querySize } from '../src/sample/query-size.js';
import { recordingRng, replayRng } from '../src/sample/replay-rng.js';
import { flattenSample, isSampleInput } from '../src/sample/sample-tree.js';

const plane = (h: number, w: number): Image => ({ data: Uint8Array.from({ length: h * w }, (_, i) => (i * 31) % 7), height: h, width: w, channels: 1 });

describe('mask-plane fast paths equal the image kernels', () => {
  for (const [h, w] of [[1, 1], [3, 5], [17, 9]] as const) {
    it(`${h}x${w}`, () => {
      const m = plane(h, w);
      expect(hflipPlane(m)).toEqual(hflip(m));
      expect(vflipPlane(m)).toEqual(vflip(m));
      expect(zeroPadPlane(m, [2, 0, 3, 4])).toEqual(pad(m, [2, 0, 3, 4], { fill: 0 }));
      const into = (f: PlaneInto, oh: number, ow: number) => {
        const out = new Uint8Array(oh * ow + 5);
        f(m.data as Uint8Array, h, w, out, 5);
        return { data: out.slice(5), height: oh, width: ow, channels: 1 };
      };
      expect(into(hflipInto, h, w)).toEqual(hflip(m));
      expect(into(vflipInto, h, w)).toEqual(vflip(m));
      expect(into(zeroPadInto([2, 0, 3, 4]), h + 4, w + 5)).toEqual(pad(m, [2, 0, 3, 4], { fill: 0 }));
      expect(into(cropInto(-1, 2, h, w + 1), h, w + 1)).toEqual(crop(m, -1, 2, h, w + 1));
      expect(into(cropInto(1, -3, 2, 2), 2, 2)).toEqual(crop(m, 1, -3, 2, 2));
    });
  }
});

describe('flattenSample / unflatten', () => {
  it('walks plain objects and arrays in key order, keeps other values whole, rebuilds only what changed', () => {
    const img = plane(2, 2);
    const boxes = boundingBoxes([0, 0, 1, 1], { format: 'xyxy', canvasSize: [2, 2] });
    const labels = [1];
    const date = new Date(0);
    const sample = { img, t: { boxes, labels, meta: { date, id: 'a' } }, list: [img, 3] };
    const flat = flattenSample(sample);
    expect(flat.leaves.map((l) => [l.path, l.kind])).toEqual([
      ['sample.img', 'image'], ['sample.t.boxes', 'boundingBoxes'], ['sample.t.labels[0]', 'other'], ['sample.t.meta.date', 'other'],
      ['sample.t.meta.id', 'other'], ['sample.list[0]', 'image'], ['sample.list[1]', 'other'],
    ]);
    expect(flat.unflatten(flat.leaves.map((l) => l.value))).toBe(sample);
    const other = plane(2, 2);
    const out = flat.unflatten(flat.leaves.map((l) => (l.kind === 'image' ? other : l.value))) as typeof sample;
    expect(out).not.toBe(sample);
    expect(out.img).toBe(other);
    expect(out.t).toBe(sample.t); // nothing inside changed: the same object
    expect(out.list).toEqual([other, 3]);
    expect(flattenSample(sample, new Set([labels])).leaves[2]!.value).toBe(labels);
  });

  it('refuses cycles and tells samples from images', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => flattenSample(a)).toThrow(/sample\.self is cyclic/);
    expect(isSampleInput(plane(1, 1))).toBe(false);
    expect(isSampleInput({ image: plane(1, 1) })).toBe(true);
    expect(isSampleInput(mask(new Uint8Array(1), 1, 1))).toBe(true);
    expect(isSampleInput(new Date())).toBe(false);
  });
});

describe('querySize', () => {
  it('takes the first image, else boxes, else a mask; disagreements name both entries', () => {
    const m = mask(new Uint8Array(6), 2, 3);
    const b = boundingBoxes([], { format: 'xyxy', canvasSize: [2, 3] });
    expect(querySize(flattenSample({ m, b }).leaves, 'T')).toEqual([2, 3]);
    expect(() => querySize(flattenSample({ m, img: plane(3, 2) }).leaves, 'T')).toThrow(/T: .*sample\.img is \[3, 2\] but sample\.m is \[2, 3\]/);
    expect(() => querySize(flattenSample({ id: 1 }).leaves, 'T')).toThrow(TypeError);
  });
});

describe('replayed draws', () => {
  it('replay the recorded values, then continue from the source', () => {
    const src = createRng(1);
    const rec = recordingRng(src);
    const a = [rec.next(), rec.next()];
    const again = replayRng(rec.values, src);
    const ref = createRng(1);
    ref.next();
    ref.next();
    expect([again.next(), again.next(), again.next()]).toEqual([a[0], a[1], ref.next()]);
  });
});
