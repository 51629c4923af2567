// The browser build's PNG encoder: pngjs needs Node's zlib and streams, so a page writes PNGs itself,
// uncompressed (deflate "stored" blocks): the same pixels, a valid PNG, larger files. showImages embeds
// them as data URIs, so its figures work in a page.
import { clampByte } from '@aug/internal';
import type { Image } from '@aug/transforms';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** PNG bytes whose `toString('base64')` works as a Node Buffer's does (what showImages calls). */
class PngBytes extends Uint8Array {
  override toString(encoding?: string): string {
    if (encoding !== 'base64') return super.toString();
    let s = '';
    for (let i = 0; i < this.length; i += 0x8000) s += String.fromCharCode(...this.subarray(i, i + 0x8000));
    return btoa(s);
  }
}

/**
 * Encodes an Image as PNG (RGB or RGBA, uncompressed). 1 channel is grey, 2 grey + alpha, 3 RGB, 4 RGBA;
 * float pixels ([0, 1]) are scaled by 255, rounded and clamped, as torchvision's `to_pil_image`.
 *
 * @example
 * ```ts
 * const uri = `data:image/png;base64,${imageToPng(img).toString('base64')}`;
 * ```
 */
export function imageToPng(img: Image, name = 'img'): Uint8Array {
  const { height: h, width: w, channels: c, data } = img;
  if (c < 1 || c > 4) throw new RangeError(`${name} has ${c} channels; PNG needs 1 (grey), 2, 3 (RGB) or 4 (RGBA)`);
  const alpha = c === 2 || c === 4;
  const px = alpha ? 4 : 3;
  const float = data instanceof Float32Array;
  const at = (i: number): number => clampByte(float ? data[i]! * 255 : data[i]!);
  const rowBytes = 1 + w * px;
  const raw = new Uint8Array(rowBytes * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * c;
      const d = y * rowBytes + 1 + x * px;
      if (c <= 2) raw.fill(at(s), d, d + 3);
      else for (let k = 0; k < 3; k++) raw[d + k] = at(s + k);
      if (alpha) raw[d + 3] = at(s + c - 1);
    }
  }
  // zlib stream of stored blocks (at most 65535 bytes each) + Adler-32.
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const zlib = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  zlib[0] = 0x78;
  zlib[1] = 0x01;
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * 65535;
    const len = Math.min(65535, raw.length - start);
    zlib[o++] = b === blocks - 1 ? 1 : 0;
    zlib[o++] = len & 0xff;
    zlib[o++] = len >>> 8;
    zlib[o++] = ~len & 0xff;
    zlib[o++] = (~len >>> 8) & 0xff;
    zlib.set(raw.subarray(start, start + len), o);
    o += len;
  }
  let a = 1;
  let bsum = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]!) % 65521;
    bsum = (bsum + a) % 65521;
  }
  const adler = ((bsum << 16) | a) >>> 0;
  zlib[o++] = adler >>> 24;
  zlib[o++] = (adler >>> 16) & 0xff;
  zlib[o++] = (adler >>> 8) & 0xff;
  zlib[o++] = adler & 0xff;

  const chunks: [string, Uint8Array][] = [
    ['IHDR', ihdr(w, h, alpha ? 6 : 2)],
    ['IDAT', zlib],
    ['IEND', new Uint8Array(0)],
  ];
  const total = 8 + chunks.reduce((n, [, d]) => n + 12 + d.length, 0);
  const out = new PngBytes(total);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  const view = new DataView(out.buffer);
  let p = 8;
  for (const [type, body] of chunks) {
    view.setUint32(p, body.length);
    for (let k = 0; k < 4; k++) out[p + 4 + k] = type.charCodeAt(k);
    out.set(body, p + 8);
    view.setUint32(p + 8 + body.length, crc32(out, p + 4, p + 8 + body.length));
    p += 12 + body.length;
  }
  return out;
}

function ihdr(w: number, h: number, colorType: number): Uint8Array {
  const b = new Uint8Array(13);
  const v = new DataView(b.buffer);
  v.setUint32(0, w);
  v.setUint32(4, h);
  b[8] = 8;
  b[9] = colorType;
  return b;
}

/** Not available in a browser (pngjs needs Node): throws; decode with `createImageBitmap` instead. */
export function decodePng(_png: Uint8Array): { width: number; height: number; data: Uint8Array } {
  throw new TypeError('decodePng needs pngjs (Node streams and zlib); in a browser decode with createImageBitmap(blob)');
}
