import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Image } from '@aug/transforms';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../src/png.js';
import { showImages } from '../src/show-images.js';

const dir = mkdtempSync(join(tmpdir(), 'aug-viz-grid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 32x32 RGB image whose pixel (y, x) is (k*7, x*8, y*8), so every image and pixel is distinct. */
function known(k: number, size = 32): Image {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      data[i] = (k * 7) & 255;
      data[i + 1] = x * 8;
      data[i + 2] = y * 8;
    }
  }
  return { data, height: size, width: size, channels: 3 };
}

function rgbAt(png: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

describe('showImages', () => {
  it("makes the seed's 4 x 8 grid at scale 0.8: 640 x 320 px, every image at its cell, scaled 2x nearest", () => {
    const images = Array.from({ length: 32 }, (_, k) => known(k));
    const fig = showImages(images, 4, 8, { scale: 0.8 });
    const png = decodePng(fig.toPNG());
    expect([png.width, png.height]).toEqual([640, 320]); // 8 * 0.8 in x 4 * 0.8 in at 100 dpi
    // cell = 80 px, pad 4, 32 px images drawn at 64 px, centred: offset (8, 8) in their cell
    expect(fig.cells[0]).toEqual({ x: 8, y: 8, width: 64, height: 64 });
    expect(fig.cells[13]).toEqual({ x: 5 * 80 + 8, y: 80 + 8, width: 64, height: 64 });
    for (const k of [0, 13, 31]) {
      const { x, y } = { x: (k % 8) * 80 + 8, y: Math.floor(k / 8) * 80 + 8 };
      for (const [sx, sy] of [[0, 0], [5, 3], [31, 31], [17, 30]] as const) {
        const src = known(k).data.subarray((sy * 32 + sx) * 3, (sy * 32 + sx) * 3 + 3);
        // both screen pixels of a source pixel carry its exact colour: nearest, no smoothing
        expect(rgbAt(png, x + 2 * sx, y + 2 * sy)).toEqual([...src]);
        expect(rgbAt(png, x + 2 * sx + 1, y + 2 * sy + 1)).toEqual([...src]);
      }
      expect(rgbAt(png, x - 1, y)).toEqual([255, 255, 255]); // white margin around it
      expect(rgbAt(png, x + 64, y + 63)).toEqual([255, 255, 255]);
    }
  });

  it('writes titles under the images, in the shipped font', () => {
    const images = [known(1), known(2)];
    const fig = showImages(images, 1, 2, { titles: ['cat', 'a very long title indeed'], scale: 1 });
    const svg = fig.toSVG();
    expect(svg).toMatch(/<text[^>]*>cat<\/text>/);
    expect(svg).toMatch(/<text[^>]*>a very lon[^<]*…<\/text>/); // cut to the cell width
    const png = decodePng(fig.toPNG());
    expect(png.height).toBe(100 + Math.ceil((10 * 100) / 72 * 1.5));
    // some dark text pixels below the first image
    let dark = 0;
    for (let y = fig.cells[0]!.y + fig.cells[0]!.height; y < png.height; y++) {
      for (let x = 0; x < 100; x++) if (rgbAt(png, x, y)[0]! < 100) dark++;
    }
    expect(dark).toBeGreaterThan(10);
  });

  it('accepts float [0, 1] Images, grey images, an NHWC tensor and an array of HWC tensors, disposing nothing it did not make', () => {
    const float: Image = { data: new Float32Array(2 * 2 * 3).fill(0.5), height: 2, width: 2, channels: 3 };
    const grey: Image = { data: new Uint8Array([0, 255, 255, 0]), height: 2, width: 2, channels: 1 };
    expect(rgbAt(decodePng(showImages([float], 1, 1, { scale: 0.2 }).toPNG()), 10, 10)).toEqual([128, 128, 128]);
    const g = showImages([grey], 1, 1, { scale: 0.2 });
    expect(rgbAt(decodePng(g.toPNG()), g.cells[0]!.x + g.cells[0]!.width - 1, g.cells[0]!.y)).toEqual([255, 255, 255]);
    expect(rgbAt(decodePng(g.toPNG()), g.cells[0]!.x, g.cells[0]!.y)).toEqual([0, 0, 0]);

    const before = tf.memory().numTensors;
    const batch = tf.tensor4d(Array.from({ length: 3 * 4 * 4 * 3 }, (_, i) => (i % 11) / 10), [3, 4, 4, 3]);
    const fromBatch = showImages(batch, 1, 3, { scale: 0.4 });
    const parts = tf.unstack(batch) as tf.Tensor3D[];
    const fromList = showImages(parts, 1, 3, { scale: 0.4 });
    expect(fromList.toSVG()).toBe(fromBatch.toSVG());
    const png = decodePng(fromBatch.toPNG());
    const c = fromBatch.cells[2]!;
    const v = batch.arraySync()[2]![0]![0]!;
    expect(rgbAt(png, c.x, c.y)).toEqual(v.map((u) => Math.round(u * 255)));
    tf.dispose([batch, ...parts]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('saves PNG and SVG by extension', () => {
    const fig = showImages([known(3)], 1, 1);
    fig.save(join(dir, 'one.png'));
    fig.save(join(dir, 'one.svg'));
    expect(decodePng(readFileSync(join(dir, 'one.png'))).width).toBe(150);
    expect(readFileSync(join(dir, 'one.svg'), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<image [^>]*href="data:image\/png;base64,/);
  });

  it('gives clear errors for bad input', () => {
    expect(() => showImages([], 1, 1)).toThrow(/images is empty/);
    expect(() => showImages([known(0), known(1), known(2)], 1, 2)).toThrow(/rows x cols = 1 x 2 = 2 cells cannot hold 3 images/);
    expect(() => showImages([known(0), known(1, 16)], 1, 2)).toThrow(/images\[1\] is 16x16x3 \(HxWxC\) but images\[0\] is 32x32x3/);
    expect(() => showImages([known(0)], 0, 2)).toThrow(/rows must be a positive integer, got 0/);
    expect(() => showImages([known(0), known(1)], 1, 2, { titles: ['a'] })).toThrow(/titles must hold one string per image \(2\), got 1/);
    expect(() => showImages([{ data: new Uint8Array(5), height: 2, width: 2, channels: 3 }], 1, 1)).toThrow(
      /images\[0\]\.data has length 5, expected height\*width\*channels = 2\*2\*3 = 12/,
    );
    expect(() => showImages('cat.png' as never, 1, 1)).toThrow(/images must be an array of Images, an NHWC tensor/);
    const t = tf.zeros([2, 2]);
    expect(() => showImages(t as never, 1, 1)).toThrow(/NHWC Tensor4D or an HWC Tensor3D, got shape \[2, 2\]/);
    t.dispose();
  });
});
