import { UINT8_TO_UNIT, toUint8 } from '@aug/internal';
import type { Image } from '../image.js';
import { alloc, quantizeUnitF32 } from './pixels.js';
import { cachedWeights, nearestIndices } from './resize-weights.js';
import type { AxisWeights } from './resize-weights.js';
import type { Interpolation } from './resize.js';

const f32 = Math.fround;

let scratchIn = new Float32Array(0);
let scratchMid = new Float64Array(0);

function scratchF32(n: number): Float32Array {
  if (scratchIn.length < n) scratchIn = new Float32Array(Math.max(n, scratchIn.length * 2));
  return scratchIn;
}

function scratchF64(n: number): Float64Array {
  if (scratchMid.length < n) scratchMid = new Float64Array(Math.max(n, scratchMid.length * 2));
  return scratchMid;
}

/**
 * Plain bilinear (two-tap tables on both axes) of a window of a uint8 RGB image: the arithmetic of the
 * general path below (`v / 255` as float32, a float64 horizontal pass, the vertical pass rounded to
 * float32 and then to uint8) in one specialised loop that reads the bytes directly.
 */
function bilinearRgbU8(
  src: Uint8Array,
  w: number,
  top: number,
  left: number,
  height: number,
  outH: number,
  outW: number,
  wx: AxisWeights,
  wy: AxisWeights,
): Image {
  const rowOut = outW * 3;
  const mid = scratchF64(height * rowOut);
  const F = UINT8_TO_UNIT;
  const xs = wx.start;
  const xn = wx.count;
  const xw = wx.weights;
  for (let y = 0; y < height; y++) {
    const srow = ((top + y) * w + left) * 3;
    for (let ox = 0, d = y * rowOut; ox < outW; ox++, d += 3) {
      const s0 = srow + xs[ox]! * 3;
      const w0 = xw[ox * 2]!;
      if (xn[ox] === 2) {
        const w1 = xw[ox * 2 + 1]!;
        mid[d] = w0 * F[src[s0]!]! + w1 * F[src[s0 + 3]!]!;
        mid[d + 1] = w0 * F[src[s0 + 1]!]! + w1 * F[src[s0 + 4]!]!;
        mid[d + 2] = w0 * F[src[s0 + 2]!]! + w1 * F[src[s0 + 5]!]!;
      } else {
        mid[d] = w0 * F[src[s0]!]!;
        mid[d + 1] = w0 * F[src[s0 + 1]!]!;
        mid[d + 2] = w0 * F[src[s0 + 2]!]!;
      }
    }
  }
  const out = new Uint8Array(outH * rowOut);
  const ys = wy.start;
  const yn = wy.count;
  const yw = wy.weights;
  for (let oy = 0; oy < outH; oy++) {
    const s0 = ys[oy]! * rowOut;
    const d = oy * rowOut;
    const w0 = yw[oy * 2]!;
    if (yn[oy] === 2) {
      const w1 = yw[oy * 2 + 1]!;
      const s1 = s0 + rowOut;
      // Weights are non-negative and sum to 1, so values stay in [0, 1]. rowOut is a multiple of 3: unrolled by pixel.
      for (let i = 0; i < rowOut; i += 3) {
        out[d + i] = quantizeUnitF32(f32(w0 * mid[s0 + i]! + w1 * mid[s1 + i]!));
        out[d + i + 1] = quantizeUnitF32(f32(w0 * mid[s0 + i + 1]! + w1 * mid[s1 + i + 1]!));
        out[d + i + 2] = quantizeUnitF32(f32(w0 * mid[s0 + i + 2]! + w1 * mid[s1 + i + 2]!));
      }
    } else {
      for (let i = 0; i < rowOut; i += 3) {
        out[d + i] = quantizeUnitF32(f32(w0 * mid[s0 + i]!));
        out[d + i + 1] = quantizeUnitF32(f32(w0 * mid[s0 + i + 1]!));
        out[d + i + 2] = quantizeUnitF32(f32(w0 * mid[s0 + i + 2]!));
      }
    }
  }
  return { data: out, height: outH, width: outW, channels: 3 };
}

/**
 * Resamples the window (`top`, `left`, `height`, `width`) of `img`, which must lie inside the image,
 * to `outH` x `outW`. The core of `resize` and `resizedCrop`.
 */
