import type { RawImage } from './raw-image.js';

/** Inflates a zlib stream (the concatenated IDAT data). */
export type Inflate = (data: Uint8Array) => Promise<Uint8Array>;

const ADAM7 = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
] as const;

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * A PNG decoder without Node's `Buffer` or `zlib` (the browser build's; `inflate` is the platform's
 * zlib, e.g. `DecompressionStream('deflate')`), with the same PIL 9.4 rules as the Node paths: palette
 * expanded (RGBA with `tRNS`), 1/2/4-bit gray scaled to 0..255, 16-bit gray clipped to 0..255 and other
 * 16-bit types reduced to the high byte, a gray/RGB `tRNS` colour turned into an alpha channel.
 *
 * @example
 * ```ts
 * const raw = await decodePng(bytes, inflateWithDecompressionStream);
 * ```
 */
export async function decodePng(bytes: Uint8Array, inflate: Inflate): Promise<RawImage> {
  if (bytes.length < 33 || u32(bytes, 12) !== 0x49484452) throw new Error('no IHDR chunk');
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const depth = bytes[24]!;
  const colorType = bytes[25]!;
  const interlaced = bytes[28] === 1;
  const samplesPerPixel = [1, 0, 3, 1, 2, 0, 4][colorType];
  if (!samplesPerPixel || ![1, 2, 4, 8, 16].includes(depth) || width === 0 || height === 0) {
    throw new Error(`unsupported IHDR (colour type ${colorType}, bit depth ${depth}, ${width}x${height})`);
  }
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let idatLength = 0;
  let at = 8;
  let ended = false;
  while (at + 8 <= bytes.length) {
    const length = u32(bytes, at);
    const type = u32(bytes, at + 4);
    const start = at + 8;
    if (start + length > bytes.length) throw new Error('a chunk runs past the end of the file (truncated)');
    const data = bytes.subarray(start, start + length);
    if (type === 0x504c5445) palette = data; // PLTE
    else if (type === 0x74524e53) trns = data; // tRNS
    else if (type === 0x49444154) { idat.push(data); idatLength += length; } // IDAT
    else if (type === 0x49454e44) { ended = true; break; } // IEND
    at = start + length + 4;
  }
  if (!ended) throw new Error('no IEND chunk (truncated file)');
  if (idatLength === 0) throw new Error('no image data (IDAT)');
  if (colorType === 3 && palette === undefined) throw new Error('a palette image without PLTE');
  const joined = idat.length === 1 ? idat[0]! : new Uint8Array(idatLength);
  if (idat.length > 1) { let o = 0; for (const d of idat) { joined.set(d, o); o += d.length; } }
  const filtered = await inflate(joined);

  const hasTrnsAlpha = trns !== undefined && colorType !== 3 && colorType !== 4 && colorType !== 6;
  const color = (colorType & 2) !== 0;
  const alpha = (colorType & 4) !== 0 || (colorType === 3 && trns !== undefined) || hasTrnsAlpha;
  const channels = ((color ? 3 : 1) + (alpha ? 1 : 0)) as 1 | 2 | 3 | 4;
  const out = new Uint8Array(width * height * channels);
  const bitsPerPixel = samplesPerPixel * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  // 8-bit value of a sample (palette indices pass through).
  const lut = depth < 8 && colorType === 0 ? Uint8Array.from({ length: 1 << depth }, (_, v) => Math.round((v * 255) / ((1 << depth) - 1))) : undefined;
  const trnsValue = hasTrnsAlpha ? Array.from({ length: colorType === 2 ? 3 : 1 }, (_, k) => (trns![2 * k]! << 8) | trns![2 * k + 1]!) : undefined;
  const samples = new Uint16Array(width * samplesPerPixel);

  let pos = 0;
  for (const [x0, y0, dx, dy] of interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const rowBytes = Math.ceil((pw * bitsPerPixel) / 8);
    let prev = new Uint8Array(rowBytes);
    let row = new Uint8Array(rowBytes);
    for (let r = 0; r < ph; r++) {
      if (pos + 1 + rowBytes > filtered.length) throw new Error('the image data ends early (truncated)');
      const filter = filtered[pos]!;
      const line = filtered.subarray(pos + 1, pos + 1 + rowBytes);
      pos += 1 + rowBytes;
      unfilter(filter, line, prev, row, bpp);
      unpack(row, samples, pw * samplesPerPixel, depth);
      const y = y0 + r * dy;
      for (let c = 0; c < pw; c++) {
        const o = (y * width + x0 + c * dx) * channels;
        const s = c * samplesPerPixel;
        if (colorType === 3) {
          const index = samples[s]!;
          if (3 * index + 2 >= palette!.length) throw new Error(`palette index ${index} out of range`);
          out[o] = palette![3 * index]!;
          out[o + 1] = palette![3 * index + 1]!;
          out[o + 2] = palette![3 * index + 2]!;
          if (alpha) out[o + 3] = index < trns!.length ? trns![index]! : 255;
          continue;
        }
        for (let k = 0; k < samplesPerPixel; k++) {
          const v = samples[s + k]!;
          out[o + k] = lut !== undefined ? lut[v]! : depth === 16 ? (colorType === 0 ? (v > 255 ? 255 : v) : v >> 8) : v;
        }
        if (trnsValue !== undefined) {
          const transparent = colorType === 0 ? samples[s] === trnsValue[0] : samples[s] === trnsValue[0] && samples[s + 1] === trnsValue[1] && samples[s + 2] === trnsValue[2];
          out[o + samplesPerPixel] = transparent ? 0 : 255;
        }
      }
      const t = prev;
      prev = row;
      row = t;
    }
  }
  return { data: out, height, width, channels };
}

function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, row: Uint8Array, bpp: number): void {
  const n = line.length;
  switch (filter) {
    case 0: row.set(line); break;
    case 1: for (let i = 0; i < n; i++) row[i] = (line[i]! + (i >= bpp ? row[i - bpp]! : 0)) & 255; break;
    case 2: for (let i = 0; i < n; i++) row[i] = (line[i]! + prev[i]!) & 255; break;
    case 3: for (let i = 0; i < n; i++) row[i] = (line[i]! + (((i >= bpp ? row[i - bpp]! : 0) + prev[i]!) >> 1)) & 255; break;
    case 4:
      for (let i = 0; i < n; i++) {
        row[i] = (line[i]! + (i >= bpp ? paeth(row[i - bpp]!, prev[i]!, prev[i - bpp]!) : prev[i]!)) & 255;
      }
      break;
    default: throw new Error(`unknown row filter ${filter}`);
  }
}

function unpack(row: Uint8Array, samples: Uint16Array, count: number, depth: number): void {
  if (depth === 8) { for (let i = 0; i < count; i++) samples[i] = row[i]!; return; }
  if (depth === 16) { for (let i = 0; i < count; i++) samples[i] = (row[2 * i]! << 8) | row[2 * i + 1]!; return; }
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  for (let i = 0; i < count; i++) {
    const shift = 8 - depth * ((i % perByte) + 1);
    samples[i] = (row[(i / perByte) | 0]! >> shift) & mask;
  }
}
