import { getKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry.js';
import { BackendError } from '../errors.js';

/** The part of tfjs-backend-wasm's `BackendWasm` aug's kernels use. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

/** Runs one of the wasm backend's own kernels directly (no engine bookkeeping, no tape). */
export function runWasmKernel(name: string, args: Parameters<KernelFunc>[0]): TensorInfo {
  const kernel = getKernel(name, 'wasm');
  if (kernel === undefined) throw new BackendError('KERNEL_MISSING', `@aug/backend: the wasm backend has no '${name}' kernel (is @tensorflow/tfjs-backend-wasm 4.x loaded?)`);
  return kernel.kernelFunc(args) as TensorInfo;
}

/** Whether the patch matrix is the input itself (1x1 filter, stride 1, no padding). */
export function isPointwise(g: ConvGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0;
}

/** The backend argument tfjs hands a kernel function. */
export type KernelBackendArg = Parameters<KernelFunc>[0]['backend'];
