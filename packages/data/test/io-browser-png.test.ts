// The browser build decodes PNGs in JavaScript (png-decode.ts + DecompressionStream, which Node has too),
// so its pixels can be checked here against PIL's, without a browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, type ImageReadMode } from '../src/index.js';
import { browserDecoders } from '../src/io/browser-decoders.js';
import { decodeWith } from '../src/io/decode-with.js';

interface Expected { channels: number; offset: number; length: number; height?: number; width?: number }
interface Entry { file: string; format: string; width: number; height: number; modes: Record<string, Expected> }

const DIR = join(import.meta.dirname, 'fixtures', 'io');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Entry[];
const expectedBytes = gunzipSync(readFileSync(join(DIR, 'expected.bin.gz')));

describe("the browser build's PNG decoder vs PIL", () => {
  const png = manifest.filter((e) => e.format === 'png');
  it.each(png.map((e) => [e.file, e] as const))('%s: every mode equals PIL exactly', async (_name, entry) => {
    const bytes = readFileSync(join(DIR, entry.file));
    for (const [mode, exp] of Object.entries(entry.modes)) {
      const upright = mode === 'rgb-upright';
      const img = await decodeWith(bytes, { mode: (upright ? 'rgb' : mode) as ImageReadMode, applyExifOrientation: upright }, browserDecoders);
      expect([img.height, img.width, img.channels], `${entry.file} ${mode}`).toEqual([exp.height ?? entry.height, exp.width ?? entry.width, exp.channels]);
      const want = expectedBytes.subarray(exp.offset, exp.offset + exp.length);
      let max = 0;
      for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(img.data[i]! - want[i]!));
      expect(max, `${entry.file} ${mode}: max abs difference`).toBe(0);
    }
  });

  it('a truncated or corrupt PNG is an ImageDecodeError', async () => {
    const bytes = readFileSync(join(DIR, 'rgb.png'));
    for (const cut of [bytes.subarray(0, 60), bytes.subarray(0, bytes.length >> 1), bytes.subarray(0, bytes.length - 12)]) {
      const error = await decodeWith(cut, undefined, browserDecoders, 'cut.png').catch((e: unknown) => e);
      expect(ImageDecodeError.isInstance(error), String(error)).toBe(true);
      expect((error as ImageDecodeError).file).toBe('cut.png');
    }
    const corrupt = Uint8Array.from(bytes);
    for (let i = 60; i < corrupt.length - 20; i += 7) corrupt[i] ^= 0x5a;
    const error = await decodeWith(corrupt, undefined, browserDecoders).catch((e: unknown) => e);
    expect(ImageDecodeError.isInstance(error), String(error)).toBe(true);
  });
});
