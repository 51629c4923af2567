import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@aug/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataError, ImageDecodeError, ImageEncodeError, UnsupportedImageFormatError, decodeImage, encodeJpeg, encodePng, readImage, writeImage,
} from '../src/index.js';
import { setNodeCodec, type NodeCodec } from '../src/io/node-decoders.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'io');
const fixture = (name: string): Uint8Array => readFileSync(join(FIXTURES, name));

/** Deterministic noise (a 32-bit LCG), so the "random bytes" case is the same every run. */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const result = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(result instanceof Error)) throw new Error('expected a rejection');
  return result;
}

const img3 = { data: new Uint8Array(4 * 5 * 3).fill(90), height: 4, width: 5, channels: 3 };

describe.each(['auto', 'pure-js'] as NodeCodec[])('bad input (%s codecs)', (codec) => {
  afterEach(() => {
    setNodeCodec('auto');
  });

  async function readFailure(name: string, bytes: Uint8Array): Promise<ImageDecodeError> {
    setNodeCodec(codec);
    const dir = tempDir('aug-io-bad-');
    const path = join(dir, name);
    writeFileSync(path, bytes);
    const error = await failure(readImage(path));
    expect(ImageDecodeError.isInstance(error), String(error)).toBe(true);
    expect(DataError.isInstance(error)).toBe(true);
    const e = error as ImageDecodeError;
    expect(e.code).toBe('IMAGE_DECODE_FAILED');
    expect(e.file).toBe(path);
    expect(e.message).toContain(path);
    return e;
  }

  it('a truncated PNG is an ImageDecodeError naming the file', async () => {
    const png = fixture('rgb.png');
    const e = await readFailure('cut.png', png.subarray(0, Math.floor(png.length / 2)));
    expect(e.message).toMatch(/PNG/);
  });

  it('a truncated JPEG is an ImageDecodeError naming the file', async () => {
    const jpg = fixture('baseline420.jpg');
    const e = await readFailure('cut.jpg', jpg.subarray(0, Math.floor(jpg.length / 2)));
    expect(e.message).toMatch(/JPEG/);
  });

  it('a JPEG cut inside its header is an ImageDecodeError', async () => {
    const e = await readFailure('head.jpg', fixture('baseline420.jpg').subarray(0, 40));
    expect(e.message).toMatch(/JPEG/);
  });

  it('random bytes are an ImageDecodeError saying they are no image', async () => {
    const e = await readFailure('noise.png', noise(2000, 7));
    expect(e.message).toMatch(/not a JPEG, PNG, WebP or GIF image/);
  });

  it('random bytes after a PNG signature are an ImageDecodeError', async () => {
    const bytes = new Uint8Array(600);
    bytes.set(fixture('rgb.png').subarray(0, 33));
    bytes.set(noise(567, 3), 33);
    await readFailure('bad-body.png', bytes);
  });

  it('an empty file is an ImageDecodeError saying it is empty', async () => {
    const e = await readFailure('empty.jpg', new Uint8Array(0));
    expect(e.message).toMatch(/empty/);
  });

  it('a folder is an ImageDecodeError saying so', async () => {
    setNodeCodec(codec);
    const dir = join(tempDir('aug-io-bad-'), 'photo.jpg');
    mkdirSync(dir);
    const error = await failure(readImage(dir));
    expect(ImageDecodeError.isInstance(error)).toBe(true);
    expect((error as ImageDecodeError).file).toBe(dir);
    expect(error.message).toContain(dir);
    expect(error.message).toMatch(/folder/);
  });

  it('a missing file says plainly that it does not exist', async () => {
    setNodeCodec(codec);
    const path = join(tempDir('aug-io-bad-'), 'missing.png');
    const error = await failure(readImage(path));
    expect(ImageDecodeError.isInstance(error)).toBe(true);
    expect((error as ImageDecodeError).file).toBe(path);
    expect(error.message).toBe(`cannot read image ${path}: it does not exist (ENOENT)`);
  });

  it('bytes without a file give an ImageDecodeError without one', async () => {
    setNodeCodec(codec);
    const error = await failure(decodeImage(noise(100, 1)));
    expect(ImageDecodeError.isInstance(error)).toBe(true);
    expect((error as ImageDecodeError).file).toBeUndefined();
    expect(UnsupportedImageFormatError.isInstance(error)).toBe(false);
  });

  it('a header claiming a huge or empty picture is an ImageDecodeError before any allocation', async () => {
    setNodeCodec(codec);
    for (const [w, h] of [[100_000, 100_000], [0, 10]]) {
      const png = Uint8Array.from(fixture('rgb.png'));
      new DataView(png.buffer).setUint32(16, w);
      new DataView(png.buffer).setUint32(20, h);
      const error = await failure(decodeImage(png));
      expect(ImageDecodeError.isInstance(error), String(error)).toBe(true);
      expect(error.message).toContain(`${w}x${h} pixels`);
    }
  });

  it('a BMP is an UnsupportedImageFormatError on every path; AVIF names sharp without it', async () => {
    setNodeCodec(codec);
    const bmp = new Uint8Array(64);
    bmp.set([0x42, 0x4d]);
    const error = await failure(decodeImage(bmp));
    expect(UnsupportedImageFormatError.isInstance(error)).toBe(true);
    expect((error as UnsupportedImageFormatError).format).toBe('BMP');
    const avif = new Uint8Array(64);
    avif.set([0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66]); // ....ftypavif
    const avifError = await failure(decodeImage(avif));
    if (codec === 'pure-js') {
      expect(UnsupportedImageFormatError.isInstance(avifError)).toBe(true);
      expect(avifError.message).toMatch(/AVIF images need the optional dependency sharp: install it with `npm install sharp`/);
    } else {
      expect(ImageDecodeError.isInstance(avifError)).toBe(true); // sharp reads AVIF; these bytes are no picture
    }
  });

  it('encoding: a missing folder is an ImageEncodeError naming the file', async () => {
    setNodeCodec(codec);
    const path = join(tempDir('aug-io-bad-'), 'no', 'such', 'folder.png');
    const error = await failure(writeImage(path, img3));
    expect(ImageEncodeError.isInstance(error)).toBe(true);
    expect((error as ImageEncodeError).code).toBe('IMAGE_ENCODE_FAILED');
    expect((error as ImageEncodeError).file).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/folder does not exist/);
  });

  it('argument errors are TypeError / RangeError naming the argument', async () => {
    setNodeCodec(codec);
    await expect(decodeImage('cat.jpg' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(decodeImage(fixture('rgb.png'), { mode: 'bgr' as 'rgb' })).rejects.toThrow(/options\.mode must be one of 'unchanged', 'gray', 'gray-alpha', 'rgb', 'rgba', got "bgr"/);
    await expect(readImage(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(encodeJpeg({ ...img3, data: new Uint8Array(4 * 5 * 4), channels: 4 })).rejects.toThrow(RangeError);
    await expect(encodeJpeg(img3, { quality: 0 })).rejects.toThrow(/quality must be/);
    await expect(encodePng({ ...img3, data: new Uint8Array(3) })).rejects.toThrow(RangeError);
    await expect(writeImage(join(tempDir(), 'x.bmp'), img3)).rejects.toThrow(/\.png, \.jpg, \.jpeg or \.webp/);
  });
});

describe('formats that need sharp, on the pure-JS path', () => {
  afterEach(() => {
    setNodeCodec('auto');
  });

  it('WebP without sharp is an UnsupportedImageFormatError naming the file and `npm install sharp`', async () => {
    setNodeCodec('pure-js');
    const dir = tempDir('aug-io-webp-');
    const path = join(dir, 'photo.png'); // the extension lies: the format comes from the bytes
    writeFileSync(path, fixture('lossless.webp'));
    const error = await failure(readImage(path));
    expect(UnsupportedImageFormatError.isInstance(error)).toBe(true);
    const e = error as UnsupportedImageFormatError;
    expect(e.code).toBe('UNSUPPORTED_IMAGE_FORMAT');
    expect(e.format).toBe('WebP');
    expect(e.file).toBe(path);
    expect(e.message).toContain(path);
    expect(e.message).toContain('npm install sharp');
    expect(ImageDecodeError.isInstance(e)).toBe(false);
  });

  it('writing .webp without sharp is an UnsupportedImageFormatError', async () => {
    setNodeCodec('pure-js');
    const path = join(tempDir('aug-io-webp-'), 'out.webp');
    const error = await failure(writeImage(path, img3));
    expect(UnsupportedImageFormatError.isInstance(error)).toBe(true);
    expect(error.message).toContain('npm install sharp');
  });

  it('with sharp, .webp is written and read back', async () => {
    setNodeCodec('auto');
    const path = join(tempDir('aug-io-webp-'), 'out.webp');
    await writeImage(path, img3, { quality: 90 });
    const back = await readImage(path, { mode: 'rgb' });
    expect([back.height, back.width, back.channels]).toEqual([4, 5, 3]);
  });
});
