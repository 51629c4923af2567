import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { ChannelFrameWorkspace } from '../kernels/simd-stream.js';
import type { OnnxGraph } from './onnx-model.js';

/**
 * The filter gradient of a stride-1 convolution from channel-major frames, without a patch matrix.
 *
 * The input is written once, zero-padded, channel by channel: `frames[c * Q + q]`, with `q` a position of
 * the padded `[batch, FH, FW]` frame (FH, FW: the input plus its padding) and `Q = batch * FH * FW`. `dy` is
 * written into a row-major frame `dyFrame[q * outChannels + o]` of the same positions, zero where no output
 * is (right of and below the output). For filter tap `(a, b)` the input position `a * FW + b` further on
 * pairs with the `dy` position exactly as the convolution pairs them, so the tap's `[inChannels,
 * outChannels]` gradient is `frames[s .. s + C * Q]` read as a `[C, Q]` matrix, times `dyFrame` (`[Q,
 * outChannels]`), with `s = a * FW + b`: a dense view, since each channel's frame starts `Q` values after
 * the previous one. Where the view runs past a channel's frame into the next one, `dy` is zero (a valid
 * output position plus a tap offset stays inside its own image's frame), so those values add nothing.
 *
 * **Row copies.** The frames are then copied `filterWidth - 1` more times, copy `b` shifted left by `b`
 * positions, one after another (`C * Q` values each; a native `copyWithin`). Read from offset `a * FW`, the
 * copies are one dense `[filterWidth * C, Q]` matrix whose row `b * C + c` is channel `c` under tap
 * `(a, b)`: one `Gemm` per filter row gives that row's `[filterWidth * C, outChannels]` gradient, in HWIO
 * order, and the `Gemm`s concatenate to the whole filter gradient as it lies in memory. MLAS packs the
 * `dy` frame once per `Gemm`, so `filterHeight` times instead of once per tap; neither operand is
 * transposed. Measured per kernel call against one `Gemm` per tap (the taps as views) or the taps copied
 * into one `[taps * C, Q]` matrix for one `Gemm`, on the 2-core AVX-512 VM, memory flushed before each call
 * (medians of 9-11): 64 channels at 32x32, batch 32: 15.4-21.5 -> 14.3-17.2 ms; 8 channels at 32x32, batch
 * 256: 13.3-18.8 -> 12.0-17.2; 16 at 16x16: 6.0-9.4 -> 5.1-9.1; 32 at 8x8: 4.1-6.6 -> 3.6-6.0. 64 and
 * more channels on 8x8 and smaller maps stay with the patch matrix (slower with frames: 256 at 8x8 14.2 vs 16.3 ms,
 * 512 at 4x4 11.4 vs 20.8).
 */
export interface ChannelFrameLayout {
  readonly height: number;
  readonly width: number;
  /** Positions per channel: `batch * height * width`. */
  readonly positions: number;
  /** Values of one row-copies matrix: `filterWidth * inChannels * positions`. */
  readonly span: number;
  /** Values of `frames`: the `filterWidth` copies plus the largest filter-row shift (a zero tail). */
  readonly length: number;
  /** Where filter row `a`'s matrix starts in `frames`: `a * width`. */
  readonly rowShifts: readonly number[];
}

/** The frames' sizes and the filter rows' shifts for `g` (stride 1, dilation 1). */
export function channelFrameLayout(g: ConvGeometry): ChannelFrameLayout {
  const height = g.inHeight + g.padTop + g.padBottom;
  const width = g.inWidth + g.padLeft + g.padRight;
  const positions = g.batch * height * width;
  const rowShifts = Array.from({ length: g.filterHeight }, (_, a) => a * width);
  const span = g.filterWidth * g.inChannels * positions;
  return { height, width, positions, span, length: span + rowShifts[rowShifts.length - 1]!, rowShifts };
}

