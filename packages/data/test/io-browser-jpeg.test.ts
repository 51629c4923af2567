// The browser build's non-PNG path (createImageBitmap + OffscreenCanvas), run in Node against stand-ins
// that decode with jpeg-js: checks what aug does around the browser's decoder (EXIF orientation left to
// the shared code, RGBA to the file's channels), not the browser's decoder itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserDecoders } from '../src/io/browser-decoders.js';
import { decodeWith } from '../src/io/decode-with.js';
import { readJpegHeader } from '../src/io/jpeg-header.js';

interface Expected { channels: number; offset: number; length: number; height?: number; width?: number }
interface Entry { file: string; width: number; height: number; modes: Record<string, Expected> }

const DIR = join(import.meta.dirname, 'fixtures', 'io');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Entry[];
const expectedBytes = gunzipSync(readFileSync(join(DIR, 'expected.bin.gz')));
const received: Uint8Array[] = [];

interface FakeBitmap { width: number; height: number; rgba: Uint8Array; close(): void }
const g = globalThis as Record<string, unknown>;

beforeAll(() => {
  g.createImageBitmap = async (blob: Blob, options: Record<string, string>): Promise<FakeBitmap> => {
    expect(options).toMatchObject({ premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    received.push(bytes);
    const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: d.width, height: d.height, rgba: d.data, close: () => undefined };
  };
  g.OffscreenCanvas = class {
    getContext(): unknown {
      let bitmap: FakeBitmap | undefined;
      return {
        drawImage: (b: FakeBitmap) => { bitmap = b; },
        getImageData: () => ({ data: new Uint8ClampedArray(bitmap!.rgba.buffer) }),
      };
    }
  };
});
afterAll(() => {
  delete g.createImageBitmap;
  delete g.OffscreenCanvas;
});

function maxDiff(a: Uint8Array | Float32Array, e: Expected): number {
  const want = expectedBytes.subarray(e.offset, e.offset + e.length);
  let max = 0;
  for (let i = 0; i < want.length; i++) max = Math.max(max, Math.abs(a[i]! - want[i]!));
  return max;
}

describe('browser build, JPEG through createImageBitmap (stand-ins)', () => {
  it.each([2, 5, 6, 8])('exif%i.jpg: the browser gets orientation 1; applyExifOrientation turns it upright', async (o) => {
    const entry = manifest.find((e) => e.file === `exif${o}.jpg`)!;
    const bytes = readFileSync(join(DIR, entry.file));
    received.length = 0;
    const upright = await decodeWith(bytes, { mode: 'rgb', applyExifOrientation: true }, browserDecoders);
    expect(readJpegHeader(received[0]!)!.orientation).toBe(1);
    expect(readJpegHeader(bytes)!.orientation).toBe(o); // the caller's bytes are untouched
    const e = entry.modes['rgb-upright']!;
    expect([upright.height, upright.width, upright.channels]).toEqual([e.height, e.width, 3]);
    expect(maxDiff(upright.data, e)).toBeLessThanOrEqual(16);
    const stored = await decodeWith(bytes, { mode: 'rgb' }, browserDecoders);
    expect([stored.height, stored.width]).toEqual([entry.height, entry.width]);
    expect(maxDiff(stored.data, entry.modes.rgb!)).toBeLessThanOrEqual(16);
  });

  it("gray.jpg: 'unchanged' gives the file's one channel", async () => {
    const entry = manifest.find((e) => e.file === 'gray.jpg')!;
    const img = await decodeWith(readFileSync(join(DIR, entry.file)), undefined, browserDecoders);
    expect(img.channels).toBe(1);
    expect(maxDiff(img.data, entry.modes.unchanged!)).toBeLessThanOrEqual(16);
  });
});