export function resampleWindow(
  img: Image,
  top: number,
  left: number,
  height: number,
  width: number,
  outH: number,
  outW: number,
  interpolation: Interpolation,
  antialias: boolean,
): Image {
  const { width: w, channels: c } = img;
  if (interpolation === 'nearest') {
    const out = alloc(img, outH * outW * c);
    const ys = nearestIndices(height, outH);
    const xs = nearestIndices(width, outW);
    const src = img.data;
    for (let oy = 0; oy < outH; oy++) {
      const srow = (top + ys[oy]!) * w + left;
      const drow = oy * outW * c;
      for (let ox = 0; ox < outW; ox++) {
        const s = (srow + xs[ox]!) * c;
        const d = drow + ox * c;
        for (let k = 0; k < c; k++) out[d + k] = src[s + k]!;
      }
    }
    return { data: out, height: outH, width: outW, channels: c };
  }
  const wy = cachedWeights(height, outH, interpolation, antialias);
  const wx = cachedWeights(width, outW, interpolation, antialias);
  if (c === 3 && wx.stride === 2 && wy.stride === 2 && img.data instanceof Uint8Array) {
    return bilinearRgbU8(img.data, w, top, left, height, outH, outW, wx, wy);
  }
  const out = alloc(img, outH * outW * c);
  // The window as float32 values in [0, 1], rows of `width * c`.
  let win: Float32Array;
  let winStride: number;
  let winOffset: number;
  if (img.data instanceof Float32Array) {
    win = img.data;
    winStride = w * c;
    winOffset = (top * w + left) * c;
  } else {
    const n = height * width * c;
    win = scratchF32(n);
    const src = img.data;
    for (let y = 0; y < height; y++) {
      const s = ((top + y) * w + left) * c;
      const d = y * width * c;
      for (let i = 0; i < width * c; i++) win[d + i] = UINT8_TO_UNIT[src[s + i]!]!;
    }
    winStride = width * c;
    winOffset = 0;
  }
  // Horizontal pass: height x outW x c in float64.
  const rowOut = outW * c;
  const mid = scratchF64(height * rowOut);
  const { start: xs, count: xn, stride: xst, weights: xw } = wx;
  if (c === 3 && xst === 2) {
    // Plain bilinear on RGB: at most two taps, unrolled.
    for (let y = 0; y < height; y++) {
      const srow = winOffset + y * winStride;
      const drow = y * rowOut;
      for (let ox = 0, d = drow; ox < outW; ox++, d += 3) {
        const s0 = srow + xs[ox]! * 3;
        const w0 = xw[ox * 2]!;
        if (xn[ox] === 2) {
          const w1 = xw[ox * 2 + 1]!;
          mid[d] = w0 * win[s0]! + w1 * win[s0 + 3]!;
          mid[d + 1] = w0 * win[s0 + 1]! + w1 * win[s0 + 4]!;
          mid[d + 2] = w0 * win[s0 + 2]! + w1 * win[s0 + 5]!;
        } else {
          mid[d] = w0 * win[s0]!;
          mid[d + 1] = w0 * win[s0 + 1]!;
          mid[d + 2] = w0 * win[s0 + 2]!;
        }
      }
    }
  } else for (let y = 0; y < height; y++) {
    const srow = winOffset + y * winStride;
    const drow = y * rowOut;
    for (let ox = 0; ox < outW; ox++) {
      const s0 = srow + xs[ox]! * c;
      const n = xn[ox]!;
      const wb = ox * xst;
      const d = drow + ox * c;
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += xw[wb + j]! * win[s0 + j * c + k]!;
        mid[d + k] = acc;
      }
    }
  }
  // Vertical pass into the output.
  const { start: ys, count: yn, stride: yst, weights: yw } = wy;
  const isU8 = out instanceof Uint8Array;
  for (let oy = 0; oy < outH; oy++) {
    const s0 = ys[oy]! * rowOut;
    const n = yn[oy]!;
    const wb = oy * yst;
    const d = oy * rowOut;
    if (n === 2) {
      const w0 = yw[wb]!;
      const w1 = yw[wb + 1]!;
      const s1 = s0 + rowOut;
      if (isU8) {
        for (let i = 0; i < rowOut; i++) {
          out[d + i] = toUint8(f32(w0 * mid[s0 + i]! + w1 * mid[s1 + i]!));
        }
      } else {
        for (let i = 0; i < rowOut; i++) out[d + i] = w0 * mid[s0 + i]! + w1 * mid[s1 + i]!;
      }
    } else {
      for (let i = 0; i < rowOut; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += yw[wb + j]! * mid[s0 + j * rowOut + i]!;
        out[d + i] = isU8 ? toUint8(f32(acc)) : acc;
      }
    }
  }
  return { data: out, height: outH, width: outW, channels: c };
}
