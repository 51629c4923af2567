import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocFloat32 } from '../kernels/buffer-pool.js';
import { cpuValues, type CpuBackendLike } from '../kernels/cpu-helpers.js';
import { simdStream } from '../kernels/simd-stream.js';
import type { OnnxGraph } from './onnx-model.js';
import { ELEMENTWISE_TUNING, type OrtEngine, type OrtFloatTensor } from './ort-engine.js';

/**
 * Tensors with fewer values than this keep the JavaScript loops (a session run's fixed cost is more than the
 * loop below it; above it onnxruntime's vectorised loop on both threads is ~3x faster: 262,144 values,
 * `Add` 0.16 vs 0.48 ms, `Relu` 0.14 vs 0.39 ms on a 2-core AVX-512 VM).
 */
export const ORT_ELEMENTWISE_MIN_VALUES = 65_536;

/** The kernels that take the onnxruntime path for large float32 tensors: `Add` of two same-shape tensors, `Relu`. */
export type OrtElementwiseKernel = 'Add' | 'Relu';

/**
 * The graph of `kernel` over flat float32 values of any length (a run-time dimension): `y = a + b`, or
 * `y = relu(a) + zero` (`zero` a `[1]` input holding 0): onnxruntime's `Relu` keeps -0, and adding +0 turns
 * it into +0 as tfjs-backend-cpu's `max(0, x)` gives (every other value passes through the addition as it is).
 */
function elementwiseGraph(kernel: OrtElementwiseKernel): OnnxGraph {
  const flat = (name: string) => ({ name, shape: ['n'] });
  if (kernel === 'Add') return { nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['y'] }], inputs: [flat('a'), flat('b')], outputs: [flat('y')] };
  return {
    nodes: [
      { op: 'Relu', inputs: ['a'], outputs: ['r'] },
      { op: 'Add', inputs: ['r', 'zero'], outputs: ['y'] },
    ],
    inputs: [flat('a'), { name: 'zero', shape: [1] }],
    outputs: [flat('y')],
  };
}

const ZERO = new Float32Array(1);

/**
 * `config` (aug's JavaScript kernel `kernelName` for the onnxruntime route) with large float32 inputs, for
 * `Add` both of one shape, run as an onnxruntime graph instead, where WebAssembly SIMD is missing (with it,
 * `config`'s streamed SIMD kernel is faster: it pays no output copy; in a width-64 batch-32 step `Add` 26-28
 * -> 21-23 ms, `Relu` 14-15 -> 10-13 ms): tfjs-backend-cpu's results to the bit (a
 * float32 `Add` is one rounding either way; `Relu` gives +0 for -0 and keeps NaN), except that a NaN's
 * payload bits may differ (V8's own NaN results differ by operation too).
 */
export function withOrtElementwise(engine: OrtEngine, kernelName: OrtElementwiseKernel, config: KernelConfig): KernelConfig {
  const js = config.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const cpu = args.backend as unknown as CpuBackendLike;
    const a = (kernelName === 'Add' ? args.inputs['a'] : args.inputs['x']) as TensorInfo;
    const b = args.inputs['b'] as TensorInfo | undefined;
    const n = util.sizeFromShape(a.shape);
    const eligible = a.dtype === 'float32' && n >= ORT_ELEMENTWISE_MIN_VALUES && (kernelName === 'Relu' || (b !== undefined && b.dtype === 'float32' && util.arraysEqual(a.shape, b.shape)));
    if (!eligible || simdStream() !== null) return js(args);
    const out = allocFloat32(cpu, n);
    const second: Record<string, OrtFloatTensor> = kernelName === 'Add' ? { b: { data: cpuValues(cpu, b!), shape: [n] } } : { zero: { data: ZERO, shape: [1] } };
    const inputs = { a: { data: cpuValues(cpu, a), shape: [n] }, ...second };
    engine.runInto(`ew:${kernelName}`, () => elementwiseGraph(kernelName), inputs, { y: { data: out, shape: [n] } }, ELEMENTWISE_TUNING);
    return cpu.makeTensorInfo(a.shape, 'float32', out);
  };
  return { ...config, kernelFunc };
}
