import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocFloat32 } from './buffer-pool.js';
import { cpuValues, runFallback, type CpuBackendLike } from './cpu-helpers.js';


/** Row-major strides of `shape`. */
function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/**
 * Copies the box `size` starting at `begin` of `src` (shape `srcShape`) to `dst` (shape `dstShape`) at
 * `dstBegin`, one contiguous run at a time. Trailing axes that the box covers whole in both tensors join the
 * run (a `ZeroPadding2D` of `[n, h, w, c]` copies runs of `w * c` values, not `c`); runs of at least
 * {@link MIN_SET_RUN} values are copied with `TypedArray.set` (a memcpy), shorter ones value by value (a
 * `subarray` per run of 8 costs more than the copy).
 */
export function copyBox(
  src: Float32Array,
  srcShape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
  dst: Float32Array,
  dstShape: readonly number[],
  dstBegin: readonly number[],
): void {
  const rank = srcShape.length;
  if (size.some((s) => s === 0)) return;
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  // The run starts at the first axis after which every axis is whole in the box, the source and the target.
  let first = rank - 1;
  while (first > 0 && size[first] === srcShape[first] && size[first] === dstShape[first]) first--;
  const run = size.slice(first).reduce((a, b) => a * b, 1);
  const outer = size.slice(0, first);
  const count = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(first).fill(0);
  for (let r = 0; r < count; r++) {
    let so = begin[first]! * ss[first]!;
    let d = dstBegin[first]! * ds[first]!;
    for (let i = 0; i < first; i++) {
      so += (begin[i]! + index[i]!) * ss[i]!;
      d += (dstBegin[i]! + index[i]!) * ds[i]!;
    }
    if (run >= MIN_SET_RUN) dst.set(src.subarray(so, so + run), d);
    else for (let k = 0; k < run; k++) dst[d + k] = src[so + k]!;
    for (let i = first - 1; i >= 0; i--) {
      if (++index[i]! < outer[i]!) break;
      index[i] = 0;
    }
  }
}

/** The shortest run {@link copyBox} copies with `TypedArray.set`; shorter runs go value by value. */
export const MIN_SET_RUN = 32;

/**
 * `Slice` for a tfjs-backend-cpu instance: float32 tensors are copied a contiguous run at a time. The
 * stock kernel reads strided slices element by element through index arithmetic (the `ZeroPadding2D`
 * gradients of a ResNet-18 step: see the README's onnxruntime route).
 */
export function cpuSliceKernel(backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const a = (attrs ?? {}) as { begin: number | number[]; size: number | number[] };
    if (x.dtype !== 'float32' || x.shape.length === 0) return runFallback('Slice', fallback, args);
    const beginRaw = Array.isArray(a.begin) ? a.begin : [a.begin];
    const sizeRaw = Array.isArray(a.size) ? a.size : [a.size];
    const begin = x.shape.map((_, i) => beginRaw[i] ?? 0);
    const size = x.shape.map((d, i) => (sizeRaw[i] === undefined || sizeRaw[i] === -1 ? d - begin[i]! : sizeRaw[i]!));
    if (begin.some((b, i) => b < 0 || b + size[i]! > x.shape[i]!)) return runFallback('Slice', fallback, args);
    const cpu = backend as unknown as CpuBackendLike;
    const out = allocFloat32(cpu, util.sizeFromShape(size));
    copyBox(cpuValues(cpu, x), x.shape, begin, size, out, size, size.map(() => 0));
    return cpu.makeTensorInfo(size, 'float32', out);
  };
  return { kernelName: 'Slice', backendName, kernelFunc };
}

/** `PadV2` for a tfjs-backend-cpu instance: float32 tensors are copied a contiguous run at a time. */
export function cpuPadKernel(backendName: string, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs['x'] as TensorInfo;
    const a = (attrs ?? {}) as { paddings: Array<[number, number]>; constantValue: number };
    if (x.dtype !== 'float32' || x.shape.length === 0 || a.paddings.length !== x.shape.length) return runFallback('PadV2', fallback, args);
    const outShape = x.shape.map((d, i) => a.paddings[i]![0] + d + a.paddings[i]![1]);
    const cpu = backend as unknown as CpuBackendLike;
    const out = allocFloat32(cpu, util.sizeFromShape(outShape));
    out.fill(a.constantValue);
    copyBox(cpuValues(cpu, x), x.shape, x.shape.map(() => 0), x.shape, out, outShape, a.paddings.map((p) => p[0]));
    return cpu.makeTensorInfo(outShape, 'float32', out);
  };
  return { kernelName: 'PadV2', backendName, kernelFunc };
}
