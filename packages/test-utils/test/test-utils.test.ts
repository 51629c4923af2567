import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  CLASSES, TRAIN, archiveBytes, batchBytes, checkKernel, label, learnablePixel, makeLayout, maxAbs, maxAbsDiff, pixel, recorder,
  removeTempDirs, tempDir, writeTinyCifar,
} from '../src/index.js';
import type { ImageLike } from '../src/index.js';

describe('setup', () => {
  it('runs on the cpu backend', () => {
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('maxAbsDiff', () => {
  it('compares arrays, tensors and lists of arrays', () => {
    expect(maxAbsDiff([1, 2, 3], new Float32Array([1, 2.5, 2]))).toBe(1);
    const t = tf.tensor1d([1, 2]);
    expect(maxAbsDiff(t, [1, 1.75])).toBe(0.25);
    t.dispose();
    expect(maxAbsDiff([new Float32Array([1]), new Float32Array([2, 3])], [[1], [2, 5]])).toBe(2);
    expect(maxAbsDiff([], [])).toBe(0);
  });

  it('throws on different lengths and gives Infinity for NaN', () => {
    expect(() => maxAbsDiff([1], [1, 2])).toThrow(/lengths differ: 1 vs 2/);
    expect(maxAbsDiff([1, Number.NaN], [1, 2])).toBe(Infinity);
    expect(maxAbs([-3, 2])).toBe(3);
    expect(maxAbs([0, Number.NaN])).toBe(Infinity);
  });
});

describe('recorder', () => {
  it('keeps what was written', () => {
    const out = recorder(true, 100);
    out.write('a');
    out.write('b');
    expect(out).toMatchObject({ isTTY: true, columns: 100, text: 'ab', writes: ['a', 'b'] });
    expect(recorder(false).columns).toBe(80);
  });
});

describe('tiny CIFAR-10', () => {
  it('writes the binary layout with known labels and pixels', () => {
    const root = writeTinyCifar(2, 3);
    const dir = join(root, 'cifar-10-batches-bin');
    for (const f of [...TRAIN, 'test_batch.bin']) expect(existsSync(join(dir, f))).toBe(true);
    const b2 = readFileSync(join(dir, 'data_batch_2.bin'));
    expect(b2.length).toBe(2 * 3073);
    // Record 1 of file 2 is global image 3.
    expect(b2[3073]).toBe(label(3));
    expect(b2[3073 + 1 + 1024 + 5 * 32 + 7]).toBe(pixel(3, 1, 5, 7));
    expect(readFileSync(join(dir, 'test_batch.bin'))[0]).toBe(label(1000));
    expect(readFileSync(join(dir, 'batches.meta.txt'), 'utf8').split('\n').slice(0, 10)).toEqual(CLASSES);
    expect(statSync(join(dir, 'readme.html')).size).toBe(32 * 1024);
  });

  it('takes label and pixel functions', () => {
    const labelOf = (i: number): number => i % 10;
    const buf = batchBytes(12, 1, { label: labelOf, pixel: learnablePixel(labelOf) });
    expect(buf[0]).toBe(2);
    expect(buf[1]).toBe((2 * 37 + (12 % 23)) % 256);
    const layout = makeLayout(1, 1, { readmeBytes: 0, testFirst: 5 });
    expect(layout.files.has('readme.html')).toBe(false);
    expect(layout.files.get('test_batch.bin')![0]).toBe(label(5));
  });

  it('archives the layout as a ustar .tar.gz under cifar-10-batches-bin/', () => {
    const tar = gunzipSync(archiveBytes(makeLayout(1, 1)));
    expect(tar.subarray(0, 21).toString()).toBe('cifar-10-batches-bin/');
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
    expect(tar.length % 512).toBe(0);
  });

  it('removes the temporary folders', () => {
    const dir = tempDir();
    expect(existsSync(dir)).toBe(true);
    removeTempDirs();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('checkKernel', () => {
  const img = (seed: number): ImageLike => ({ data: Float32Array.from({ length: 2 * 3 * 3 }, (_, i) => ((i * 7 + seed * 5) % 11) / 10), height: 2, width: 3, channels: 3 });
  const hflip = (im: ImageLike): ImageLike => {
    const out = new Float32Array(im.data.length);
    const { height: h, width: w, channels: c } = im;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = im.data[(y * w + (w - 1 - x)) * c + k]!;
    return { data: out, height: h, width: w, channels: c };
  };

  it('passes a well-behaved kernel with its batched form and returns its output', () => {
    const out = checkKernel(hflip, img(1), { batched: (x) => tf.reverse(x, 2), batch: [img(1), img(2), img(3)] });
    expect(out.data[0]).toBe(img(1).data[6]);
  });

  it('catches each broken rule', () => {
    const mutates = (im: ImageLike): ImageLike => {
      im.data[0] = 0.123;
      return hflip(im);
    };
    expect(() => checkKernel(mutates, img(1))).toThrow(/mutated its input/);
    expect(() => checkKernel((im: ImageLike) => im, img(1))).toThrow(/shares its input's buffer/);
    expect(() => checkKernel((im: ImageLike) => ({ ...hflip(im), data: new Uint8Array(18) }), img(1))).toThrow(/is uint8, expected float32/);
    expect(() => checkKernel((im: ImageLike) => ({ ...hflip(im), height: 3 }), img(1))).toThrow(/has 18 values for 3x3x3/);
    expect(() =>
      checkKernel((im: ImageLike) => {
        tf.scalar(1);
        return hflip(im);
      }, img(1)),
    ).toThrow(/leaked 1 tensor/);
    expect(() => checkKernel(hflip, img(1), { batched: (x) => tf.reverse(x, 1), batch: [img(1), img(2)] })).toThrow(/differs from the per-image output for image 0/);
    expect(() =>
      checkKernel(hflip, img(1), {
        batched: (x) => {
          tf.scalar(1);
          return tf.reverse(x, 2);
        },
      }),
    ).toThrow(/left 1 extra tensor/);
    expect(() =>
      checkKernel(hflip, img(1), {
        batched: (x) => {
          const y = tf.reverse(x, 2);
          x.dispose();
          return y as tf.Tensor4D;
        },
      }),
    ).toThrow(/disposed its input/);
  });

  it('accepts a declared output dtype', () => {
    const toFloat = (im: ImageLike): ImageLike => ({ ...im, data: Float32Array.from(im.data, (v) => v / 255) });
    const u8: ImageLike = { data: new Uint8Array([0, 255, 51]), height: 1, width: 1, channels: 3 };
    expect(checkKernel(toFloat, u8, { dtype: 'float32', batched: (x) => tf.div(x, 255) }).data[1]).toBe(1);
    expect(() => checkKernel(toFloat, u8)).toThrow(/is float32, expected uint8/);
  });
});

describe('documentedApi / exportedTypes', () => {
  it('reads the API bullets per entry point and the type exports of an index', async () => {
    const { documentedApi, exportedTypes } = await import('../src/index.js');
    const readme = [
      '# x', '- `notApi`', '## API', '- `foo(a, b)`: does foo', '- `new Bar(options)`', '- `Opts` (type): options', 'text `ignored`',
      '### Subpath `@aug/x/sub`', '- `baz`', '- `Baz` (type)', '## Errors', '- `NotApi`',
    ].join('\n');
    const api = documentedApi(readme);
    expect(api.get('.')).toEqual({ values: ['Bar', 'foo'], types: ['Opts'] });
    expect(api.get('./sub')).toEqual({ values: ['baz'], types: ['Baz'] });
    expect(() => documentedApi('# no api')).toThrow(/no "## API" section/);
    const index = [
      "export { a, type B, c as C } from './a.js';",
      "export type { D, E as F } from './d.js';",
      'export interface G { x: number }',
      'export type H = string;',
      "export * as ns from './ns.js';",
    ].join('\n');
    expect(exportedTypes(index)).toEqual(['B', 'D', 'F', 'G', 'H']);
  });
});