/**
 * Whether the channel-major frames serve this geometry: stride 1, no dilation, a filter larger than 1x1, a
 * frame border that adds at most 60% to the work (`FH * FW / (outH * outW)`: 1.13x at 32x32, 1.56x at
 * 8x8), and either a map of 16x16 outputs or more with 16 or more input channels, or few channels (at most
 * 16, or 32 on maps up to 16x16), where the patch matrix's short copies dominate. 128 channels at 16x16 (batch
 * 32): the three calls of a width-64 step 37.7-38.1 -> 34.1-36.5 ms in the step, and no 38 MB patch matrix.
 * A stem that widens 3 channels to 64 keeps the patch matrix: it is small (27 values per position) while the
 * `dy` frame would copy 64 (in the width-64 step 2.7-2.9 ms against 2.6-7.8).
 */
export function prefersChannelFrames(g: ConvGeometry): boolean {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return false;
  if (g.filterHeight * g.filterWidth === 1 || g.outHeight * g.outWidth === 0) return false;
  const channels = Math.max(g.inChannels, g.outChannels);
  const map = g.outHeight * g.outWidth;
  const suits = (map >= 256 && g.inChannels >= 16) || channels <= 16 || (channels <= 32 && map <= 256);
  const frame = (g.inHeight + g.padTop + g.padBottom) * (g.inWidth + g.padLeft + g.padRight);
  return suits && frame <= 1.6 * map;
}

/**
 * Writes `x` (NHWC) channel by channel into `frames` at offset `(padTop, padLeft)` of each image's frame,
 * followed by its `filterWidth - 1` shifted copies, and `dy` (NHWC) into `dyFrame` at `(0, 0)`; every
 * other value of both (borders, the tails) is set to zero, so both may be reused scratch memory holding
 * stale values.
 */
export function writeChannelFrames(x: Float32Array, dy: Float32Array, g: ConvGeometry, layout: ChannelFrameLayout, frames: Float32Array, dyFrame: Float32Array): void {
  const { height: FH, width: FW, positions: Q } = layout;
  const C = g.inChannels;
  const W = g.inWidth;
  const frame = FH * FW;
  const bottom = g.padTop + g.inHeight;
  for (let n = 0; n < g.batch; n++) {
    const image = n * frame;
    for (let c = 0; c < C; c++) {
      const at = c * Q + image;
      frames.fill(0, at, at + g.padTop * FW);
      frames.fill(0, at + bottom * FW, at + frame);
    }
    // One input row (W * C values, in cache) at a time, spread over the C channel frames, four channels per
    // sweep (each read of x serves four frames: 3.5 -> 2.6 ms for 64 channels at 32x32, batch 32).
    for (let h = 0; h < g.inHeight; h++) {
      const rowStart = (n * g.inHeight + h) * W * C;
      const row = image + (g.padTop + h) * FW;
      for (let c = 0; c < C; c++) {
        const start = c * Q + row;
        for (let f = start; f < start + g.padLeft; f++) frames[f] = 0;
        for (let f = start + g.padLeft + W; f < start + FW; f++) frames[f] = 0;
      }
      const data = row + g.padLeft;
      let c = 0;
      for (; c + 4 <= C; c += 4) {
        const d0 = c * Q + data;
        const d1 = d0 + Q;
        const d2 = d1 + Q;
        const d3 = d2 + Q;
        for (let w = 0, src = rowStart + c; w < W; w++, src += C) {
          frames[d0 + w] = x[src]!;
          frames[d1 + w] = x[src + 1]!;
          frames[d2 + w] = x[src + 2]!;
          frames[d3 + w] = x[src + 3]!;
        }
      }
      for (; c < C; c++) {
        const d = c * Q + data;
        for (let w = 0, src = rowStart + c; w < W; w++, src += C) frames[d + w] = x[src]!;
      }
    }
  }
  finishFrames(dy, g, layout, frames, dyFrame);
}

