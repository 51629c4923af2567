import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { isLeadingAxes } from '../kernels/reduce-wasm.js';
import { cpuValues, type CpuBackendLike } from '../kernels/cpu-helpers.js';
import type { OnnxGraph } from './onnx-model.js';
import { ORT_ELEMENTWISE_MIN_VALUES } from './elementwise-kernels.js';
import { ELEMENTWISE_TUNING, type OrtEngine } from './ort-engine.js';

/**
 * The per-channel sum of `[blocks, rows, channels]` (every dimension fixed at run time, one session for all):
 * `ReduceSum` over the rows of each block, then over the blocks. Float32 sums in two stages, like the
 * BatchNorm graphs: within float32 rounding of the JavaScript kernel's float64 sums.
 */
function channelSumGraph(): OnnxGraph {
  return {
    nodes: [
      { op: 'ReduceSum', inputs: ['x', 'rows_axis'], outputs: ['partial'], attrs: { keepdims: 0 } },
      { op: 'ReduceSum', inputs: ['partial', 'blocks_axis'], outputs: ['y'], attrs: { keepdims: 0 } },
    ],
    inputs: [{ name: 'x', shape: ['blocks', 'rows', 'channels'] }],
    outputs: [{ name: 'y', shape: ['channels'] }],
    int64Constants: { rows_axis: [1], blocks_axis: [0] },
  };
}

/** Rows per block of the first stage: 256 where they divide the rows, else 64; null when neither does. */
function blockRows(rows: number): number | null {
  if (rows % 256 === 0) return 256;
  return rows % 64 === 0 ? 64 : null;
}

/**
 * `config` (aug's JavaScript `Sum` or `Mean` for the onnxruntime route) with the per-channel reduction of a
 * large float32 tensor (all axes but the last, {@link ORT_ELEMENTWISE_MIN_VALUES} values and more, rows a
 * multiple of 64: every convolution's bias gradient in a ResNet-18 step) run as an onnxruntime graph on both
 * threads instead: 32,768 x 64 values 2.2 -> 0.09 ms, 262,144 x 8 1.6 -> 0.2 ms on the 2-core VM. Everything
 * else goes to `config`.
 *
 * @example
 * ```ts
 * const sum = withOrtChannelSum(engine, 'Sum', cpuChannelReduceKernel('Sum', ORT_BACKEND_NAME, stockSum));
 * ```
 */
export function withOrtChannelSum(engine: OrtEngine, kernelName: 'Sum' | 'Mean', config: KernelConfig): KernelConfig {
  const js = config.kernelFunc;
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const a = (args.attrs ?? {}) as { axis?: number | number[]; keepDims?: boolean };
    if (x.dtype !== 'float32' || x.shape.length < 2) return js(args);
    const n = util.sizeFromShape(x.shape);
    const channels = x.shape[x.shape.length - 1]!;
    if (n < ORT_ELEMENTWISE_MIN_VALUES || channels === 0 || !isLeadingAxes(util.parseAxisParam(a.axis ?? [], x.shape), x.shape.length)) return js(args);
    const rows = n / channels;
    const block = blockRows(rows);
    if (block === null) return js(args);
    const cpu = args.backend as unknown as CpuBackendLike;
    const out = new Float32Array(channels);
    engine.runInto('channel-sum', channelSumGraph, { x: { data: cpuValues(cpu, x), shape: [rows / block, block, channels] } }, { y: { data: out, shape: [channels] } }, ELEMENTWISE_TUNING);
    if (kernelName === 'Mean') for (let c = 0; c < channels; c++) out[c] = out[c]! / rows;
    const outShape = a.keepDims === true ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
    return cpu.makeTensorInfo(outShape, 'float32', out);
  };
  return { ...config, kernelFunc };
}
