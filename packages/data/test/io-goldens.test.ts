// Decoded pixels against PIL 9.4's (scripts/make_io_goldens.py wrote the fixtures and the expectations),
// on both Node codec paths: sharp (libvips) and the pure-JS jpeg-js/pngjs decoders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { UnsupportedImageFormatError, decodeImage, type ImageReadMode } from '../src/index.js';
import { setNodeCodec, type NodeCodec } from '../src/io/node-decoders.js';

interface Expected { channels: number; offset: number; length: number; height?: number; width?: number }
interface Entry { file: string; format: string; pilMode: string; width: number; height: number; modes: Record<string, Expected> }

const DIR = join(import.meta.dirname, 'fixtures', 'io');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Entry[];
const expectedBytes = gunzipSync(readFileSync(join(DIR, 'expected.bin.gz')));

function expected(e: Expected): Uint8Array {
  return expectedBytes.subarray(e.offset, e.offset + e.length);
}

function diff(a: Uint8Array | Float32Array, b: Uint8Array): { max: number; mean: number } {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / b.length };
}

// Measured maxima (see the README's table; sharp measured 0 everywhere, pure-JS max 14, mean 2.7): the JPEG decoders differ from libjpeg-turbo in IDCT rounding
// and chroma upsampling; a wrong orientation or colour conversion gives differences of 50+.
const JPEG_TOLERANCE: Record<NodeCodec, { max: number; mean: number }> = {
  auto: { max: 1, mean: 0.1 },
  'pure-js': { max: 16, mean: 3 },
};

const measured: string[] = [];
afterAll(() => {
  if (process.env.AUG_IO_REPORT) console.info(`JPEG/WebP differences vs PIL (max / mean abs):\n${measured.join('\n')}`);
});

describe.each(['auto', 'pure-js'] as NodeCodec[])('decodeImage vs PIL (%s codecs)', (codec) => {
  afterEach(() => {
    setNodeCodec('auto');
  });

  const png = manifest.filter((e) => e.format === 'png');
  it.each(png.map((e) => [e.file, e] as const))('%s: every mode equals PIL exactly', async (_name, entry) => {
    setNodeCodec(codec);
    const bytes = readFileSync(join(DIR, entry.file));
    for (const [mode, exp] of Object.entries(entry.modes)) {
      const upright = mode === 'rgb-upright';
      const img = await decodeImage(bytes, { mode: (upright ? 'rgb' : mode) as ImageReadMode, applyExifOrientation: upright });
      expect([img.height, img.width, img.channels], `${entry.file} ${mode}`).toEqual([exp.height ?? entry.height, exp.width ?? entry.width, exp.channels]);
      expect(img.data).toBeInstanceOf(Uint8Array);
      const d = diff(img.data, expected(exp));
      expect(d.max, `${entry.file} ${mode}: max abs difference`).toBe(0);
    }
  });

  const lossy = manifest.filter((e) => e.format === 'jpeg' || e.file === 'lossy.webp');
  it.each(lossy.map((e) => [e.file, e] as const))('%s: within the measured tolerance of PIL (libjpeg-turbo)', async (_name, entry) => {
    setNodeCodec(codec);
    const bytes = readFileSync(join(DIR, entry.file));
    if (entry.format === 'webp' && codec === 'pure-js') {
      await expect(decodeImage(bytes)).rejects.toSatisfy((e) => UnsupportedImageFormatError.isInstance(e));
      return;
    }
    for (const [mode, exp] of Object.entries(entry.modes)) {
      const upright = mode === 'rgb-upright';
      const img = await decodeImage(bytes, { mode: (upright ? 'rgb' : mode) as ImageReadMode, applyExifOrientation: upright });
      expect([img.height, img.width, img.channels], `${entry.file} ${mode}`).toEqual([exp.height ?? entry.height, exp.width ?? entry.width, exp.channels]);
      const d = diff(img.data, expected(exp));
      measured.push(`${codec}\t${entry.file}\t${mode}\t${d.max}\t${d.mean.toFixed(3)}`);
      const tol = JPEG_TOLERANCE[codec];
      expect(d.max, `${entry.file} ${mode}: max abs difference`).toBeLessThanOrEqual(tol.max);
      expect(d.mean, `${entry.file} ${mode}: mean abs difference`).toBeLessThanOrEqual(tol.mean);
    }
  });

  const sharpOnly = manifest.filter((e) => e.format === 'gif' || e.file === 'lossless.webp');
  it.each(sharpOnly.map((e) => [e.file, e] as const))('%s: exact with sharp, UnsupportedImageFormatError without', async (_name, entry) => {
    setNodeCodec(codec);
    const bytes = readFileSync(join(DIR, entry.file));
    if (codec === 'pure-js') {
      const error = await decodeImage(bytes).catch((e: unknown) => e);
      expect(UnsupportedImageFormatError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('npm install sharp');
      return;
    }
    for (const [mode, exp] of Object.entries(entry.modes)) {
      const img = await decodeImage(bytes, { mode: mode as ImageReadMode });
      expect([img.height, img.width, img.channels]).toEqual([entry.height, entry.width, exp.channels]);
      expect(diff(img.data, expected(exp)).max, `${entry.file} ${mode}`).toBe(0);
    }
  });
});
