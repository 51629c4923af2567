import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { describeValue } from '@aug/internal';
import { cpuIo, wasmIo, type KernelIo } from './kernel-io.js';
import { SIMD_STREAM_MIN_LENGTH, simdStream } from './simd-stream.js';
import { BATCH_NORM_TRAINING_GRAD_KERNEL, BATCH_NORM_TRAINING_KERNEL } from '@aug/models';

// The kernel protocol (names, inputs, outputs) is @aug/models' own: this file implements it.

/**
 * BatchNorm's training forward pass over `rows` contiguous rows of `channels` values: per-channel
 * batch mean, biased variance and `invStd = 1 / sqrt(variance + epsilon)` (float64 sums), then
 * `y = (x - mean) * invStd * scale + offset`. Two sweeps over `x`, one over `y`. Large activations whose
 * channels are a multiple of 4 run as the streamed SIMD kernel ({@link simdStream}: the same statistics to
 * the bit, `y` within a float32 rounding).
 */
export function batchNormForwardRows(
  x: Float32Array, rows: number, channels: number, scale: Float32Array, offset: Float32Array, epsilon: number,
  y: Float32Array, mean: Float32Array, variance: Float32Array, invStd: Float32Array,
): void {
  if (rows * channels >= SIMD_STREAM_MIN_LENGTH && simdStream()?.batchNormForward(x, rows, channels, scale, offset, epsilon, y, mean, variance, invStd) === true) return;
  const sum = new Float64Array(channels);
  const sq = new Float64Array(channels);
  let off = 0;
  for (let r = 0; r < rows; r++, off += channels) {
    for (let c = 0; c < channels; c++) {
      const v = x[off + c]!;
      sum[c]! += v;
      sq[c]! += v * v;
    }
  }
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const m = sum[c]! / rows;
    const v = Math.max(0, sq[c]! / rows - m * m);
    const inv = 1 / Math.sqrt(v + epsilon);
    mean[c] = m;
    variance[c] = v;
    invStd[c] = inv;
    a[c] = scale[c]! * inv;
    b[c] = offset[c]! - m * scale[c]! * inv;
  }
  off = 0;
  for (let r = 0; r < rows; r++, off += channels) {
    for (let c = 0; c < channels; c++) y[off + c] = x[off + c]! * a[c]! + b[c]!;
  }
}

/**
 * The exact gradient of {@link batchNormForwardRows} (through the batch statistics), with `m` rows:
 * `dOffset = sum(dy)`, `dScale = sum(dy * (x - mean)) * invStd`,
 * `dx = dy * a + (x - mean) * b + c` with `a = scale * invStd`, `b = -a * invStd^2 * sum(dy * (x - mean)) / m`,
 * `c = -a * sum(dy) / m`. One sweep over `dy` and `x` for the sums, one to write `dx`. Large activations
 * whose channels are a multiple of 4 run as the streamed SIMD kernel (the same `dScale` and `dOffset` to the
 * bit, `dx` within a float32 rounding or two).
 */
export function batchNormBackwardRows(
  dy: Float32Array, x: Float32Array, rows: number, channels: number, mean: Float32Array, invStd: Float32Array, scale: Float32Array,
  dx: Float32Array, dScale: Float32Array, dOffset: Float32Array,
): void {
  if (rows * channels >= SIMD_STREAM_MIN_LENGTH && simdStream()?.batchNormBackward(dy, x, rows, channels, mean, invStd, scale, dx, dScale, dOffset) === true) return;
  const sumDy = new Float64Array(channels);
  const sumDyX = new Float64Array(channels);
  let off = 0;
  for (let r = 0; r < rows; r++, off += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dy[off + c]!;
      sumDy[c]! += g;
      sumDyX[c]! += g * x[off + c]!;
    }
  }
  const a = new Float32Array(channels);
  const b = new Float32Array(channels);
  const k = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const inv = invStd[c]!;
    const dyCentered = sumDyX[c]! - mean[c]! * sumDy[c]!; // sum(dy * (x - mean))
    const ac = scale[c]! * inv;
    const bc = (-ac * inv * inv * dyCentered) / rows;
    const cc = (-ac * sumDy[c]!) / rows;
    dOffset[c] = sumDy[c]!;
    dScale[c] = dyCentered * inv;
    a[c] = ac;
    b[c] = bc;
    k[c] = cc - mean[c]! * bc; // folds the centring into the constant: dx = dy*a + x*b + k
  }
  off = 0;
  for (let r = 0; r < rows; r++, off += channels) {
    for (let c = 0; c < channels; c++) dx[off + c] = dy[off + c]! * a[c]! + x[off + c]! * b[c]! + k[c]!;
  }
}

