import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocFloat32 } from './buffer-pool.js';
import { cpuValues, runFallback, type CpuBackendLike } from './cpu-helpers.js';
import { SIMD_STREAM_MIN_LENGTH, simdStream, type SimdBinaryOp } from './simd-stream.js';

const SIMD_OP: Record<FastBinaryKernel, SimdBinaryOp> = { Add: 'add', Sub: 'sub', Multiply: 'mul', RealDiv: 'div' };


/** The binary kernels with a fast path. */
export type FastBinaryKernel = 'Add' | 'Sub' | 'Multiply' | 'RealDiv';

/**
 * `out[i] = x[i] op y[i]`, or `x[i] op s` / `s op y[i]` when one side is a scalar (`null` array). Long arrays
 * run as a streamed SIMD kernel ({@link simdStream}; the same float32 values, except a NaN's payload bits).
 */
function binaryLoop(kernelName: FastBinaryKernel, x: Float32Array | null, xs: number, y: Float32Array | null, ys: number, out: Float32Array): void {
  const n = out.length;
  const simd = n >= SIMD_STREAM_MIN_LENGTH ? simdStream() : null;
  if (simd !== null && (x !== null || y !== null)) {
    if (x !== null) simd.binary(SIMD_OP[kernelName], x, y, ys, out);
    else simd.binary(SIMD_OP[kernelName], y!, null, xs, out, true);
    return;
  }
  // One monomorphic loop per case: V8 keeps each tight.
  if (x !== null && y !== null) {
    if (kernelName === 'Add') for (let i = 0; i < n; i++) out[i] = x[i]! + y[i]!;
    else if (kernelName === 'Sub') for (let i = 0; i < n; i++) out[i] = x[i]! - y[i]!;
    else if (kernelName === 'Multiply') for (let i = 0; i < n; i++) out[i] = x[i]! * y[i]!;
    else for (let i = 0; i < n; i++) out[i] = x[i]! / y[i]!;
  } else if (x !== null) {
    if (kernelName === 'Add') for (let i = 0; i < n; i++) out[i] = x[i]! + ys;
    else if (kernelName === 'Sub') for (let i = 0; i < n; i++) out[i] = x[i]! - ys;
    else if (kernelName === 'Multiply') for (let i = 0; i < n; i++) out[i] = x[i]! * ys;
    else for (let i = 0; i < n; i++) out[i] = x[i]! / ys;
  } else if (y !== null) {
    if (kernelName === 'Add') for (let i = 0; i < n; i++) out[i] = xs + y[i]!;
    else if (kernelName === 'Sub') for (let i = 0; i < n; i++) out[i] = xs - y[i]!;
    else if (kernelName === 'Multiply') for (let i = 0; i < n; i++) out[i] = xs * y[i]!;
    else for (let i = 0; i < n; i++) out[i] = xs / y[i]!;
  }
}

/**
 * How a broadcast of one operand over a block of axes of the other runs as three nested loops: the
 * output is `outer x mid x inner` (row-major) and the `small` operand (`'a'` or `'b'`) is `outer x inner`
 * (its shape is the other's with 1s, or missing leading axes, on one contiguous block of axes); `shape`
 * is the output's. Null for other broadcasts.
 */
export function broadcastPlan(aShape: readonly number[], bShape: readonly number[]): { small: 'a' | 'b'; outer: number; mid: number; inner: number; shape: number[] } | null {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const a = pad(aShape);
  const b = pad(bShape);
  for (const small of ['a', 'b'] as const) {
    const [s, l] = small === 'a' ? [a, b] : [b, a];
    let from = -1;
    let to = -1;
    let ok = true;
    for (let i = 0; i < rank && ok; i++) {
      if (s[i] === l[i]) continue;
      if (s[i] !== 1 || (to !== -1 && to !== i)) ok = false;
      else {
        if (from === -1) from = i;
        to = i + 1;
      }
    }
    if (!ok || from === -1) continue;
    const size = (lo: number, hi: number) => l.slice(lo, hi).reduce((p, q) => p * q, 1);
    return { small, outer: size(0, from), mid: size(from, to), inner: size(to, rank), shape: l };
  }
  return null;
}

/** `out = x op y` where one side is broadcast over the middle block of a {@link broadcastPlan}. */
function broadcastLoop(
  kernelName: FastBinaryKernel, small: 'a' | 'b', x: Float32Array, y: Float32Array, outer: number, mid: number, inner: number, out: Float32Array,
): void {
  const op = kernelName;
  let k = 0;
  for (let o = 0; o < outer; o++) {
    const base = o * inner;
    for (let m = 0; m < mid; m++) {
      for (let i = 0; i < inner; i++, k++) {
        const xv = small === 'a' ? x[base + i]! : x[k]!;
        const yv = small === 'b' ? y[base + i]! : y[k]!;
        out[k] = op === 'Add' ? xv + yv : op === 'Sub' ? xv - yv : op === 'Multiply' ? xv * yv : xv / yv;
      }
    }
  }
}

