import { afterEach, describe, expect, it } from 'vitest';
import { adamUpdate } from '../src/kernels/adam.js';
import { batchNormBackwardRows, batchNormForwardRows } from '../src/kernels/batch-norm.js';
import { reluGradValues } from '../src/kernels/relu-grad.js';
import { channelFrameLayout, writeChannelFrames, writeChannelFramesSimd } from '../src/onnxruntime/channel-frames.js';
import type { ConvGeometry } from '../src/kernels/conv-geometry.js';
import { channelFrameWorkspace, setSimdStreamEnabled, SIMD_BATCH_NORM_MAX_CHANNELS, SIMD_STREAM_MIN_LENGTH, simdStream, simdStreamModule, type SimdBinaryOp } from '../src/kernels/simd-stream.js';

// Every kind of float32 the kernels meet: both zeros, signs, infinities, NaN, subnormals, the extremes.
const EDGE = [0, -0, 1, -1, 2.5, -3.75, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-40, 3.4028234663852886e38, -3.4028234663852886e38, 1e-30, 7];

/** `n` values: the edge values crossed with each other at the start, then a bulk part, each stream its own. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(i * 0.37 * seed + seed) * (1 + (i % 7));
  for (let i = 0; i < EDGE.length * EDGE.length && i < n; i++) out[i] = EDGE[seed === 1 ? i % EDGE.length : Math.floor(i / EDGE.length)]!;
  return out;
}

/** Equal to the bit, except that two NaNs are equal whatever their payload bits. */
function expectSameFloats(got: Float32Array, want: Float32Array, label: string): void {
  expect(got.length, label).toBe(want.length);
  const gb = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const wb = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < got.length; i++) {
    if (gb[i] === wb[i] || (Number.isNaN(got[i]) && Number.isNaN(want[i]))) continue;
    expect.fail(`${label}: element ${i} is ${got[i]} (bits ${gb[i]!.toString(16)}), want ${want[i]} (bits ${wb[i]!.toString(16)})`);
  }
}

// Lengths: just above the threshold with a tail that is not a whole vector, several chunks plus a tail.
const LENGTHS = [SIMD_STREAM_MIN_LENGTH + 3, 3 * 8192 + 5];

