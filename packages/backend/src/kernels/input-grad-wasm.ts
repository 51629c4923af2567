import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { describeValue } from '@aug/internal';
import { inputGradGeometry, isNhwc, type ConvGeometry } from './conv-geometry.js';
import { isPointwise, runWasmKernel, type KernelBackendArg, type WasmBackendLike } from './wasm-helpers.js';

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
 * Writes the filter of the input-gradient convolution: `W'[kh, kw, co, ci] = W[K-1-kh, L-1-kw, ci, co]`
 * (rotated by 180 degrees, in and out channels swapped).
 */
export function rotateFilter(w: Float32Array, out: Float32Array, g: ConvGeometry): void {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = g;
  for (let h = 0; h < kh; h++) {
    for (let v = 0; v < kw; v++) {
      const src = ((kh - 1 - h) * kw + (kw - 1 - v)) * ci * co;
      const dst = (h * kw + v) * co * ci;
      for (let i = 0; i < ci; i++) {
        const row = src + i * co;
        for (let o = 0; o < co; o++) out[dst + o * ci + i] = w[row + o]!;
      }
    }
  }
}

/**
 * The input gradient of a stride-1 convolution as one forward convolution of `dy` with the rotated
 * filter ({@link rotateFilter}), run by the backend's own threaded XNNPACK `Conv2D`. Returns null for
 * strides above 1 or padding it cannot express.
 */
function inputGradByConvolution(dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, backend: KernelBackendArg): TensorInfo | null {
  if (g.strideHeight !== 1 || g.strideWidth !== 1) return null;
  const padTop = (g.filterHeight - 1) * g.dilationHeight - g.padTop;
  const padLeft = (g.filterWidth - 1) * g.dilationWidth - g.padLeft;
  const padBottom = g.inHeight - g.outHeight + (g.filterHeight - 1) * g.dilationHeight - padTop;
  const padRight = g.inWidth - g.outWidth + (g.filterWidth - 1) * g.dilationWidth - padLeft;
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) return null;
  const wasm = backend as unknown as WasmBackendLike;
  const rotated = wasm.makeOutput([g.filterHeight, g.filterWidth, g.outChannels, g.inChannels], 'float32');
  rotateFilter(wasm.typedArrayFromHeap(filter), wasm.typedArrayFromHeap(rotated), g);
  const dx = runWasmKernel('Conv2D', {
    inputs: { x: dy, filter: rotated },
    backend,
    attrs: {
      strides: [1, 1],
      pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [g.dilationHeight, g.dilationWidth],
      dimRoundingMode: undefined as unknown as string,
    },
  });
  wasm.disposeData(rotated.dataId);
  return dx;
}

/**
 * The input gradient through the patch-gradient matrix:
 * `cols[P, K] = dy[P, outChannels] @ W[K, outChannels]^T` (the filter transposed once by the backend's
 * `Transpose`, then XNNPACK's threaded `BatchMatMul`), scattered back onto the input with
 * {@link addPatches}. A 1x1 stride-1 unpadded convolution needs no scatter at all.
 */
function inputGradByPatches(dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, backend: KernelBackendArg): TensorInfo {
  const wasm = backend as unknown as WasmBackendLike;
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
}

/**
 * `Conv2DBackpropInput` for tfjs-backend-wasm. The package has one, but it is a plain C++ loop
 * outside XNNPACK (see the README's table of what was missing). Stride-1
 * convolutions take {@link inputGradByConvolution} (as fast as the forward pass, and faster
 * than the patch route on ResNet-18's layers); strided and 1x1 ones take {@link inputGradByPatches}
 * (a strided convolution would need a zero-dilated `dy`, 4x the work).
 */
export function wasmInputGradKernel(): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const dy = inputs['dy'] as TensorInfo;
    const filter = inputs['filter'] as TensorInfo;
    if (!isNhwc(attrs ?? {}) || dy.dtype !== 'float32') {
      throw new TypeError(`@aug/backend: the wasm Conv2DBackpropInput supports NHWC float32 only; got dataFormat ${describeValue((attrs ?? {})['dataFormat'])}, dtype ${dy.dtype}`);
    }
    const g = inputGradGeometry(filter, attrs ?? {});
    return (isPointwise(g) ? null : inputGradByConvolution(dy, filter, g, backend)) ?? inputGradByPatches(dy, filter, g, backend);
  };
  return { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc };
}
