import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maxAbsDiff, tempDir } from '@aug/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeImage, encodeJpeg, encodePng, readImage, writeImage } from '../src/index.js';
import { setNodeCodec, type NodeCodec } from '../src/io/node-decoders.js';

// A smooth, non-trivial picture (gradients plus a bump) so that JPEG error is meaningful.
function picture(height: number, width: number, channels: number): { data: Uint8Array; height: number; width: number; channels: number } {
  const data = new Uint8Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const v = 128 + 90 * Math.sin((x + 3 * c) / 5) * Math.cos((y - 2 * c) / 7) + (c === channels - 1 && channels % 2 === 0 ? 20 : 0);
        data[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { data, height, width, channels };
}

const paths: NodeCodec[] = ['auto', 'pure-js'];

describe.each(paths)('image round trips (%s codecs)', (codec) => {
  afterEach(() => {
    setNodeCodec('auto');
  });

  it.each([1, 2, 3, 4])('encodePng -> decodeImage is exact for %i channel(s)', async (channels) => {
    setNodeCodec(codec);
    const img = picture(13, 17, channels);
    const png = await encodePng(img);
    const back = await decodeImage(png);
    expect(back.channels).toBe(channels);
    expect([back.height, back.width]).toEqual([13, 17]);
    expect(Array.from(back.data)).toEqual(Array.from(img.data));
  });

  it('encodePng converts float32 images with convert_image_dtype (trunc(v * 255.999))', async () => {
    setNodeCodec(codec);
    const f = new Float32Array([0, 0.5, 1, 0.2, 1.5, -1]);
    const back = await decodeImage(await encodePng({ data: f, height: 1, width: 2, channels: 3 }));
    expect(Array.from(back.data)).toEqual([0, 127, 255, 51, 255, 0]);
  });

  it('encodeJpeg: higher quality gives a smaller error', async () => {
    setNodeCodec(codec);
    const img = picture(48, 64, 3);
    const errors: number[] = [];
    for (const quality of [10, 50, 95]) {
      const back = await decodeImage(await encodeJpeg(img, { quality }), { mode: 'rgb' });
      let sum = 0;
      for (let i = 0; i < img.data.length; i++) sum += Math.abs(back.data[i]! - img.data[i]!);
      errors.push(sum / img.data.length);
    }
    expect(errors[0]).toBeGreaterThan(errors[1]!);
    expect(errors[1]).toBeGreaterThan(errors[2]!);
    expect(errors[2]).toBeLessThan(2);
  });

  it('encodeJpeg of a 1-channel image: a grayscale JPEG with sharp, 3 equal channels with jpeg-js', async () => {
    setNodeCodec(codec);
    const gray = picture(16, 24, 1);
    const back = await decodeImage(await encodeJpeg(gray, { quality: 95 }));
    expect(back.channels).toBe(codec === 'auto' ? 1 : 3);
    const asGray = await decodeImage(await encodeJpeg(gray, { quality: 95 }), { mode: 'gray' });
    expect(maxAbsDiff(asGray.data, gray.data)).toBeLessThan(12);
  });

  it('writeImage -> readImage on disk (.png exact, .jpg close)', async () => {
    setNodeCodec(codec);
    const dir = tempDir('aug-io-');
    const img = picture(20, 30, 3);
    await writeImage(join(dir, 'a.png'), img);
    await writeImage(join(dir, 'a.JPG'), img, { quality: 95 });
    const png = await readImage(join(dir, 'a.png'));
    expect(Array.from(png.data)).toEqual(Array.from(img.data));
    const jpg = await readImage(join(dir, 'a.JPG'), { mode: 'rgb' });
    expect(maxAbsDiff(jpg.data, img.data)).toBeLessThan(24);
  });

  it('the format comes from the bytes, not the extension', async () => {
    setNodeCodec(codec);
    const path = join(tempDir('aug-io-'), 'really-a-jpeg.png');
    writeFileSync(path, await encodeJpeg(picture(8, 8, 3), { quality: 90 }));
    const img = await readImage(path);
    expect([img.height, img.width, img.channels]).toEqual([8, 8, 3]);
  });
});
