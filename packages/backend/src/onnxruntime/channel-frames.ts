import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { OnnxGraph } from './onnx-model.js';

/**
 * The filter gradient of a stride-1 convolution from channel-major frames, without a patch matrix.
 *
 * The input is written once, zero-padded, channel by channel: `xFrames[c * Q + q]`, with `q` a position of
 * the padded `[batch, FH, FW]` frame (FH, FW: the input plus its padding) and `Q = batch * FH * FW`. `dy` is
 * written into a row-major frame `dyFrame[q * outChannels + o]` of the same positions, zero where no output
 * is (right of and below the output). For filter tap `(a, b)` the input position `a * FW + b` further on
 * pairs with the `dy` position exactly as the convolution pairs them, so the tap's `[inChannels,
 * outChannels]` gradient is `xFrames[s .. s + C * Q]` read as a `[C, Q]` matrix, times `dyFrame` (`[Q,
 * outChannels]`), with `s = a * FW + b`: a dense view, since each channel's frame starts `Q` values after
 * the previous one. Where the view runs past a channel's frame into the next one, `dy` is zero (a valid
 * output position plus a tap offset stays inside its own image's frame), so those values add nothing; the
 * largest shift past the last channel reads `xFrames`' zero tail.
 *
 * Neither product needs a transposed operand, which MLAS's `Gemm` runs at 300+ GFLOPS on the 2-core
 * AVX-512 VM (the patch matrix's `cols^T @ dy` reached ~200). With 16 and more input channels the nine
 * views go to onnxruntime as they lie (one `Gemm` each); with fewer, those `Gemm`s are too thin, and the
 * views are copied one after another into a `[taps * C, Q]` matrix for one `Gemm` ({@link writeTapRows}).
 * Measured per kernel call (batch 32, width-64 ResNet-18; batch 256, width 8), against the patch matrix or
 * the row-major shifted frames used before: 64 channels at 32x32 25 -> 17 ms alone (20-31 -> 16-29 ms in the
 * step), the 3 -> 8 channel stem at batch 256 10.3 -> 8.7 ms alone (10-16 -> 7-10 in the step), 32 channels at
 * 8x8 5.1 -> 4.5 ms, 8 and 16 channels a tie; 128 and more channels on 16x16 and smaller maps stay with the
 * patch matrix (a tie at 16x16, 1.3-1.8x slower below).
 */
export interface ChannelFrameLayout {
  readonly height: number;
  readonly width: number;
  /** Positions per channel: `batch * height * width`. */
  readonly positions: number;
  /** Values of `xFrames`: `inChannels * positions` plus the largest tap shift (a zero tail). */
  readonly length: number;
  /** The position shift of each tap, in HWIO order. */
  readonly shifts: readonly number[];
}

/** The frames' sizes and the taps' shifts for `g` (stride 1, dilation 1). */
export function channelFrameLayout(g: ConvGeometry): ChannelFrameLayout {
  const height = g.inHeight + g.padTop + g.padBottom;
  const width = g.inWidth + g.padLeft + g.padRight;
  const positions = g.batch * height * width;
  const shifts: number[] = [];
  for (let a = 0; a < g.filterHeight; a++) for (let b = 0; b < g.filterWidth; b++) shifts.push(a * width + b);
  return { height, width, positions, length: g.inChannels * positions + shifts[shifts.length - 1]!, shifts };
}

/**
 * Whether the channel-major frames serve this geometry: stride 1, no dilation, a filter larger than 1x1, a
 * frame border that adds at most 60% to the work (`FH * FW / (outH * outW)`: 1.13x at 32x32, 1.56x at
 * 8x8), and either a large map (32x32 outputs and more) with 16 or more input channels, or few channels (at most
 * 16, or 32 on maps up to 16x16), where the patch matrix's short copies dominate. A stem that widens 3 channels to
 * 64 keeps the patch matrix: it is small (27 values per position) while the `dy` frame would copy 64 (in the
 * width-64 step 2.7-2.9 ms against 2.6-7.8).
 */
