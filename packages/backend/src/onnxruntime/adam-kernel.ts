import type { KernelConfig } from '@tensorflow/tfjs-core';
import { adamKernelConfig, adamUpdate, type AdamUpdateFn } from '../kernels/adam.js';
import { cpuIo } from '../kernels/kernel-io.js';
import { simdStream } from '../kernels/simd-stream.js';
import { ADAM_SCALARS, adamGraph } from './adam-graph.js';
import { ORT_BACKEND_NAME } from './conv-kernels.js';
import { ELEMENTWISE_TUNING, type OrtEngine } from './ort-engine.js';

/**
 * Weights with fewer values than this are updated in JavaScript: below it a session run's fixed cost
 * (~0.1-0.3 ms, 14 nodes) is more than the loop's (measured on a 2-core AVX-512 VM: JavaScript 0.33 ms and
 * onnxruntime 0.15-2 ms at 36,864 values; 21.5 ms and 7.5-9 ms at 2,359,296).
 */
export const ORT_ADAM_MIN_LENGTH = 65_536;

/**
 * The fused Adam update (`AugAdamUpdate`) of the onnxruntime route: `adamUpdate`, which streams long weights
 * through the WebAssembly SIMD kernel (one pass, no output copies: 5 ms for 2,359,296 weights against the
 * graph's 7.5-9 ms); where WebAssembly SIMD is missing, weights of at least {@link ORT_ADAM_MIN_LENGTH}
 * values run {@link adamGraph} in onnxruntime (one session for every length; the tfjs buffers are read and
 * written in place), smaller ones the JavaScript loop. All give tfjs's `AdamOptimizer` results to the bit.
 */
export function ortAdamKernel(engine: OrtEngine): KernelConfig {
  const scalars = Object.fromEntries(ADAM_SCALARS.map((name) => [name, new Float32Array(1)])) as Record<(typeof ADAM_SCALARS)[number], Float32Array>;
  const update: AdamUpdateFn = (w, g, m, v, beta1, beta2, learningRate, epsilon, c1, c2, wOut, mOut, vOut) => {
    const n = wOut.length;
    if (n < ORT_ADAM_MIN_LENGTH || simdStream() !== null) {
      adamUpdate(w, g, m, v, beta1, beta2, learningRate, epsilon, c1, c2, wOut, mOut, vOut);
      return;
    }
    // Float32Array stores round each scalar to float32, as tfjs does when it makes them tensors.
    scalars.beta1[0] = beta1;
    scalars.oneMinusBeta1[0] = 1 - beta1;
    scalars.beta2[0] = beta2;
    scalars.oneMinusBeta2[0] = 1 - beta2;
    scalars.c1[0] = c1;
    scalars.c2[0] = c2;
    scalars.epsilon[0] = epsilon;
    scalars.negLr[0] = -learningRate;
    const flat = (data: Float32Array) => ({ data, shape: [n] });
    const inputs: Record<string, { data: Float32Array; shape: number[] }> = { w: flat(w), g: flat(g), m: flat(m), v: flat(v) };
    for (const name of ADAM_SCALARS) inputs[name] = { data: scalars[name], shape: [1] };
    engine.runInto('adam', adamGraph, inputs, { w_out: flat(wOut), m_out: flat(mOut), v_out: flat(vOut) }, ELEMENTWISE_TUNING);
  };
  return adamKernelConfig(ORT_BACKEND_NAME, cpuIo, update);
}
