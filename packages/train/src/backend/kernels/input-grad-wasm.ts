import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { inputGradGeometry, isNhwc, type ConvGeometry } from './conv-geometry.js';
import { isPointwise, runWasmKernel, type WasmBackendLike } from './wasm-helpers.js';

/**
 * Scatter-adds the patch-gradient matrix `cols[p, (kh, kw, ci)]` back onto the NHWC input gradient
 * (the adjoint of `fillPatches`); `dx` must start zeroed. Inner loops run over `inChannels`
 * contiguous floats.
 */
export function addPatches(cols: Float32Array, dx: Float32Array, g: ConvGeometry): void {
  const ci = g.inChannels;
  let off = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++) {
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          for (let kw = 0; kw < g.filterWidth; kw++, off += ci) {
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) continue;
            const dst = ((n * g.inHeight + ih) * g.inWidth + iw) * ci;
            for (let c = 0; c < ci; c++) dx[dst + c]! += cols[off + c]!;
          }
        }
      }
    }
  }
}

/**
 * `Conv2DBackpropInput` for tfjs-backend-wasm. The package has one, but it is a plain C++ loop
 * outside XNNPACK: ~64% of a ResNet-18 training step once the filter gradient is fast. Here the input
 * gradient is `cols[P, K] = dy[P, outChannels] @ W[K, outChannels]^T` (the filter transposed once by
 * the backend's `Transpose`, then XNNPACK's threaded `BatchMatMul`), scattered back onto the input
 * with {@link addPatches}. A 1x1 stride-1 unpadded convolution needs no scatter at all.
 */
export function wasmInputGradKernel(): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const dy = inputs['dy'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    if (!isNhwc(attrs ?? {}) || dy.dtype !== 'float32') {
      throw new Error(`@aug/train: the wasm Conv2DBackpropInput supports NHWC float32 only; got dataFormat ${String((attrs ?? {})['dataFormat'])}, dtype ${dy.dtype}`);
    }
    const wasm = backend as unknown as WasmBackendLike;
    const g = inputGradGeometry(filter, attrs ?? {});
    const rows = g.batch * g.outHeight * g.outWidth;
    const k = g.filterHeight * g.filterWidth * g.inChannels;
    const w2d: TensorInfo = { dataId: filter.dataId, shape: [k, g.outChannels], dtype: 'float32' };
    const wT = runWasmKernel('Transpose', { inputs: { x: w2d }, backend, attrs: { perm: [1, 0] } });
    const a: TensorInfo = { dataId: dy.dataId, shape: [1, rows, g.outChannels], dtype: 'float32' };
    const b: TensorInfo = { dataId: wT.dataId, shape: [1, g.outChannels, k], dtype: 'float32' };
    const cols = runWasmKernel('BatchMatMul', { inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    wasm.disposeData(wT.dataId);
    const inShape = [g.batch, g.inHeight, g.inWidth, g.inChannels];
    if (isPointwise(g)) return { dataId: cols.dataId, shape: inShape, dtype: 'float32' };
    const dx = wasm.makeOutput(inShape, 'float32');
    const dxView = wasm.typedArrayFromHeap(dx);
    dxView.fill(0);
    addPatches(wasm.typedArrayFromHeap(cols), dxView, g);
    wasm.disposeData(cols.dataId);
    return dx;
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
}
