import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';
import { kernels } from '../kernels/registry.js';

const BACKEND = 'webgpu';

/**
 * `Conv2DBackpropFilter` (the weight gradient of every convolution) for tfjs-backend-webgpu, NHWC.
 *
 * tfjs-backend-webgpu 4.22 computes it with one GPU thread per filter weight, each looping over
 * batch x outHeight x outWidth: a few thousand threads with very long loops and no data reuse (most of
 * a ResNet-18 training step; measured in docs/webgpu.md).
 * Here it is one matrix product per filter tap, run by tfjs-backend-webgpu's tiled (split-K where
 * it pays) matmul: for each (kh, kw), `dW[kh, kw] = X(kh, kw)^T . dY` where `X(kh, kw)` is the
 * `[batch * outH * outW, inChannels]` strided window of the zero-padded input and `dY` is
 * `[batch * outH * outW, outChannels]`. Same sums, different order: equal to the stock kernel up
 * to float32 rounding. NCHW input falls back to the stock kernel.
 */
export function webgpuFilterGradKernel(stock: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat === 'NCHW' || x.shape.length !== 4) {
      if (stock === null) throw new BackendError('KERNEL_MISSING', `@aug/backend: Conv2DBackpropFilter on webgpu: dataFormat ${dataFormat} is not supported and no stock kernel is registered`);
      return stock({ inputs, attrs, backend });
    }
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    return filterGrad(x, dy, info, backend as tf.KernelBackend);
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: BACKEND, kernelFunc };
}

/** Runs inside a kernel: the engine does not record these ops on the gradient tape. */
function filterGrad(xInfo: TensorInfo, dyInfo: TensorInfo, info: tf.backend_util.Conv2DInfo, backend: tf.KernelBackend): tf.Tensor4D {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const views: tf.Tensor[] = [];
  // The engine passes the op's own tensors; a bare TensorInfo (another kernel calling this one)
  // gets a tracked view holding its own reference, dropped in `finally`.
  const asTensor = (t: TensorInfo): tf.Tensor4D => {
    if (t instanceof tf.Tensor) return t as tf.Tensor4D;
    backend.incRef(t.dataId);
    const view = tf.engine().makeTensorFromTensorInfo(t, backend) as tf.Tensor4D;
    views.push(view);
    return view;
  };
  const x = asTensor(xInfo);
  const dy = asTensor(dyInfo);
  try {
    return tf.tidy(() => {
      const rows = batchSize * outHeight * outWidth;
      // Pad only as far as the windows reach: a 'same' pad may add a row or column no window reads.
      const needH = (outHeight - 1) * strideHeight + filterHeight;
      const needW = (outWidth - 1) * strideWidth + filterWidth;
      const bottom = Math.max(0, needH - padInfo.top - inHeight);
      const right = Math.max(0, needW - padInfo.left - inWidth);
      const padded =
        padInfo.top === 0 && padInfo.left === 0 && bottom === 0 && right === 0
          ? x
          : tf.pad(x, [
              [0, 0],
              [padInfo.top, bottom],
              [padInfo.left, right],
              [0, 0],
            ]);
      const dy2d = tf.reshape(dy, [rows, outChannels]);
      const taps: tf.Tensor2D[] = [];
      for (let kh = 0; kh < filterHeight; kh++) {
        for (let kw = 0; kw < filterWidth; kw++) {
          const window = tf.stridedSlice(
            padded,
            [0, kh, kw, 0],
            [batchSize, kh + (outHeight - 1) * strideHeight + 1, kw + (outWidth - 1) * strideWidth + 1, inChannels],
            [1, strideHeight, strideWidth, 1],
          );
          const a = tf.reshape(window, [rows, inChannels]);
          taps.push(tf.matMul(a, dy2d, true, false));
          // Free each window now: together they would hold filterHeight x filterWidth copies of x.
          window.dispose();
          a.dispose();
        }
      }
      const grad = taps.length === 1 ? taps[0]! : tf.stack(taps);
      return tf.reshape(grad, [filterHeight, filterWidth, inChannels, outChannels]);
    });
  } finally {
    tf.dispose(views);
  }
}

/**
 * Registers aug's kernel fixes on tfjs's 'webgpu' backend (today: a fast `Conv2DBackpropFilter`,
 * see `docs/webgpu.md`) and returns their names. Idempotent; `initWebgpu` calls it.
 *
 * @example
 * ```ts
 * import { installWebgpuKernels } from '@aug/backend';
 * installWebgpuKernels(); // ['Conv2DBackpropFilter']
 * ```
 */
export function installWebgpuKernels(): string[] {
  const stock = kernels.original(tf.Conv2DBackpropFilter, BACKEND);
  return kernels.install(BACKEND, [webgpuFilterGradKernel(stock?.kernelFunc ?? null)]);
}

/**
 * Puts tfjs-backend-webgpu's own kernels back, e.g. to measure or compare with the stock backend.
 * Returns the kernel names restored.
 *
 * @example
 * ```ts
 * import { uninstallWebgpuKernels } from '@aug/backend';
 * uninstallWebgpuKernels(); // ['Conv2DBackpropFilter']
 * ```
 */
export function uninstallWebgpuKernels(): string[] {
  return kernels.uninstall(BACKEND);
}
