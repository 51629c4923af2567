import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { describeValue } from '@aug/internal';
import { cpuIo, wasmIo, type KernelIo } from './kernel-io.js';
import { ADAM_UPDATE_KERNEL } from '../fused-adam.js';
import { SIMD_STREAM_MIN_LENGTH, simdStream } from './simd-stream.js';

const f = Math.fround;

/**
 * One Adam step over `n` weights in one pass, with tfjs's `AdamOptimizer` arithmetic to the bit: every
 * operation it performs as a float32 tensor op is rounded to float32 here in the same order
 * (`m' = m*b1 + g*(1-b1)`, `v' = v*b2 + g^2*(1-b2)`, `w' = (m'/c1) / (sqrt(v'/c2) + eps) * -lr + w`,
 * with `c1 = 1 - beta1^t`, `c2 = 1 - beta2^t`, already float32 tensors). Writes `w'`, `m'`, `v'` into
 * the three outputs (which may not alias the inputs).
 */
export function adamUpdate(
  w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  beta1: number, beta2: number, learningRate: number, epsilon: number, c1: number, c2: number,
  wOut: Float32Array, mOut: Float32Array, vOut: Float32Array,
): void {
  // The scalars as tfjs makes them: JavaScript numbers become float32 scalar tensors.
  const b1 = f(beta1);
  const k1 = f(1 - beta1);
  const b2 = f(beta2);
  const k2 = f(1 - beta2);
  const eps = f(epsilon);
  const negLr = f(-learningRate);
  const d1 = f(c1);
  const d2 = f(c2);
  const n = wOut.length;
  const simd = n >= SIMD_STREAM_MIN_LENGTH ? simdStream() : null;
  if (simd !== null) {
    simd.adam(w, g, m, v, { beta1: b1, oneMinusBeta1: k1, beta2: b2, oneMinusBeta2: k2, c1: d1, c2: d2, epsilon: eps, negLr }, wOut, mOut, vOut);
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * b1) + f(gi * k1));
    const vi = f(f(v[i]! * b2) + f(f(gi * gi) * k2));
    const den = f(f(Math.sqrt(f(vi / d2))) + eps);
    wOut[i] = f(f(f(mi / d1) / den) * negLr) + w[i]!;
    mOut[i] = mi;
    vOut[i] = vi;
  }
}

function numberAttr(attrs: Record<string, unknown>, name: string, ok: (x: number) => boolean, rule: string): number {
  const value = attrs[name];
  if (typeof value !== 'number' || !ok(value)) throw new RangeError(`${ADAM_UPDATE_KERNEL}: attrs.${name} must be ${rule}; got ${describeValue(value)}`);
  return value;
}

/** A whole-weight Adam update with {@link adamUpdate}'s signature and results. */
export type AdamUpdateFn = typeof adamUpdate;

/**
 * The {@link ADAM_UPDATE_KERNEL} kernel for `backendName`: checks the inputs and attrs, allocates the three
 * outputs through `io` and runs `update` (default {@link adamUpdate}).
 */
export function adamKernelConfig(backendName: string, io: (backend: unknown) => KernelIo, update: AdamUpdateFn = adamUpdate): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const a = (attrs ?? {}) as Record<string, unknown>;
    const beta1 = numberAttr(a, 'beta1', Number.isFinite, 'a finite number');
    const beta2 = numberAttr(a, 'beta2', Number.isFinite, 'a finite number');
    const learningRate = numberAttr(a, 'learningRate', Number.isFinite, 'a finite number');
    const epsilon = numberAttr(a, 'epsilon', Number.isFinite, 'a finite number');
    for (const name of ['value', 'gradient', 'm', 'v', 'oneMinusAccBeta1', 'oneMinusAccBeta2']) {
      if (inputs[name] === undefined) throw new TypeError(`${ADAM_UPDATE_KERNEL}: the input ${name} is missing; it takes value, gradient, m, v, oneMinusAccBeta1 and oneMinusAccBeta2`);
    }
    const value = inputs['value'] as TensorInfo;
    const names = ['gradient', 'm', 'v'] as const;
    for (const t of [value, ...names.map((name) => inputs[name] as TensorInfo)]) {
      if (t.dtype !== 'float32' || !util.arraysEqual(t.shape, value.shape)) {
        throw new TypeError(`${ADAM_UPDATE_KERNEL}: value, gradient, m and v must be float32 tensors of one shape; got ${t.dtype} [${t.shape.join(', ')}] beside [${value.shape.join(', ')}]`);
      }
    }
    for (const name of ['oneMinusAccBeta1', 'oneMinusAccBeta2'] as const) {
      const t = inputs[name] as TensorInfo;
      if (t.dtype !== 'float32' || util.sizeFromShape(t.shape) !== 1) throw new TypeError(`${ADAM_UPDATE_KERNEL}: ${name} must be a float32 scalar; got ${t.dtype} [${t.shape.join(', ')}]`);
    }
    const b = io(backend);
    const out = b.outputs([value.shape, value.shape, value.shape]);
    const [wOut, mOut, vOut] = out.views() as [Float32Array, Float32Array, Float32Array];
    update(
      b.read(value), b.read(inputs['gradient'] as TensorInfo), b.read(inputs['m'] as TensorInfo), b.read(inputs['v'] as TensorInfo),
      beta1, beta2, learningRate, epsilon,
      b.read(inputs['oneMinusAccBeta1'] as TensorInfo)[0]!, b.read(inputs['oneMinusAccBeta2'] as TensorInfo)[0]!,
      wOut, mOut, vOut,
    );
    return out.infos;
  };
  return { kernelName: ADAM_UPDATE_KERNEL, backendName, kernelFunc };
}

/** The fused Adam update ({@link ADAM_UPDATE_KERNEL}) for a tfjs-backend-cpu instance (and the onnxruntime route). */
export function cpuAdamKernel(backendName: string): KernelConfig {
  return adamKernelConfig(backendName, cpuIo);
}

/** The fused Adam update for tfjs-backend-wasm, reading and writing the wasm heap. */
export function wasmAdamKernel(): KernelConfig {
  return adamKernelConfig('wasm', wasmIo);
}