/**
 * `Add`, `Sub`, `Multiply` and `RealDiv` for a tfjs-backend-cpu instance when both inputs are float32
 * and either of one shape or one of them a single value (residual additions, gradient accumulations,
 * ReLU gradients, and every optimizer update: scalars times whole weight tensors): one tight loop. The
 * stock kernels index both inputs modulo their lengths through a callback per element, or broadcast
 * through index arithmetic. One operand broadcast over a block of the other's axes (`[N, 1, 1, C]`
 * against `[N, H, W, C]`: the gradient of global average pooling; `[C]` against `[N, H, W, C]`) runs as
 * three nested loops ({@link broadcastPlan}). Other broadcasts and dtypes go to `fallback`.
 */
export function cpuFastBinaryKernel(kernelName: FastBinaryKernel, backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const a = args.inputs['a'] as TensorInfo;
    const b = args.inputs['b'] as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return runFallback(kernelName, fallback, args);
    const same = util.arraysEqual(a.shape, b.shape);
    const aScalar = !same && util.sizeFromShape(a.shape) === 1 && a.shape.length <= b.shape.length;
    const bScalar = !same && util.sizeFromShape(b.shape) === 1 && b.shape.length <= a.shape.length;
    const cpu = args.backend as unknown as CpuBackendLike;
    if (!same && !aScalar && !bScalar) {
      const plan = broadcastPlan(a.shape, b.shape);
      if (plan === null) return runFallback(kernelName, fallback, args);
      const out = allocFloat32(cpu, plan.outer * plan.mid * plan.inner);
      broadcastLoop(kernelName, plan.small, cpuValues(cpu, a), cpuValues(cpu, b), plan.outer, plan.mid, plan.inner, out);
      return cpu.makeTensorInfo(plan.shape, 'float32', out);
    }
    const x = cpuValues(cpu, a);
    const y = cpuValues(cpu, b);
    const shape = aScalar ? b.shape : a.shape;
    const out = allocFloat32(cpu, util.sizeFromShape(shape));
    binaryLoop(kernelName, aScalar ? null : x, aScalar ? x[0]! : 0, bScalar ? null : y, bScalar ? y[0]! : 0, out);
    return cpu.makeTensorInfo(shape, 'float32', out);
  };
  return { kernelName, backendName, kernelFunc };
}

/** The unary kernels with a fast path. */
export type FastUnaryKernel = 'Relu' | 'Step' | 'Sqrt' | 'Square';

/**
 * `Relu`, `Step` (ReLU's gradient mask), `Sqrt` and `Square` (Adam's second moment) for a
 * tfjs-backend-cpu instance on float32 tensors, one tight loop each, with tfjs's NaN rules (NaN stays
 * NaN). Other dtypes go to `fallback`.
 */
export function cpuFastUnaryKernel(kernelName: FastUnaryKernel, backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const t = args.inputs['x'] as TensorInfo;
    if (t.dtype !== 'float32') return runFallback(kernelName, fallback, args);
    const cpu = args.backend as unknown as CpuBackendLike;
    const x = cpuValues(cpu, t);
    const out = allocFloat32(cpu, x.length);
    const n = out.length;
    const simd = kernelName === 'Relu' && n >= SIMD_STREAM_MIN_LENGTH ? simdStream() : null;
    if (simd !== null) {
      simd.relu(x, out);
    } else if (kernelName === 'Relu') {
      // On the float's bits, without a data-dependent branch (a compare-and-branch per element
      // mispredicts on activations of random sign): a set sign bit clears the value (-0 and -inf give
      // +0) unless the value is a NaN, which is kept as it is.
      const xb = new Int32Array(x.buffer, x.byteOffset, n);
      const ob = new Int32Array(out.buffer, out.byteOffset, n);
      for (let i = 0; i < n; i++) {
        const b = xb[i]!;
        ob[i] = b & (~(b >> 31) | ((0x7f800000 - (b & 0x7fffffff)) >> 31));
      }
    } else if (kernelName === 'Step') {
      const alpha = Number((args.attrs ?? {})['alpha'] ?? 0);
      if (alpha === 0) {
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          out[i] = v === v ? +(v > 0) : v;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          out[i] = v > 0 ? 1 : v === v ? alpha : v;
        }
      }
    } else if (kernelName === 'Sqrt') {
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]!);
    } else {
      for (let i = 0; i < n; i++) out[i] = x[i]! * x[i]!;
    }
    return cpu.makeTensorInfo(t.shape, 'float32', out);
  };
  return { kernelName, backendName, kernelFunc };
}
