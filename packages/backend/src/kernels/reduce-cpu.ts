import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { isLeadingAxes, reduceRows } from './reduce-wasm.js';
import { cpuValues, runFallback, type CpuBackendLike } from './cpu-helpers.js';


/**
 * `Sum` / `Mean` for a tfjs-backend-cpu instance, fast for the per-channel reduction of an NHWC
 * activation (all axes but the last: every convolution's bias gradient and BatchNorm's statistics).
 * The stock kernels transpose the reduced axes to the end first; this is one pass over contiguous rows
 * with float64 accumulators ({@link reduceRows}). Other axes and dtypes go to `fallback`.
 */
export function cpuChannelReduceKernel(kernelName: 'Sum' | 'Mean', backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const a = (attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    const axes = util.parseAxisParam(a.axis ?? [], x.shape);
    if (x.dtype !== 'float32' || !isLeadingAxes(axes, x.shape.length)) {
      return runFallback(kernelName, fallback, args);
    }
    const cpu = backend as unknown as CpuBackendLike;
    const channels = x.shape[x.shape.length - 1]!;
    const rows = channels === 0 ? 0 : util.sizeFromShape(x.shape) / channels;
    const outShape = a.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
    const out = new Float32Array(channels);
    reduceRows(cpuValues(cpu, x), rows, channels, out, kernelName === 'Mean' ? 1 / rows : 1);
    return cpu.makeTensorInfo(outShape, 'float32', out);
  };
  return { kernelName, backendName, kernelFunc };
}
