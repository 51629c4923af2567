import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-helpers.js';
import { BackendError } from '../errors.js';

/** Whether `Tile` only repeats one contiguous row (`x` is `[1, ..., 1, C]`, the last rep is 1). */
function isRowRepeat(shape: number[], reps: number[]): boolean {
  if (shape.length !== reps.length || shape.length === 0) return false;
  for (let i = 0; i < shape.length - 1; i++) if (shape[i] !== 1) return false;
  return reps[reps.length - 1] === 1;
}

/**
 * `Tile` for tfjs-backend-wasm, fast for the case tfjs's BatchNorm gradient produces (a per-channel
 * `[1, 1, 1, C]` vector tiled to the activation's shape): the row is written once and then doubled
 * with `copyWithin` (memcpy speed). The stock C++ kernel walks every output element through generic
 * index arithmetic (see the README's table of what was missing). Other shapes and dtypes go to the
 * stock kernel.
 */
export function wasmTileKernel(fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const reps = (attrs ?? {})['reps'] as number[];
    if (x.dtype !== 'float32' || !isRowRepeat(x.shape, reps)) {
      if (fallback === null) throw new BackendError('KERNEL_MISSING', '@aug/backend: no stock wasm Tile kernel to fall back to');
      return fallback(args);
    }
    const wasm = backend as unknown as WasmBackendLike;
    const outShape = x.shape.map((d, i) => d * reps[i]!);
    const out = wasm.makeOutput(outShape, 'float32');
    const row = x.shape[x.shape.length - 1]!;
    const view = wasm.typedArrayFromHeap(out);
    if (view.length === 0) return out;
    view.set(wasm.typedArrayFromHeap(x).subarray(0, row), 0);
    let filled = row;
    while (filled < view.length) {
      const n = Math.min(filled, view.length - filled);
      view.copyWithin(filled, 0, n);
      filled += n;
    }
    return out;
  };
  return { kernelName: 'Tile', backendName: 'wasm', kernelFunc };
}
