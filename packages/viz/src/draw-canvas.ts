import { clampByte } from '@aug/internal';
import type { Image } from '@aug/transforms';
import { assertImage } from '@aug/transforms/functional';

/** An RGB uint8 pixel buffer being drawn on (HWC, 3 channels). */
export interface Canvas {
  readonly data: Uint8Array;
  readonly height: number;
  readonly width: number;
}

/** An RGB colour, each channel 0..255. */
export type Rgb = readonly [number, number, number];

/**
 * A fresh RGB uint8 copy of `image` to draw on: float32 pixels ([0, 1]) become `v * 255` rounded and clamped
 * (the shared float -> uint8 rule), one grey channel is repeated three times (torchvision tiles grey images).
 * Throws a RangeError naming `name` for other channel counts.
 *
 * @example
 * ```ts
 * const canvas = toCanvas(img, 'image');
 * ```
 */
export function toCanvas(image: Image, name: string): Canvas {
  assertImage(image, name);
  const { height, width, channels, data } = image;
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`${name} has ${channels} channels; drawing takes 1 (grey, repeated to RGB) or 3 (RGB) channels`);
  }
  const float = data instanceof Float32Array;
  const out = new Uint8Array(height * width * 3);
  const n = height * width;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      const v = data[channels === 1 ? p : p * 3 + c]!;
      out[p * 3 + c] = float ? clampByte(v * 255) : v;
    }
  }
  return { data: out, height, width };
}

/** The canvas as a uint8 RGB `Image`. */
export function canvasImage(c: Canvas): Image {
  return { data: c.data, height: c.height, width: c.width, channels: 3 };
}

/** PIL's `DIV255`: `a / 255` rounded, in integers. */
function div255(a: number): number {
  const t = a + 128;
  return ((t >> 8) + t) >> 8;
}

/**
 * Sets (or, with `alpha` < 255, blends as PIL's RGBA-on-RGB drawing: `(out * (255 - a) + ink * a) / 255`,
 * rounded) one pixel; points outside the canvas are ignored.
 */
export function point(c: Canvas, x: number, y: number, ink: Rgb, alpha = 255): void {
  if (x < 0 || x >= c.width || y < 0 || y >= c.height) return;
  const i = (y * c.width + x) * 3;
  if (alpha >= 255) {
    c.data[i] = ink[0];
    c.data[i + 1] = ink[1];
    c.data[i + 2] = ink[2];
  } else {
    for (let k = 0; k < 3; k++) c.data[i + k] = div255(c.data[i + k]! * (255 - alpha) + ink[k]! * alpha);
  }
}

/** PIL's `hline`: pixels `x0..x1` (both included) of row `y`, clipped to the canvas. */
export function hline(c: Canvas, x0: number, y: number, x1: number, ink: Rgb, alpha = 255): void {
  if (y < 0 || y >= c.height) return;
  const a = Math.max(0, x0);
  const b = Math.min(c.width - 1, x1);
  for (let x = a; x <= b; x++) point(c, x, y, ink, alpha);
}

/**
 * PIL's one-pixel line (Bresenham, `ImagingDrawLine`): from `(x0, y0)` up to but not including `(x1, y1)`.
 */
export function line(c: Canvas, x0: number, y0: number, x1: number, y1: number, ink: Rgb, alpha = 255): void {
  let dx = x1 - x0;
  let dy = y1 - y0;
  const xs = dx < 0 ? -1 : 1;
  const ys = dy < 0 ? -1 : 1;
  dx = Math.abs(dx);
  dy = Math.abs(dy);
  let x = x0;
  let y = y0;
  if (dx === 0) {
    for (let i = 0; i < dy; i++, y += ys) point(c, x, y, ink, alpha);
  } else if (dy === 0) {
    for (let i = 0; i < dx; i++, x += xs) point(c, x, y, ink, alpha);
  } else if (dx > dy) {
    const n = dx;
    const dy2 = 2 * dy;
    const dx2 = 2 * dx;
    let e = dy2 - dx;
    for (let i = 0; i < n; i++) {
      point(c, x, y, ink, alpha);
      if (e >= 0) {
        y += ys;
        e -= dx2;
      }
      e += dy2;
      x += xs;
    }
  } else {
    const n = dy;
    const dx2 = 2 * dx;
    const dy2 = 2 * dy;
    let e = dx2 - dy;
    for (let i = 0; i < n; i++) {
      point(c, x, y, ink, alpha);
      if (e >= 0) {
        x += xs;
        e -= dy2;
      }
      e += dx2;
      y += ys;
    }
  }
}

/** C's `(int)` of a double: truncation toward zero (torch's `.to(torch.int64)` too). */
export function trunc(v: number): number {
  return Math.trunc(v);
}
