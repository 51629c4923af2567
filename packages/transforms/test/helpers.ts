import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Image } from '../src/image.js';
import type { Rng } from '../src/rng.js';
import { createRng } from '../src/rng.js';

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}

export interface EncodedImage {
  h: number;
  w: number;
  c: number;
  data: string;
}

export function decode(e: EncodedImage): Image {
  const buf = Buffer.from(e.data, 'base64');
  const data = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  return { data, height: e.h, width: e.w, channels: e.c };
}

export function decodeU8(e: EncodedImage): Image {
  const buf = Buffer.from(e.data, 'base64');
  return { data: new Uint8Array(buf), height: e.h, width: e.w, channels: e.c };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function randomImage(height: number, width: number, channels: number, seed: number, kind: 'uint8' | 'float32' = 'uint8'): Image {
  const rng = createRng(seed);
  const n = height * width * channels;
  const data = kind === 'uint8' ? new Uint8Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = kind === 'uint8' ? Math.floor(rng.next() * 256) : rng.next();
  return { data, height, width, channels };
}

/** A generator that replays fixed values (to force a branch). */
export function fixedRng(values: number[]): Rng {
  let i = 0;
  return { next: () => values[i++ % values.length]! };
}
