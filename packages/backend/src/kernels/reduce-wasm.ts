import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-helpers.js';
import { blockRows } from './row-blocks.js';
import { BackendError } from '../errors.js';

/** Whether `axes` are exactly all axes but the last of a rank-`rank` tensor (a per-channel reduction). */
export function isLeadingAxes(axes: number[], rank: number): boolean {
  if (rank < 2 || axes.length !== rank - 1) return false;
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.every((axis, i) => axis === i);
}

/**
 * Adds the `rows` contiguous rows of length `channels` of `x` into `out` (float64 sums, one per channel,
 * block by block: {@link blockRows}), then scales by `scale`.
 */
export function reduceRows(x: Float32Array, rows: number, channels: number, out: Float32Array, scale: number): void {
  const acc = new Float64Array(channels);
  const block = blockRows(channels);
  for (let r0 = 0; r0 < rows; r0 += block) {
    const end = Math.min(rows, r0 + block) * channels;
    for (let c = 0; c < channels; c++) {
      let s = 0;
      for (let i = r0 * channels + c; i < end; i += channels) s += x[i]!;
      acc[c]! += s;
    }
  }
  for (let c = 0; c < channels; c++) out[c] = acc[c]! * scale;
}

/**
 * `Sum` / `Mean` for tfjs-backend-wasm, fast for the per-channel reduction of an NHWC activation
 * (all axes but the last), which BatchNorm and its gradient run ~150 times per ResNet-18 step. The
 * stock kernels transpose the reduced axes to the end first; this is one pass over contiguous rows
 * with float64 accumulators (faster, and more accurate). Other axes and dtypes go to the stock kernel.
 */
export function wasmChannelReduceKernel(kernelName: 'Sum' | 'Mean', fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const a = (attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    const axes = util.parseAxisParam(a.axis ?? [], x.shape);
    if (x.dtype !== 'float32' || !isLeadingAxes(axes, x.shape.length)) {
      if (fallback === null) throw new BackendError('KERNEL_MISSING', `@aug/backend: no stock wasm ${kernelName} kernel to fall back to`);
      return fallback(args);
    }
    const wasm = backend as unknown as WasmBackendLike;
    const channels = x.shape[x.shape.length - 1]!;
    const rows = channels === 0 ? 0 : util.sizeFromShape(x.shape) / channels;
    const outShape = a.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
    const out = wasm.makeOutput(outShape, 'float32');
    const scale = kernelName === 'Mean' ? 1 / rows : 1;
    // Views are taken after the allocation: a heap growth detaches older views.
    reduceRows(wasm.typedArrayFromHeap(x), rows, channels, wasm.typedArrayFromHeap(out), scale);
    return out;
  };
  return { kernelName, backendName: 'wasm', kernelFunc };
}