/**
 * {@link writeChannelFrames} with the input's transpose in WebAssembly SIMD: `x` is copied into `workspace`
 * (one native copy), the frames are zeroed there (one native fill) and the transpose writes their data
 * positions, four pixels by four channels at a time; the row copies and the `dy` frame as before. Returns the
 * frames (a view into the workspace, valid until its next use), or null when the input's channels or width are
 * not multiples of 4 or the frames do not fit the workspace's 4 GiB (then use {@link writeChannelFrames}).
 * Measured alone, 64 channels at 32x32, batch 32: the whole write 5.3-6.0 -> 3.6-3.7 ms.
 */
export function writeChannelFramesSimd(x: Float32Array, dy: Float32Array, g: ConvGeometry, layout: ChannelFrameLayout, workspace: ChannelFrameWorkspace, dyFrame: Float32Array): Float32Array | null {
  const C = g.inChannels;
  if (C % 4 !== 0 || g.inWidth % 4 !== 0) return null;
  const views = workspace.views(g.batch * g.inHeight * g.inWidth * C, layout.length);
  if (views === null) return null;
  const { x: input, frames } = views;
  input.set(x.subarray(0, input.length));
  frames.fill(0, 0, C * layout.positions);
  workspace.gather(g.batch, g.inHeight, g.inWidth, C, layout.positions, layout.width, layout.height * layout.width, g.padTop * layout.width + g.padLeft);
  finishFrames(dy, g, layout, frames, dyFrame);
  return frames;
}

/** The row copies of the frames (first `C * Q` values written) and the `dy` frame. */
function finishFrames(dy: Float32Array, g: ConvGeometry, layout: ChannelFrameLayout, frames: Float32Array, dyFrame: Float32Array): void {
  const { width: FW, positions: Q } = layout;
  const frame = layout.height * FW;
  // The copies, last first: copy b reads the frames' first b values past their end as zeros.
  const CQ = g.inChannels * Q;
  frames.fill(0, CQ, CQ + g.filterWidth - 1);
  for (let b = g.filterWidth - 1; b >= 1; b--) frames.copyWithin(b * CQ, b, b + CQ);
  frames.fill(0, layout.span, layout.length);
  const O = g.outChannels;
  const rowValues = g.outWidth * O;
  for (let n = 0; n < g.batch; n++) {
    const at = n * frame * O;
    for (let h = 0; h < g.outHeight; h++) {
      const row = at + h * FW * O;
      dyFrame.set(dy.subarray((n * g.outHeight + h) * rowValues, (n * g.outHeight + h + 1) * rowValues), row);
      dyFrame.fill(0, row + rowValues, row + FW * O);
    }
    dyFrame.fill(0, at + g.outHeight * FW * O, at + frame * O);
  }
}

/**
 * The graph. Inputs: `dy` (`[positions, outChannels]`, the `dy` frame) and `r0 .. r{filterHeight-1}` (each
 * `[filterWidth * inChannels, positions]`: `frames` from `rowShifts[a]`). Output `dw`, `[taps * inChannels,
 * outChannels]`: the HWIO filter gradient as it lies in memory.
 */
export function filterGradFromChannelFramesGraph(g: ConvGeometry, layout: ChannelFrameLayout): OnnxGraph {
  const rows = g.filterWidth * g.inChannels;
  const names = layout.rowShifts.map((_, a) => `r${a}`);
  return {
    nodes: [
      ...names.map((name, a) => ({ op: 'Gemm', inputs: [name, 'dy'], outputs: [`g${a}`] })),
      { op: 'Concat', inputs: names.map((_, a) => `g${a}`), outputs: ['dw'], attrs: { axis: 0 } },
    ],
    inputs: [...names.map((name) => ({ name, shape: [rows, layout.positions] })), { name: 'dy', shape: [layout.positions, g.outChannels] }],
    outputs: [{ name: 'dw', shape: [g.filterHeight * rows, g.outChannels] }],
  };
}
