import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { filterGradGeometry, isNhwc } from './conv-geometry.js';
import { cpuValues, type CpuBackendLike } from './cpu-helpers.js';
import { BackendError } from '../errors.js';


/**
 * The filter gradient of an NHWC convolution on the cpu backend:
 * `dW[kh, kw, ci, co] = sum over (n, oh, ow) of x[n, ih, iw, ci] * dy[n, oh, ow, co]`, with
 * `ih = oh * strideH - padTop + kh * dilationH` (and the same for widths).
 *
 * tfjs-backend-cpu's stock kernel walks the output filter element by element and re-reads `x` and
 * `dy` with large strides for each one. This one walks each output position once and adds the outer
 * product of the input patch and the `dy` row into the filter, so every inner loop runs over
 * contiguous memory (`outChannels` floats), skips zero inputs (common after ReLU), and sums in
 * float64. NHWC float32 only: the kernel ({@link cpuFilterGradKernel}) hands other inputs to the stock kernel.
 */
export function cpuFilterGrad(x: Float32Array, dy: Float32Array, g: ReturnType<typeof filterGradGeometry>): Float32Array {
  const { batch, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co } = g;
  const acc = new Float64Array(g.filterHeight * g.filterWidth * ci * co);
  for (let n = 0; n < batch; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * co;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < g.filterWidth; kw++) {
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * ci;
            const wBase = (kh * g.filterWidth + kw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const xv = x[xBase + c]!;
              if (xv === 0) continue;
              const off = wBase + c * co;
              for (let o = 0; o < co; o++) acc[off + o]! += xv * dy[dyBase + o]!;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/** Builds the cpu `Conv2DBackpropFilter` kernel config; `fallback` runs NCHW calls. */
export function cpuFilterGradKernel(fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    if (!isNhwc(attrs ?? {}) || inputs['x']?.dtype !== 'float32') {
      if (fallback === null) throw new BackendError('KERNEL_MISSING', '@aug/backend: Conv2DBackpropFilter supports NHWC float32 only, and no stock kernel is registered for other inputs');
      return fallback(args);
    }
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    const cpu = backend as unknown as CpuBackendLike;
    const g = filterGradGeometry(x, attrs ?? {});
    const values = cpuFilterGrad(cpuValues(cpu, x), cpuValues(cpu, dy), g);
    return cpu.makeTensorInfo([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'float32', values);
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc };
}
