import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { describeValue } from '@aug/internal';
import { filterGradGeometry, isNhwc, type ConvGeometry } from './conv-geometry.js';
import { isPointwise, runWasmKernel, type KernelBackendArg, type WasmBackendLike } from './wasm-helpers.js';

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
 * The filter gradient as one forward convolution run by the backend's own (XNNPACK, threaded)
 * `Conv2D`: with the batch and channel axes swapped, `dW` is the correlation of the input with the
 * output gradient. `x` becomes `[inChannels, H, W, batch]` (images of `batch` channels), `dy` becomes
 * the filter `[outHeight, outWidth, batch, outChannels]`, dilated by the forward stride; the result
 * `[inChannels, filterHeight, filterWidth, outChannels]` is transposed to HWIO. No patch matrix is
 * written, so it needs two tensor-sized buffers instead of a 9x patch matrix. Returns null when the
 * geometry cannot be expressed so (forward dilation, or a stride that leaves input rows unused at
 * the bottom/right, which would need negative padding).
 */
function filterGradByConvolution(x: TensorInfo, dy: TensorInfo, g: ConvGeometry, backend: KernelBackendArg): TensorInfo | null {
  if (g.dilationHeight !== 1 || g.dilationWidth !== 1) return null;
  const padBottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop;
  const padRight = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft;
  if (padBottom < 0 || padRight < 0) return null;
  const wasm = backend as unknown as WasmBackendLike;
  const xT = runWasmKernel('Transpose', { inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } });
  const dyFilter = runWasmKernel('Transpose', { inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } });
  const product = runWasmKernel('Conv2D', {
    inputs: { x: xT, filter: dyFilter },
    backend,
    attrs: {
      strides: [1, 1],
      pad: [[0, 0], [g.padTop, padBottom], [g.padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dilations: [g.strideHeight, g.strideWidth],
      dimRoundingMode: undefined as unknown as string,
    },
  });
  wasm.disposeData(xT.dataId);
  wasm.disposeData(dyFilter.dataId);
  const dw = runWasmKernel('Transpose', { inputs: { x: product }, backend, attrs: { perm: [1, 2, 0, 3] } });
  wasm.disposeData(product.dataId);
  return dw;
}

/**
 * The filter gradient through an explicit patch matrix, for 1x1 filters (where the patch matrix
 * is the input itself, or a strided subset) and geometries the convolution route cannot take.
 * With `P = batch * outHeight * outWidth` patch rows of length
 * `K = filterHeight * filterWidth * inChannels`, `dW[K, outChannels] = cols[P, K]^T @ dy[P, outChannels]`,
 * taken as `dW^T = dy^T @ cols` with the backend's own `Transpose` and `BatchMatMul`: XNNPACK is
 * much faster on untransposed operands than when `BatchMatMul` is asked to transpose.
 */
function filterGradByPatches(x: TensorInfo, dy: TensorInfo, g: ConvGeometry, backend: KernelBackendArg): TensorInfo {
  const wasm = backend as unknown as WasmBackendLike;
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
}

/**
 * `Conv2DBackpropFilter` for tfjs-backend-wasm, which 4.22 does not have (training any conv net
 * fails with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). Filters larger than
 * 1x1 take {@link filterGradByConvolution} (one threaded XNNPACK convolution, faster than the
 * patch-matrix route on ResNet-18's 3x3 layers: see the package README); 1x1 filters and the rare
 * geometries it cannot express take {@link filterGradByPatches}.
 */
export function wasmFilterGradKernel(): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const dy = inputs['dy'] as TensorInfo;
    if (!isNhwc(attrs ?? {}) || x.dtype !== 'float32') {
      throw new TypeError('@aug/backend: the wasm Conv2DBackpropFilter supports NHWC float32 only; got ' + `dataFormat ${describeValue((attrs ?? {})['dataFormat'])}, dtype ${x.dtype}`);
    }
    const g = filterGradGeometry(x, attrs ?? {});
    const byConvolution = g.filterHeight * g.filterWidth > 1 ? filterGradByConvolution(x, dy, g, backend) : null;
    const dw = byConvolution ?? filterGradByPatches(x, dy, g, backend);
    return { dataId: dw.dataId, shape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], dtype: 'float32' };
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc };
}
