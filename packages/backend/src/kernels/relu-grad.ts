import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { cpuIo, wasmIo, type KernelIo } from './kernel-io.js';
import { SIMD_STREAM_MIN_LENGTH, simdStream } from './simd-stream.js';

/**
 * The kernel name of ReLU's gradient in one pass: inputs `dy` and `x` (float32, one shape), output
 * `dx = dy * step(x)` with tfjs's `step` (1 above zero, 0 at and below, NaN for NaN), to the bit what tfjs's own
 * gradient computes with a `Step` and a `Multiply` kernel (two passes and a temporary the size of the activation).
 */
export const RELU_GRAD_KERNEL = 'AugReluGrad';

/**
 * `dx[i] = dy[i] * step(x[i])` over `n` values: the same float32 product as tfjs's `mul(dy, step(x))`, so a negative
 * `dy` at `x <= 0` gives -0, and an infinite or NaN `dy` gives NaN there. Long arrays run as a streamed SIMD
 * kernel ({@link simdStream}: 3.4 -> 1.3-1.5 ms for 2M values), the same values except a NaN's payload bits.
 */
export function reluGradValues(dy: Float32Array, x: Float32Array, dx: Float32Array): void {
  const n = dx.length;
  const simd = n >= SIMD_STREAM_MIN_LENGTH ? simdStream() : null;
  if (simd !== null) {
    simd.reluGrad(dy, x, dx);
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    dx[i] = dy[i]! * (v === v ? +(v > 0) : v);
  }
}

function reluGradKernel(backendName: 'cpu' | 'wasm', io: (backend: unknown) => KernelIo): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend }) => {
    const dy = inputs['dy'] as TensorInfo | undefined;
    const x = inputs['x'] as TensorInfo | undefined;
    if (dy === undefined || x === undefined) throw new TypeError(`${RELU_GRAD_KERNEL}: the inputs dy and x are both needed`);
    if (dy.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) {
      throw new TypeError(`${RELU_GRAD_KERNEL}: dy and x must be float32 tensors of one shape; got dy ${dy.dtype} [${dy.shape.join(', ')}] and x ${x.dtype} [${x.shape.join(', ')}]`);
    }
    const b = io(backend);
    const out = b.outputs([x.shape]);
    const [dx] = out.views() as [Float32Array];
    reluGradValues(b.read(dy), b.read(x), dx);
    return out.infos[0]!;
  };
  return { kernelName: RELU_GRAD_KERNEL, backendName, kernelFunc };
}

/** {@link RELU_GRAD_KERNEL} for a tfjs-backend-cpu instance (the cpu and onnxruntime routes). */
export function cpuReluGradKernel(): KernelConfig {
  return reluGradKernel('cpu', cpuIo);
}

/** {@link RELU_GRAD_KERNEL} for tfjs-backend-wasm (reads and writes the wasm heap). */
export function wasmReluGradKernel(): KernelConfig {
  return reluGradKernel('wasm', wasmIo);
}

let hooked = false;

/**
 * Routes ReLU's gradient through {@link RELU_GRAD_KERNEL} wherever the active backend has it: tfjs's gradient
 * for the `Relu` kernel is replaced by one that runs the kernel for float32 tensors on such a backend and calls
 * tfjs's own gradient function otherwise, so backends without the kernel (and other dtypes) compute exactly what
 * they did. Done once per process (the first `installTrainingKernels`); it is not undone, since without the
 * kernel it changes nothing.
 */
export function hookReluGradient(): void {
  if (hooked) return;
  const stock = tf.getGradient('Relu');
  if (stock === undefined) return; // a tfjs-core build without gradients: nothing to route
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const grad = Array.isArray(dy) ? dy[0]! : dy;
      if (tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend()) !== undefined && grad.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(grad.shape, x.shape)) {
        return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: grad, x }, {}) as tf.Tensor };
      }
      return stock.gradFunc(dy, saved, attrs);
    },
  });
  hooked = true;
}
