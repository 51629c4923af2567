import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { OrtEngine } from './ort-engine.js';
import { winogradFilterGradGraph, winogradForwardGraph, winogradInputGradGraph } from './winograd-graphs.js';

const works = new WeakMap<OrtEngine, boolean>();

/**
 * Whether `engine` runs the Winograd graphs and they give a direct convolution's results: the forward pass
 * (bias and relu fused), the input gradient and the filter gradient of a small 3x3 convolution with odd map
 * sizes, each against a float64 loop. False on a build without onnxruntime's contrib operators (`FusedMatMul`)
 * or if anything differs, so the kernels keep their other graphs. Read once per engine: three small sessions.
 *
 * @example `if (prefersWinograd(g, 'forward') && winogradWorks(engine)) ...`
 */
export function winogradWorks(engine: OrtEngine): boolean {
  let ok = works.get(engine);
  if (ok === undefined) {
    try {
      ok = agreesWithDirect(engine);
    } catch {
      ok = false;
    }
    works.set(engine, ok);
  }
  return ok;
}

function agreesWithDirect(engine: OrtEngine): boolean {
  const [n, h, w, ci, co] = [2, 5, 3, 4, 3];
  const g: ConvGeometry = {
    batch: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: h, outWidth: w, outChannels: co, filterHeight: 3, filterWidth: 3,
    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1,
  };
  const values = (count: number, seed: number) => Float32Array.from({ length: count }, (_, i) => Math.sin(seed + i * 0.7331) * 0.5);
  const x = values(n * h * w * ci, 1);
  const f = values(9 * ci * co, 2);
  const b = values(co, 3);
  const dy = values(n * h * w * co, 4);
  const xShape = [n, h, w, ci];
  const yShape = [n, h, w, co];
  // Direct float64 references: y = relu(conv(x, f) + b), dx = conv^T(dy, f), dw = x (*) dy.
  const y = new Float64Array(n * h * w * co);
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(f.length);
  for (let s = 0; s < n; s++) {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        for (let kh = 0; kh < 3; kh++) {
          for (let kw = 0; kw < 3; kw++) {
            const ir = r + kh - 1;
            const ic = c + kw - 1;
            if (ir < 0 || ic < 0 || ir >= h || ic >= w) continue;
            for (let i = 0; i < ci; i++) {
              const xv = x[((s * h + ir) * w + ic) * ci + i]!;
              for (let o = 0; o < co; o++) {
                const fi = ((kh * 3 + kw) * ci + i) * co + o;
                const oi = ((s * h + r) * w + c) * co + o;
                y[oi] = y[oi]! + xv * f[fi]!;
                dx[((s * h + ir) * w + ic) * ci + i] = dx[((s * h + ir) * w + ic) * ci + i]! + dy[oi]! * f[fi]!;
                dw[fi] = dw[fi]! + xv * dy[oi]!;
              }
            }
          }
        }
      }
    }
  }
  for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]! + b[i % co]!);
  const close = (got: Float32Array, want: Float64Array) => got.every((v, i) => Math.abs(v - want[i]!) <= 1e-5 * (1 + Math.abs(want[i]!)));
  const gotY = engine.run('winograd-check:forward', () => winogradForwardGraph(g, { bias: true, activation: 'relu' }), { x: { data: x, shape: xShape }, w: { data: f, shape: [3, 3, ci, co] }, b: { data: b, shape: [co] } }, 'y', yShape);
  const gotDx = engine.run('winograd-check:inputGrad', () => winogradInputGradGraph(g), { dy: { data: dy, shape: yShape }, w: { data: f, shape: [3, 3, ci, co] } }, 'dx', xShape);
  const gotDw = engine.run('winograd-check:filterGrad', () => winogradFilterGradGraph(g), { x: { data: x, shape: xShape }, dy: { data: dy, shape: yShape } }, 'dw', [3, 3, ci, co]);
  return close(gotY, y) && close(gotDx, dx) && close(gotDw, dw);
}
