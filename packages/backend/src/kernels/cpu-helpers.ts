import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';

/** The part of tfjs-backend-cpu's `MathBackendCPU` aug's cpu-side kernels use (buffers are plain typed arrays). */
export interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/** The float32 buffer behind `t` on a tfjs-backend-cpu instance (the tensor's own, not a copy). */
export function cpuValues(backend: CpuBackendLike, t: TensorInfo): Float32Array {
  return backend.data.get(t.dataId).values as Float32Array;
}

/** Runs the stock kernel a fast cpu-side kernel defers to for what it does not take. */
export function runFallback(kernelName: string, fallback: KernelFunc | null, args: Parameters<KernelFunc>[0]): TensorInfo | TensorInfo[] {
  if (fallback === null) throw new BackendError('KERNEL_MISSING', `@aug/backend: no stock ${kernelName} kernel to fall back to`);
  return fallback(args);
}