/** Rows and channels of a channels-last float32 activation, or a clear error naming the kernel input. */
function rowsOf(kernel: string, x: TensorInfo, perChannel: Record<string, TensorInfo>): { rows: number; channels: number } {
  if (x.dtype !== 'float32' || x.shape.length < 2) {
    throw new TypeError(`${kernel}: x must be a float32 tensor of rank >= 2 (channels last); got ${x.dtype} [${x.shape.join(', ')}]`);
  }
  const channels = x.shape[x.shape.length - 1]!;
  for (const [name, t] of Object.entries(perChannel)) {
    if (t.shape.length !== 1 || t.shape[0] !== channels || t.dtype !== 'float32') {
      throw new TypeError(`${kernel}: ${name} must be a float32 [${channels}] tensor (one value per channel of x); got ${t.dtype} [${t.shape.join(', ')}]`);
    }
  }
  const size = util.sizeFromShape(x.shape);
  return { rows: channels === 0 ? 0 : size / channels, channels };
}

/** The two row functions a BatchNorm kernel pair runs (default: the JavaScript ones of this file). */
export interface BatchNormRowFns {
  readonly forward: typeof batchNormForwardRows;
  readonly backward: typeof batchNormBackwardRows;
}

const JS_ROWS: BatchNormRowFns = { forward: batchNormForwardRows, backward: batchNormBackwardRows };

/**
 * `@aug/models`' BatchNorm training kernels (`AugBatchNormTraining`, `AugBatchNormTrainingGrad`) for
 * `backendName`: input checks, outputs allocated through `io`, the work done by `rows`.
 */
export function batchNormKernelConfigs(backendName: string, io: (backend: unknown) => KernelIo, rowFns: BatchNormRowFns = JS_ROWS): KernelConfig[] {
  const forward: KernelFunc = ({ inputs, backend, attrs }) => {
    const x = inputs['x'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    const offset = inputs['offset'] as TensorInfo;
    const epsilon = Number((attrs ?? {})['epsilon']);
    if (!(epsilon >= 0)) throw new RangeError(`${BATCH_NORM_TRAINING_KERNEL}: attrs.epsilon must be a number >= 0; got ${describeValue((attrs ?? {})['epsilon'])}`);
    const { rows, channels } = rowsOf(BATCH_NORM_TRAINING_KERNEL, x, { scale, offset });
    const b = io(backend);
    const out = b.outputs([x.shape, [channels], [channels], [channels]]);
    const [y, mean, variance, invStd] = out.views() as [Float32Array, Float32Array, Float32Array, Float32Array];
    rowFns.forward(b.read(x), rows, channels, b.read(scale), b.read(offset), epsilon, y, mean, variance, invStd);
    return out.infos;
  };
  const backward: KernelFunc = ({ inputs, backend }) => {
    const dy = inputs['dy'] as TensorInfo;
    const x = inputs['x'] as TensorInfo;
    const mean = inputs['mean'] as TensorInfo;
    const invStd = inputs['invStd'] as TensorInfo;
    const scale = inputs['scale'] as TensorInfo;
    const { rows, channels } = rowsOf(BATCH_NORM_TRAINING_GRAD_KERNEL, x, { mean, invStd, scale });
    if (!util.arraysEqual(dy.shape, x.shape) || dy.dtype !== 'float32') {
      throw new TypeError(`${BATCH_NORM_TRAINING_GRAD_KERNEL}: dy must be float32 with x's shape [${x.shape.join(', ')}]; got ${dy.dtype} [${dy.shape.join(', ')}]`);
    }
    const b = io(backend);
    const out = b.outputs([x.shape, [channels], [channels]]);
    const [dx, dScale, dOffset] = out.views() as [Float32Array, Float32Array, Float32Array];
    rowFns.backward(b.read(dy), b.read(x), rows, channels, b.read(mean), b.read(invStd), b.read(scale), dx, dScale, dOffset);
    return out.infos;
  };
  return [
    { kernelName: BATCH_NORM_TRAINING_KERNEL, backendName, kernelFunc: forward },
    { kernelName: BATCH_NORM_TRAINING_GRAD_KERNEL, backendName, kernelFunc: backward },
  ];
}

/**
 * `@aug/models`' fused BatchNorm training kernels (forward and gradient) for tfjs-backend-cpu: two
 * sweeps over the activation per pass in plain JavaScript, float64 sums, in place of ~9 full-size
 * tfjs ops and 4 reductions.
 */
export function cpuBatchNormKernels(): KernelConfig[] {
  return batchNormKernelConfigs('cpu', cpuIo);
}

/** The same kernels for tfjs-backend-wasm, reading and writing the wasm heap directly. */
export function wasmBatchNormKernels(): KernelConfig[] {
  return batchNormKernelConfigs('wasm', wasmIo);
}
