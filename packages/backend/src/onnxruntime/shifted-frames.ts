import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { OnnxGraph } from './onnx-model.js';

/**
 * The filter gradient of a stride-1 convolution without a patch matrix ("shifted frames"). The input is
 * copied once into a zero-padded frame `[batch, FH, FW, inChannels]` (FH, FW: the input plus its padding)
 * and `dy` into a frame of the same height and width (zeros right of and below the output), both read as
 * matrices of `batch * FH * FW` rows. For filter tap `(a, b)` the input rows `a * FW + b` further down
 * pair with the `dy` rows exactly as the convolution pairs them, so that tap's `[inChannels, outChannels]`
 * gradient is one `Gemm` of two contiguous row blocks: `xFrame[s .. s + L]^T @ dyFrame[0 .. L]` with
 * `s = a * FW + b` and `L` the rows minus the largest shift. The blocks are views of the two frames
 * (onnxruntime reads them without copies), so a call writes 2 frames instead of a patch matrix
 * `filterHeight * filterWidth` times the input's size. The frames' borders add `FH * FW / (outH * outW)`
 * to the work (1.13x at 32x32, 1.56x at 8x8).
 */
export interface FrameLayout {
  readonly height: number;
  readonly width: number;
  /** Rows of each frame: `batch * height * width`. */
  readonly rows: number;
  /** Rows of each Gemm block: `rows` minus the largest tap shift. */
  readonly blockRows: number;
  /** The row shift of each tap, in HWIO order. */
  readonly shifts: readonly number[];
}

/**
 * Where shifted frames beat the patch matrix (measured on a 2-core AVX-512 VM, onnxruntime 1.x, 3x3
 * filters): the patch matrix's many short copies dominate when channels are few (8 channels at 32x32,
 * batch 256: 33 -> 12 ms; 16 at 16x16: 13 -> 5 ms; 32 at 8x8: 4.8 -> 3.5 ms), while for 64 and more
 * channels, or 32 on a 32x32 map, its one large `Gemm` is faster (21.7 vs 23.7 ms at 64 channels, 32x32,
 * batch 32). Also only without stride or dilation, and where the frame border costs under 60% more work.
 */
export function prefersShiftedFrames(g: ConvGeometry): boolean {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return false;
  if (g.filterHeight * g.filterWidth === 1 || g.outHeight * g.outWidth === 0) return false;
  const channels = Math.max(g.inChannels, g.outChannels);
  const few = channels <= 16 || (channels <= 32 && g.outHeight * g.outWidth <= 256);
  const layout = frameLayout(g);
  return few && layout.height * layout.width <= 1.6 * g.outHeight * g.outWidth;
}

/** The frames' sizes and the taps' row shifts for `g` (stride 1, dilation 1). */
export function frameLayout(g: ConvGeometry): FrameLayout {
  const height = g.inHeight + g.padTop + g.padBottom;
  const width = g.inWidth + g.padLeft + g.padRight;
  const rows = g.batch * height * width;
  const shifts: number[] = [];
  for (let a = 0; a < g.filterHeight; a++) for (let b = 0; b < g.filterWidth; b++) shifts.push(a * width + b);
  return { height, width, rows, blockRows: rows - shifts[shifts.length - 1]!, shifts };
}

/**
 * Writes the two frames of {@link frameLayout}: `x` (NHWC) at offset `(padTop, padLeft)` of `xFrame`, `dy`
 * at `(0, 0)` of `dyFrame`, zeros everywhere else. Every value of both frames is written once (the frames
 * are reused scratch memory holding stale values).
 */
export function writeFrames(x: Float32Array, dy: Float32Array, g: ConvGeometry, layout: FrameLayout, xFrame: Float32Array, dyFrame: Float32Array): void {
  const { height: FH, width: FW } = layout;
  for (let n = 0; n < g.batch; n++) {
    placeImage(x, n * g.inHeight * g.inWidth * g.inChannels, g.inHeight, g.inWidth, g.inChannels, xFrame, n * FH * FW * g.inChannels, FH, FW, g.padTop, g.padLeft);
    placeImage(dy, n * g.outHeight * g.outWidth * g.outChannels, g.outHeight, g.outWidth, g.outChannels, dyFrame, n * FH * FW * g.outChannels, FH, FW, 0, 0);
  }
}

/** Copies one `h x w x c` image into an `FH x FW x c` frame at `(top, left)` and zeros the rest of the frame. */
function placeImage(
  src: Float32Array, from: number, h: number, w: number, c: number,
  frame: Float32Array, at: number, FH: number, FW: number, top: number, left: number,
): void {
  const rowValues = FW * c;
  frame.fill(0, at, at + top * rowValues);
  for (let r = 0; r < h; r++) {
    const row = at + (top + r) * rowValues;
    frame.fill(0, row, row + left * c);
    frame.set(src.subarray(from + r * w * c, from + (r + 1) * w * c), row + left * c);
    frame.fill(0, row + (left + w) * c, row + rowValues);
  }
  frame.fill(0, at + (top + h) * rowValues, at + FH * rowValues);
}

/**
 * The graph: inputs `x0 .. x{taps-1}` (the shifted `[blockRows, inChannels]` blocks of the input frame)
 * and `dy` (`[blockRows, outChannels]`), one `Gemm` (`transA`) per tap, concatenated into
 * `[taps * inChannels, outChannels]`: the HWIO filter gradient as it lies in memory.
 */
export function filterGradFromFramesGraph(g: ConvGeometry, layout: FrameLayout): OnnxGraph {
  const taps = layout.shifts.length;
  const names = layout.shifts.map((_, t) => `x${t}`);
  return {
    nodes: [
      ...names.map((name, t) => ({ op: 'Gemm', inputs: [name, 'dy'], outputs: [`g${t}`], attrs: { transA: 1 } })),
      { op: 'Concat', inputs: names.map((_, t) => `g${t}`), outputs: ['dw'], attrs: { axis: 0 } },
    ],
    inputs: [...names.map((name) => ({ name, shape: [layout.blockRows, g.inChannels] })), { name: 'dy', shape: [layout.blockRows, g.outChannels] }],
    outputs: [{ name: 'dw', shape: [taps * g.inChannels, g.outChannels] }],
  };
}
