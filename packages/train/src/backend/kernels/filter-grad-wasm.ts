import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { filterGradGeometry, isNhwc, type ConvGeometry } from './conv-geometry.js';
import { isPointwise, runWasmKernel, type WasmBackendLike } from './wasm-helpers.js';

/**
 * Writes the patch matrix `cols[p, (kh, kw, ci)]` (p = n, oh, ow) of an NHWC input: each row is
 * `filterHeight * filterWidth` contiguous copies of `inChannels` floats, zero where the patch
 * hangs over the padding.
 */
export function fillPatches(x: Float32Array, cols: Float32Array, g: ConvGeometry): void {
  const ci = g.inChannels;
  const rowLength = g.filterHeight * g.filterWidth * ci;
  let row = 0;
  for (let n = 0; n < g.batch; n++) {
    for (let oh = 0; oh < g.outHeight; oh++) {
      for (let ow = 0; ow < g.outWidth; ow++, row += rowLength) {
        let off = row;
        for (let kh = 0; kh < g.filterHeight; kh++) {
          const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
          for (let kw = 0; kw < g.filterWidth; kw++, off += ci) {
            const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
            if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) {
              cols.fill(0, off, off + ci);
            } else {
              const src = ((n * g.inHeight + ih) * g.inWidth + iw) * ci;
              cols.set(x.subarray(src, src + ci), off);
            }
          }
        }
      }
    }
  }
}

/**
 * `Conv2DBackpropFilter` for tfjs-backend-wasm, which 4.22 does not have (training any conv net
 * fails with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). The filter gradient
 * is a matrix product: with `P = batch * outHeight * outWidth` patch rows of length
 * `K = filterHeight * filterWidth * inChannels`, `dW[K, outChannels] = cols[P, K]^T @ dy[P, outChannels]`.
 * The patch matrix is written straight into the wasm heap with block copies; the product is taken as
 * `dW^T = dy^T @ cols` with the backend's own `Transpose` and `BatchMatMul` (XNNPACK, threaded):
 * XNNPACK is ~10x faster on untransposed operands than when `BatchMatMul` is asked to transpose.
 */
export function wasmFilterGradKernel(): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    if (!isNhwc(attrs ?? {}) || x.dtype !== 'float32') {
      throw new Error('@aug/train: the wasm Conv2DBackpropFilter supports NHWC float32 only; got ' + `dataFormat ${String((attrs ?? {})['dataFormat'])}, dtype ${x.dtype}`);
    }
    const wasm = backend as unknown as WasmBackendLike;
    const g = filterGradGeometry(x, attrs ?? {});
    const rows = g.batch * g.outHeight * g.outWidth;
    const k = g.filterHeight * g.filterWidth * g.inChannels;
    const temporaries: TensorInfo[] = [];
    let cols: TensorInfo;
    if (isPointwise(g)) {
      cols = { dataId: x.dataId, shape: [rows, k], dtype: 'float32' };
    } else {
      cols = wasm.makeOutput([rows, k], 'float32');
      temporaries.push(cols);
      // Views are taken after the allocation: a heap growth detaches older views.
      fillPatches(wasm.typedArrayFromHeap(x), wasm.typedArrayFromHeap(cols), g);
    }
    // dW^T[outChannels, K] = dy^T @ cols: transposing dy (P x outChannels) is cheaper than
    // transposing cols (P x K, K = 9 x inChannels for 3x3), and both products stay untransposed.
    const dy2d: TensorInfo = { dataId: dy.dataId, shape: [rows, g.outChannels], dtype: 'float32' };
    const dyT = runWasmKernel('Transpose', { inputs: { x: dy2d }, backend, attrs: { perm: [1, 0] } });
    temporaries.push(dyT);
    const a: TensorInfo = { dataId: dyT.dataId, shape: [1, g.outChannels, rows], dtype: 'float32' };
    const b: TensorInfo = { dataId: cols.dataId, shape: [1, rows, k], dtype: 'float32' };
    const productT = runWasmKernel('BatchMatMul', { inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
    temporaries.push(productT);
    const product2d: TensorInfo = { dataId: productT.dataId, shape: [g.outChannels, k], dtype: 'float32' };
    const product = runWasmKernel('Transpose', { inputs: { x: product2d }, backend, attrs: { perm: [1, 0] } });
    for (const t of temporaries) wasm.disposeData(t.dataId);
    return { dataId: product.dataId, shape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], dtype: 'float32' };
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}