describe('streamed SIMD kernels', () => {
  afterEach(() => setSimdStreamEnabled(true));

  it('assembles a valid WebAssembly SIMD module and runs here (Node 20)', () => {
    const api = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
    expect(api.validate(simdStreamModule())).toBe(true);
    expect(simdStream()).not.toBeNull();
  });

  it('can be switched off, and the callers then run their JavaScript loops', () => {
    setSimdStreamEnabled(false);
    expect(simdStream()).toBeNull();
    setSimdStreamEnabled(true);
    expect(simdStream()).not.toBeNull();
  });

  it("ReLU's gradient equals the JavaScript loop (tfjs's dy * step(x)) on every edge value, across chunks and tails", () => {
    for (const n of LENGTHS) {
      const dy = values(n, 1);
      const x = values(n, 2);
      const got = new Float32Array(n).fill(123);
      reluGradValues(dy, x, got);
      setSimdStreamEnabled(false);
      const want = new Float32Array(n);
      reluGradValues(dy, x, want);
      setSimdStreamEnabled(true);
      expectSameFloats(got, want, `reluGrad n=${n}`);
      // The rule itself, on a few of the edge pairs: x > 0 passes dy, x <= 0 gives dy * 0, NaN x gives NaN.
      for (let i = 0; i < EDGE.length * EDGE.length; i++) {
        const v = x[i]!;
        const expected = Math.fround(dy[i]! * (v === v ? +(v > 0) : v));
        expect(Object.is(got[i], expected) || (Number.isNaN(got[i]) && Number.isNaN(expected)), `x=${v} dy=${dy[i]}`).toBe(true);
      }
    }
  });

  it('ReLU gives max(x, 0) with +0 for -0 and negative values and keeps NaN, across chunks and tails', () => {
    const simd = simdStream()!;
    for (const n of LENGTHS) {
      const x = values(n, 1);
      const got = new Float32Array(n).fill(5);
      simd.relu(x, got);
      expectSameFloats(got, x.map((v) => (v === v ? (v > 0 ? v : 0) : v)), `relu n=${n}`);
    }
  });

  it('a op b, a op scalar and scalar op a equal float32 arithmetic for add, sub, mul and div', () => {
    const simd = simdStream()!;
    const ref: Record<SimdBinaryOp, (p: number, q: number) => number> = { add: (p, q) => p + q, sub: (p, q) => p - q, mul: (p, q) => p * q, div: (p, q) => p / q };
    for (const n of LENGTHS) {
      const a = values(n, 1);
      const b = values(n, 2);
      for (const op of ['add', 'sub', 'mul', 'div'] as const) {
        const got = new Float32Array(n);
        simd.binary(op, a, b, 0, got);
        expectSameFloats(got, a.map((p, i) => ref[op](p, b[i]!)), `${op} n=${n}`);
        // Scalars are float32 values (tfjs's scalar tensors), as the kernels pass them.
        for (const s of [Math.fround(-0.05), -0, Infinity, Math.fround(1e-45)]) {
          simd.binary(op, a, null, s, got);
          expectSameFloats(got, a.map((p) => ref[op](p, s)), `${op} scalar ${s} n=${n}`);
          simd.binary(op, a, null, s, got, true);
          expectSameFloats(got, a.map((p) => ref[op](s, p)), `scalar ${s} ${op} n=${n}`);
        }
      }
    }
  });

  it('writes into an output that is one of its inputs (an in-place update) correctly', () => {
    const simd = simdStream()!;
    const n = LENGTHS[1]!;
    const a = values(n, 3);
    const want = a.map((p) => p * 0.5);
    simd.binary('mul', a, null, 0.5, a);
    expectSameFloats(a, want, 'in place');
  });

  it("Adam equals aug's JavaScript loop (tfjs's AdamOptimizer arithmetic) to the bit", () => {
    for (const n of LENGTHS) {
      const w = values(n, 1);
      const g = values(n, 2);
      const m = values(n, 3).map((p) => p * 0.1);
      const v = values(n, 4).map((p) => Math.abs(p) * 0.01);
      const scalars = [0.9, 0.999, 1e-3, 1e-8, 1 - 0.9 ** 5, 1 - 0.999 ** 5] as const;
      const got = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
      adamUpdate(w, g, m, v, ...scalars, ...got);
      setSimdStreamEnabled(false);
      const want = [new Float32Array(n), new Float32Array(n), new Float32Array(n)] as const;
      adamUpdate(w, g, m, v, ...scalars, ...want);
      setSimdStreamEnabled(true);
      ['w', 'm', 'v'].forEach((name, k) => expectSameFloats(got[k], want[k], `adam ${name} n=${n}`));
    }
  });

  it('BatchNorm forward and backward: the JavaScript kernels\' statistics and parameter gradients to the bit, y and dx within a rounding', () => {
    const simd = simdStream()!;
    // 4 channels over many chunks with a partial last one; 12 channels (chunks of whole rows that do not fill
    // the chunk); the most channels the kernel takes; a large per-channel offset (the variance's cancellation).
    for (const [rows, channels, shift] of [[6001, 4, 0], [1503, 12, 100], [3, SIMD_BATCH_NORM_MAX_CHANNELS, 0]] as const) {
      const n = rows * channels;
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)) + shift * (i % channels));
      const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11) * (1 + (i % 5)));
      const scale = values(channels, 5).map((v, c) => 0.5 + c * 0.01);
      const offset = values(channels, 6).map((v, c) => c * 0.1 - 0.3);
      const out = () => ({ y: new Float32Array(n), mean: new Float32Array(channels), variance: new Float32Array(channels), invStd: new Float32Array(channels), dx: new Float32Array(n), dScale: new Float32Array(channels), dOffset: new Float32Array(channels) });
      const got = out();
      expect(simd.batchNormForward(x, rows, channels, scale, offset, 1e-5, got.y, got.mean, got.variance, got.invStd)).toBe(true);
      expect(simd.batchNormBackward(dy, x, rows, channels, got.mean, got.invStd, scale, got.dx, got.dScale, got.dOffset)).toBe(true);
      setSimdStreamEnabled(false);
      const want = out();
      batchNormForwardRows(x, rows, channels, scale, offset, 1e-5, want.y, want.mean, want.variance, want.invStd);
      batchNormBackwardRows(dy, x, rows, channels, want.mean, want.invStd, scale, want.dx, want.dScale, want.dOffset);
      setSimdStreamEnabled(true);
      const label = `${rows}x${channels}`;
      for (const key of ['mean', 'variance', 'invStd', 'dScale', 'dOffset'] as const) expectSameFloats(got[key], want[key], `${label} ${key}`);
      // y = x*a + b and dx = dy*a + x*b + k in float32 steps against one rounding of the exact value: each
      // value within a few roundings of its largest term.
      const terms = {
        y: (i: number) => { const c = i % channels; const a = scale[c]! * want.invStd[c]!; return Math.abs(x[i]! * a) + Math.abs(offset[c]! - want.mean[c]! * a); },
        dx: (i: number) => { const c = i % channels; const a = scale[c]! * want.invStd[c]!; return Math.abs(dy[i]! * a) + Math.abs(x[i]! * a * want.invStd[c]! * want.invStd[c]! * Math.abs(want.dScale[c]!) / rows) + Math.abs(want.dOffset[c]! * a / rows) + Math.abs(want.mean[c]! * a * want.invStd[c]! * want.dScale[c]! / rows); },
      };
      for (const key of ['y', 'dx'] as const) {
        let worst = 0;
        for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[key][i]! - want[key][i]!) / terms[key](i));
        expect(worst, `${label} ${key}`).toBeLessThan(4 * 2 ** -24);
      }
    }
    const four = new Float32Array(6 * 6);
    const per = new Float32Array(6);
    expect(simd.batchNormForward(four, 6, 6, per, per, 1e-5, four, per, per, per)).toBe(false); // 6 channels: not whole vectors
    expect(simd.batchNormBackward(four, four, 6, 6, per, per, per, four, per, per)).toBe(false);
  });

  it("the channel frames' SIMD transpose writes what the JavaScript one writes, in a reused workspace, and refuses other shapes", () => {
    const workspace = channelFrameWorkspace()!;
    const geometry = (batch: number, h: number, w: number, c: number, o: number, kh: number, kw: number, pad: [number, number, number, number]): ConvGeometry => ({
      batch, inHeight: h, inWidth: w, inChannels: c, outChannels: o, filterHeight: kh, filterWidth: kw, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
      padTop: pad[0], padLeft: pad[1], padBottom: pad[2], padRight: pad[3], outHeight: h + pad[0] + pad[2] - kh + 1, outWidth: w + pad[1] + pad[3] - kw + 1,
    });
    // Largest first, so later calls run in a workspace holding stale frames of another geometry.
    for (const g of [geometry(3, 32, 32, 64, 8, 3, 3, [1, 1, 1, 1]), geometry(2, 8, 12, 8, 4, 3, 2, [1, 0, 1, 1]), geometry(1, 5, 4, 4, 4, 1, 3, [0, 1, 0, 1]), geometry(2, 6, 8, 12, 4, 3, 3, [2, 1, 0, 1])]) {
      const layout = channelFrameLayout(g);
      const x = Float32Array.from({ length: g.batch * g.inHeight * g.inWidth * g.inChannels }, (_, i) => i + 1);
      const dy = Float32Array.from({ length: g.batch * g.outHeight * g.outWidth * g.outChannels }, (_, i) => -i - 1);
      const want = new Float32Array(layout.length).fill(NaN);
      const wantDy = new Float32Array(layout.positions * g.outChannels).fill(NaN);
      writeChannelFrames(x, dy, g, layout, want, wantDy);
      const gotDy = new Float32Array(wantDy.length).fill(NaN);
      const got = writeChannelFramesSimd(x, dy, g, layout, workspace, gotDy)!;
      expect(got).not.toBeNull();
      expectSameFloats(got, want, `frames ${g.batch}x${g.inHeight}x${g.inWidth}x${g.inChannels}`);
      expectSameFloats(gotDy, wantDy, `dy frame ${g.batch}x${g.inHeight}x${g.inWidth}x${g.inChannels}`);
    }
    // Frames beyond a WebAssembly memory's 4 GiB: no views (the caller writes JavaScript frames), nothing allocated.
    expect(workspace.views(16, 2 ** 30)).toBeNull();
    const odd = geometry(1, 4, 6, 6, 4, 3, 3, [1, 1, 1, 1]);
    expect(writeChannelFramesSimd(new Float32Array(144), new Float32Array(96), odd, channelFrameLayout(odd), workspace, new Float32Array(4 * 6 * 8 * 4))).toBeNull();
  });
});
