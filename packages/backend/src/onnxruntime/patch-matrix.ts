import type { ConvGeometry } from '../kernels/conv-geometry.js';

/**
 * Writes the patch matrix (im2col) of the NHWC input `x` for the convolution `g` into `out`, in one pass:
 * one row per output position `(n, oh, ow)`, and in each row the input values each filter tap `(kh, kw)`
 * reads, `inChannels` at a time in HWIO order (so `rows^T @ dy` is the HWIO filter gradient as it lies).
 * Taps that fall on the zero padding get zeros. With dilation 1 the taps of one filter row read
 * `filterWidth * inChannels` consecutive values of `x`, copied as one run. `out` must hold
 * `batch * outHeight * outWidth * filterHeight * filterWidth * inChannels` values; all of them are written.
 *
 * @example
 * ```ts
 * const cols = new Float32Array(g.batch * g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * g.inChannels);
 * writePatchMatrix(x, g, cols);
 * ```
 */
export function writePatchMatrix(x: Float32Array, g: ConvGeometry, out: Float32Array): void {
  const { inHeight: H, inWidth: W, inChannels: C, filterHeight: KH, filterWidth: KW } = g;
  const rowLength = KH * KW * C;
  const tapRun = KW * C;
  if (out.length < g.batch * g.outHeight * g.outWidth * rowLength) {
    throw new RangeError(`writePatchMatrix: out holds ${out.length} values, the patch matrix needs ${g.batch * g.outHeight * g.outWidth * rowLength}`);
  }
  let o = 0;
  for (let n = 0; n < g.batch; n++) {
    const image = n * H * W * C;
    for (let oh = 0; oh < g.outHeight; oh++) {
      const ih0 = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < g.outWidth; ow++) {
        const iw0 = ow * g.strideWidth - g.padLeft;
        const iwLast = iw0 + (KW - 1) * g.dilationWidth;
        const wholeRow = g.dilationWidth === 1 && iw0 >= 0 && iwLast < W;
        for (let kh = 0; kh < KH; kh++) {
          const ih = ih0 + kh * g.dilationHeight;
          if (ih < 0 || ih >= H) {
            zero(out, o, tapRun);
          } else if (wholeRow) {
            copy(x, image + (ih * W + iw0) * C, out, o, tapRun);
          } else {
            for (let kw = 0; kw < KW; kw++) {
              const iw = iw0 + kw * g.dilationWidth;
              if (iw < 0 || iw >= W) zero(out, o + kw * C, C);
              else copy(x, image + (ih * W + iw) * C, out, o + kw * C, C);
            }
          }
          o += tapRun;
        }
      }
    }
  }
}

/**
 * Runs shorter than this are copied element by element: `set(subarray())` allocates a view per call,
 * which costs more than copying a few dozen values (3 or 8 channels of a 3-wide filter row: 1.3-3x faster
 * for the whole matrix; from 16 channels on, `set` is faster).
 */
const SHORT_RUN = 32;

function copy(x: Float32Array, from: number, out: Float32Array, at: number, length: number): void {
  if (length < SHORT_RUN) {
    for (let j = 0; j < length; j++) out[at + j] = x[from + j]!;
  } else {
    out.set(x.subarray(from, from + length), at);
  }
}

function zero(out: Float32Array, at: number, length: number): void {
  if (length < SHORT_RUN) {
    for (let j = 0; j < length; j++) out[at + j] = 0;
  } else {
    out.fill(0, at, at + length);
  }
}

/**
 * One float32 scratch buffer, grown to the largest size asked for and handed out as views: the patch
 * matrices of a step are used one kernel call at a time, so one buffer serves them all without
 * allocating fresh memory per call.
 */
export class ScratchBuffer {
  private buffer = new Float32Array(0);

  /** A view of `length` values (contents unspecified). */
  view(length: number): Float32Array {
    if (this.buffer.length < length) this.buffer = new Float32Array(length);
    return this.buffer.subarray(0, length);
  }
}
