import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-helpers.js';
import { allocFloat32 } from './buffer-pool.js';
import { cpuValues, type CpuBackendLike } from './cpu-helpers.js';

/**
 * How a JavaScript kernel reads its float32 inputs and allocates its outputs on one backend, so one
 * kernel body serves tfjs-backend-cpu (and the onnxruntime route, a cpu instance) and tfjs-backend-wasm.
 */
export interface KernelIo {
  /** The float32 values of `t` (the backend's own buffer, not a copy). */
  read(t: TensorInfo): Float32Array;
  /** New float32 outputs of these shapes; `views()` returns their buffers (take them after every allocation). */
  outputs(shapes: number[][]): { infos: TensorInfo[]; views: () => Float32Array[] };
}

/** {@link KernelIo} for a tfjs-backend-cpu instance: outputs come from its buffer pool when it has one. */
export function cpuIo(backend: unknown): KernelIo {
  const cpu = backend as CpuBackendLike;
  return {
    read: (t) => cpuValues(cpu, t),
    outputs: (shapes) => {
      const arrays = shapes.map((s) => allocFloat32(cpu, util.sizeFromShape(s)));
      return { infos: arrays.map((v, i) => cpu.makeTensorInfo(shapes[i]!, 'float32', v)), views: () => arrays };
    },
  };
}

/** {@link KernelIo} for tfjs-backend-wasm: reads and writes the wasm heap directly. */
export function wasmIo(backend: unknown): KernelIo {
  const wasm = backend as WasmBackendLike;
  return {
    read: (t) => wasm.typedArrayFromHeap(t),
    // Views are taken after every allocation: a heap growth detaches older views.
    outputs: (shapes) => {
      const infos = shapes.map((s) => wasm.makeOutput(s, 'float32'));
      return { infos, views: () => infos.map((t) => wasm.typedArrayFromHeap(t)) };
    },
  };
}