export function prefersChannelFrames(g: ConvGeometry): boolean {
  if (g.strideHeight !== 1 || g.strideWidth !== 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return false;
  if (g.filterHeight * g.filterWidth === 1 || g.outHeight * g.outWidth === 0) return false;
  const channels = Math.max(g.inChannels, g.outChannels);
  const map = g.outHeight * g.outWidth;
  const suits = (map >= 1024 && g.inChannels >= 16) || channels <= 16 || (channels <= 32 && map <= 256);
  const frame = (g.inHeight + g.padTop + g.padBottom) * (g.inWidth + g.padLeft + g.padRight);
  return suits && frame <= 1.6 * map;
}

/**
 * Writes `x` (NHWC) channel by channel into `xFrames` at offset `(padTop, padLeft)` of each image's frame,
 * and `dy` (NHWC) into `dyFrame` at `(0, 0)`; every other value of both (borders, the tail) is set to zero,
 * so both may be reused scratch memory holding stale values.
 */
export function writeChannelFrames(x: Float32Array, dy: Float32Array, g: ConvGeometry, layout: ChannelFrameLayout, xFrames: Float32Array, dyFrame: Float32Array): void {
  const { height: FH, width: FW, positions: Q } = layout;
  const C = g.inChannels;
  const W = g.inWidth;
  const frame = FH * FW;
  const bottom = g.padTop + g.inHeight;
  for (let n = 0; n < g.batch; n++) {
    const image = n * frame;
    for (let c = 0; c < C; c++) {
      const at = c * Q + image;
      xFrames.fill(0, at, at + g.padTop * FW);
      xFrames.fill(0, at + bottom * FW, at + frame);
    }
    // One input row (W * C values, in cache) at a time, spread over the C channel frames.
    for (let h = 0; h < g.inHeight; h++) {
      const rowStart = (n * g.inHeight + h) * W * C;
      const row = image + (g.padTop + h) * FW;
      for (let c = 0; c < C; c++) {
        const start = c * Q + row;
        const data = start + g.padLeft;
        for (let f = start; f < data; f++) xFrames[f] = 0;
        for (let w = 0, src = rowStart + c; w < W; w++, src += C) xFrames[data + w] = x[src]!;
        for (let f = data + W; f < start + FW; f++) xFrames[f] = 0;
      }
    }
  }
  xFrames.fill(0, C * Q, layout.length);
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

/** Whether the taps' views are copied into one matrix (fewer than 16 input channels) rather than used as they lie. */
export function stacksTapRows(g: ConvGeometry): boolean {
  return g.inChannels < 16;
}

/** Writes the taps' views of `xFrames` one after another into `rows` (`taps * inChannels * positions` values). */
export function writeTapRows(xFrames: Float32Array, g: ConvGeometry, layout: ChannelFrameLayout, rows: Float32Array): void {
  const span = g.inChannels * layout.positions;
  layout.shifts.forEach((s, t) => rows.set(xFrames.subarray(s, s + span), t * span));
}

/**
 * The graph. Inputs: `dy` (`[positions, outChannels]`, the `dy` frame) and either `rows` (`[taps *
 * inChannels, positions]`, {@link writeTapRows}) when {@link stacksTapRows}, or `x0 .. x{taps-1}` (each
 * `[inChannels, positions]`, the taps' views of `xFrames`). Output `dw`, `[taps * inChannels, outChannels]`:
 * the HWIO filter gradient as it lies in memory.
 */
export function filterGradFromChannelFramesGraph(g: ConvGeometry, layout: ChannelFrameLayout): OnnxGraph {
  const taps = layout.shifts.length;
  const dy = { name: 'dy', shape: [layout.positions, g.outChannels] };
  const outputs = [{ name: 'dw', shape: [taps * g.inChannels, g.outChannels] }];
  if (stacksTapRows(g)) {
    return { nodes: [{ op: 'Gemm', inputs: ['rows', 'dy'], outputs: ['dw'] }], inputs: [{ name: 'rows', shape: [taps * g.inChannels, layout.positions] }, dy], outputs };
  }
  const names = layout.shifts.map((_, t) => `x${t}`);
  return {
    nodes: [
      ...names.map((name, t) => ({ op: 'Gemm', inputs: [name, 'dy'], outputs: [`g${t}`] })),
      { op: 'Concat', inputs: names.map((_, t) => `g${t}`), outputs: ['dw'], attrs: { axis: 0 } },
    ],
    inputs: [...names.map((name) => ({ name, shape: [g.inChannels, layout.positions] })), dy],
    outputs,
  };
}
