import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers tfjs's gradient functions
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resnet18 } from '@aug/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendInfo, BackendName, UseBackendOptions } from '../src/index.js';
import { selectBackend, type BackendSeams } from '../src/use-backend.js';

/** useBackend with the internal seams (stand-ins for the optional packages and the WebGPU route). */
function useBackend(name: BackendName, { importModule, webgpuRoute, ...options }: UseBackendOptions & BackendSeams = {}): Promise<BackendInfo> {
  return selectBackend(name, options, { importModule, webgpuRoute });
}

import { maxAbs, maxAbsDiff } from '@aug/test-utils';
import { filled, type ConvCase } from './conv-cases.js';
import { installTrainingKernels, uninstallTrainingKernels } from '../src/kernels/install.js';
import { currentOrtEngine } from '../src/onnxruntime.js';
import { middleBlock } from '../src/kernels/reduce-cpu.js';
import { broadcastPlan } from '../src/kernels/elementwise-cpu.js';
import { prefersChannelFrames } from '../src/onnxruntime/channel-frames.js';
import { prefersPhaseInputGrad, stridedPointwiseInputGradGraph } from '../src/onnxruntime/phase-input-grad.js';
import { prefersInputGradColumns } from '../src/onnxruntime/input-grad-col2im.js';
import { filterGradGeometry, forwardGeometry } from '../src/kernels/conv-geometry.js';
import { prefersNchwc } from '../src/onnxruntime/nchwc-graphs.js';
import { nchwcBlock } from '../src/onnxruntime/nchwc-probe.js';
import { prefersWinograd } from '../src/onnxruntime/winograd-graphs.js';
import { winogradWorks } from '../src/onnxruntime/winograd-probe.js';
import type { OrtEngine } from '../src/onnxruntime/ort-engine.js';
import { setSimdStreamEnabled } from '../src/kernels/simd-stream.js';

type Case = ConvCase;

// Strides 1 and 2, padding same / valid / explicit, 1x1, 3x3 and 7x7 filters, odd and non-square
// sizes, batch 1 and 33; small maps (the patch-product graphs) and larger ones (the Conv graphs).
const cases: Case[] = [];
for (const stride of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    for (const k of [1, 3]) {
      cases.push({ x: [3, 9, 7, 5], filter: [k, k, 5, 6], stride, pad });
      cases.push({ x: [2, 13, 12, 6], filter: [k, k, 6, 5], stride, pad });
    }
  }
}
cases.push({ x: [1, 11, 11, 3], filter: [7, 7, 3, 8], stride: 2, pad: [[0, 0], [3, 3], [3, 3], [0, 0]] });
cases.push({ x: [33, 6, 5, 4], filter: [3, 3, 4, 3], stride: 1, pad: 'same' });
cases.push({ x: [1, 17, 16, 2], filter: [3, 3, 2, 4], stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] });
cases.push({ x: [2, 6, 7, 4], filter: [3, 3, 4, 5], stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] });
cases.push({ x: [2, 10, 8, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'valid' });
// Few channels, or 32x32 maps, at stride 1: the channel-frame filter gradient (odd, even and non-square
// filters, one-row filters, valid, asymmetric padding; few and 16+ input channels).
cases.push({ x: [2, 7, 9, 5], filter: [1, 3, 5, 4], stride: 1, pad: 'same' });
cases.push({ x: [3, 8, 6, 6], filter: [3, 2, 6, 3], stride: 1, pad: 'valid' });
cases.push({ x: [2, 20, 18, 8], filter: [3, 3, 8, 8], stride: 1, pad: 'valid' });
cases.push({ x: [2, 16, 16, 3], filter: [5, 5, 3, 8], stride: 1, pad: 'same' });
cases.push({ x: [3, 12, 12, 4], filter: [2, 2, 4, 6], stride: 1, pad: 'same' });
cases.push({ x: [2, 9, 11, 16], filter: [3, 3, 16, 32], stride: 1, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] });
cases.push({ x: [1, 32, 33, 16], filter: [3, 3, 16, 24], stride: 1, pad: 'same' });
cases.push({ x: [2, 33, 32, 3], filter: [3, 3, 3, 16], stride: 1, pad: [[0, 0], [0, 2], [1, 0], [0, 0]] });
// Channels in whole NCHWc blocks (16 with AVX-512, 8 with AVX2): the blocked forward (stride 1 and 2, same /
// valid, 3x3 and 5x5, fused bias + relu) and the blocked stride-1 input gradient.
cases.push({ x: [2, 12, 11, 32], filter: [3, 3, 32, 16], stride: 2, pad: 'same' });
cases.push({ x: [1, 10, 10, 16], filter: [3, 3, 16, 16], stride: 1, pad: 'valid' });
cases.push({ x: [2, 9, 9, 16], filter: [5, 5, 16, 32], stride: 1, pad: 'same' });
cases.push({ x: [3, 16, 16, 32], filter: [3, 3, 32, 32], stride: 1, pad: 'same' });
// Few input channels, at least taps * inChannels output channels: the input gradient as one Gemm and a
// column-to-image sum (strides 1 and 2, 3x3 and 5x5, asymmetric padding).
cases.push({ x: [2, 12, 11, 3], filter: [3, 3, 3, 32], stride: 1, pad: 'same' });
cases.push({ x: [1, 13, 12, 1], filter: [5, 5, 1, 32], stride: 2, pad: 'same' });
cases.push({ x: [2, 9, 10, 2], filter: [3, 3, 2, 24], stride: 2, pad: [[0, 0], [1, 0], [2, 1], [0, 0]] });
// Strided input gradients as NCHWc phases: even and odd sizes, 3x3 / 4x4 / 5x5 filters, strides 2 and 3,
// explicit asymmetric padding.
cases.push({ x: [2, 10, 9, 16], filter: [4, 4, 16, 32], stride: 2, pad: 'valid' });
cases.push({ x: [1, 14, 13, 16], filter: [5, 5, 16, 16], stride: 3, pad: 'same' });
cases.push({ x: [2, 9, 10, 32], filter: [3, 3, 32, 16], stride: 2, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] });
// Input sizes that are whole multiples of the stride (no final crop), for the phases and for a strided 1x1 filter.
cases.push({ x: [2, 8, 12, 16], filter: [3, 3, 16, 16], stride: 2, pad: 'same' });
cases.push({ x: [2, 8, 6, 4], filter: [1, 1, 4, 8], stride: 2, pad: 'valid' });
// 3x3 stride-1 filters with 128+ channels on small maps: Winograd F(2x2, 3x3) (even, odd and non-square maps,
// more outputs than inputs, valid and asymmetric padding; 12x11 takes it for the filter gradient only).
cases.push({ x: [2, 8, 8, 128], filter: [3, 3, 128, 128], stride: 1, pad: 'same' });
cases.push({ x: [1, 5, 7, 128], filter: [3, 3, 128, 256], stride: 1, pad: 'same' });
cases.push({ x: [2, 9, 6, 128], filter: [3, 3, 128, 128], stride: 1, pad: 'valid' });
cases.push({ x: [1, 6, 6, 256], filter: [3, 3, 256, 128], stride: 1, pad: [[0, 0], [2, 0], [0, 1], [0, 0]] });
cases.push({ x: [1, 12, 11, 128], filter: [3, 3, 128, 128], stride: 1, pad: 'same' });


/** Forward (plain and fused with bias + relu), filter gradient and input gradient of one case. */
function convResults(c: Case): Float32Array[] {
  return tf.tidy(() => {
    const x = filled(c.x, 1) as tf.Tensor4D;
    const w = filled(c.filter, 3) as tf.Tensor4D;
    const y = tf.conv2d(x, w, c.stride, c.pad);
    const fused = tf.fused.conv2d({ x, filter: w, strides: c.stride, pad: c.pad, bias: filled([c.filter[3]], 5) as tf.Tensor1D, activation: 'relu' });
    const dy = filled(y.shape, 2);
    const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(dw.shape).toEqual(c.filter);
    expect(dx.shape).toEqual(c.x);
    return [y, fused, dw, dx].map((t) => t.dataSync().slice() as Float32Array);
  });
}


const stock = new Map<Case, Float32Array[]>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  uninstallTrainingKernels('cpu');
  for (const c of cases) stock.set(c, convResults(c));
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe("useBackend('onnxruntime')", () => {
  it('runs the convolution kernels in onnxruntime-node and the rest on the cpu kernels', async () => {
    const info = await useBackend('onnxruntime', { threads: 2, env: {} });
    expect(info.name).toBe('onnxruntime');
    expect(info.tfBackend).toBe('onnxruntime');
    expect(info.package).toBe('onnxruntime-node');
    expect(info.threads).toBe(2);
    expect(info.kernels).toEqual(expect.arrayContaining(['Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'AugBatchNormTraining']));
    expect(tf.getBackend()).toBe('onnxruntime');
  });

  it('equals the stock cpu kernels: forward, fused forward, filter and input gradients over strides, paddings, filter sizes and batch 1/33', async () => {
    await useBackend('onnxruntime', { threads: 2, env: {} });
    const names = ['conv2d', 'fused conv2d + bias + relu', 'filter gradient', 'input gradient'];
    const filterGeometries = cases.map((c) => filterGradGeometry({ shape: c.x } as never, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter } as never));
    const framed = filterGeometries.filter(prefersChannelFrames);
    expect(framed.length, 'cases on the channel-frame path').toBeGreaterThanOrEqual(8);
    expect(framed.filter((g) => g.filterHeight !== g.filterWidth).length, 'non-square filters on the channel-frame path').toBeGreaterThanOrEqual(2);
    expect(framed.filter((g) => g.inChannels >= 16).length, 'channel frames with 16+ input channels').toBeGreaterThanOrEqual(3);
    expect(framed.length, 'cases on the patch-matrix path').toBeLessThan(cases.length - 10);
    expect(filterGeometries.filter(prefersInputGradColumns).length, 'cases on the Gemm + column-to-image input-gradient path').toBeGreaterThanOrEqual(3);
    expect(filterGeometries.filter((g) => stridedPointwiseInputGradGraph(g) !== null).length, 'cases on the strided 1x1 input-gradient path').toBeGreaterThanOrEqual(4);
    const block = nchwcBlock(currentOrtEngine()!);
    const flags = (existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '').match(/^flags\s*:(.*)$/m)?.[1]?.split(' ') ?? [];
    if (process.arch === 'x64' && flags.includes('avx512f')) expect(block, 'MLAS block size with AVX-512').toBe(16);
    else if (process.arch === 'x64' && flags.includes('avx2')) expect(block, 'MLAS block size with AVX2').toBe(8);
    const blocked = (kind: 'forward' | 'inputGrad') =>
      cases.filter((c) => prefersNchwc(forwardGeometry({ shape: c.x } as never, { shape: c.filter } as never, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC' } as never), block, kind));
    if (block !== null) {
      expect(blocked('forward').length, 'cases on the NCHWc forward path').toBeGreaterThanOrEqual(block === 16 ? 5 : 6);
      expect(blocked('inputGrad').length, 'cases on the NCHWc input-gradient path').toBeGreaterThanOrEqual(4);
      expect(filterGeometries.filter((g) => prefersPhaseInputGrad(g, block)).length, 'cases on the phase input-gradient path').toBeGreaterThanOrEqual(4);
    }
    expect(winogradWorks(currentOrtEngine()!), 'the Winograd graphs run and agree with a direct convolution').toBe(true);
    expect(filterGeometries.filter((g) => prefersWinograd(g, 'forward')).length, 'cases on the Winograd forward path').toBeGreaterThanOrEqual(4);
    expect(filterGeometries.filter((g) => prefersWinograd(g, 'inputGrad')).length, 'cases on the Winograd input-gradient path').toBeGreaterThanOrEqual(4);
    expect(filterGeometries.filter((g) => prefersWinograd(g, 'filterGrad')).length, 'cases on the Winograd filter-gradient path').toBeGreaterThanOrEqual(5);
    const before = tf.memory().numTensors;
    for (const c of cases) {
      const ref = stock.get(c)!;
      const got = convResults(c);
      for (let i = 0; i < ref.length; i++) {
        expect(maxAbs(ref[i]!), `${names[i]} ${JSON.stringify(c)} is a real result`).toBeGreaterThan(0.1);
        expect(maxAbsDiff(got[i]!, ref[i]!), `${names[i]} ${JSON.stringify(c)}`).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(ref[i]!)));
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reuses one session per kernel geometry: repeated steps create no sessions and leak no tensors', async () => {
    await useBackend('onnxruntime', { threads: 1, env: {} });
    const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 8, width: 4 });
    const x = filled([3, 8, 8, 3], 7);
    const onehot = tf.oneHot(tf.tensor1d([1, 2, 3], 'int32'), 10);
    const adam = tf.train.adam(1e-3);
    const step = () => {
      const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.losses.softmaxCrossEntropy(onehot, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
      adam.applyGradients(grads as Parameters<typeof adam.applyGradients>[0]);
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const sessions = currentOrtEngine()!.sessionCount;
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(currentOrtEngine()!.sessionCount).toBe(sessions);
    expect(sessions).toBeGreaterThan(3);
    expect(tf.memory().numTensors).toBe(tensors);
    adam.dispose();
    model.dispose();
    tf.dispose([x, onehot]);
  });

  it('uninstalling the kernels releases the sessions and restores the cpu kernels; useBackend starts a new engine', async () => {
    await useBackend('onnxruntime', { threads: 2, env: {} });
    tf.tidy(() => tf.conv2d(filled([1, 5, 5, 2], 1) as tf.Tensor4D, filled([3, 3, 2, 2], 2) as tf.Tensor4D, 1, 'same').dataSync());
    const engine = currentOrtEngine()!;
    expect(engine.sessionCount).toBeGreaterThan(0);
    const restored = uninstallTrainingKernels('onnxruntime');
    expect(restored).toEqual(expect.arrayContaining(['Conv2D', 'Conv2DBackpropFilter']));
    expect(currentOrtEngine()).toBeNull();
    expect(engine.sessionCount).toBe(0);
    // still computes, on the stock cpu kernels
    const c = cases[1]!;
    expect(maxAbsDiff(convResults(c)[0]!, stock.get(c)![0]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, maxAbs(stock.get(c)![0]!)));
    expect(() => installTrainingKernels('onnxruntime')).toThrow(/onnxruntime engine is not running; call useBackend\('onnxruntime'\)/);
    await useBackend('onnxruntime', { threads: 2, env: {} });
    expect(currentOrtEngine()).not.toBeNull();
    expect(currentOrtEngine()).not.toBe(engine);
  });

  it('removing the backend releases its engine', async () => {
    await useBackend('onnxruntime', { threads: 2, env: {} });
    const engine = currentOrtEngine()!;
    tf.tidy(() => tf.conv2d(filled([1, 5, 5, 2], 1) as tf.Tensor4D, filled([3, 3, 2, 2], 2) as tf.Tensor4D, 1, 'same').dataSync());
    await tf.setBackend('cpu');
    tf.removeBackend('onnxruntime');
    expect(engine.sessionCount).toBe(0);
    expect(currentOrtEngine()).toBeNull();
    const info = await useBackend('onnxruntime', { threads: 2, env: {} });
    expect(info.tfBackend).toBe('onnxruntime');
  });

  it('is skipped by auto with the install command when onnxruntime-node is missing, and an explicit choice says how to install it', async () => {
    const importModule = async (specifier: string): Promise<unknown> => {
      if (specifier.startsWith('onnxruntime-node') || specifier.startsWith('@tensorflow/tfjs-node') || specifier.startsWith('@tensorflow/tfjs-backend-webgpu')) {
        const error = new Error(`Cannot find package '${specifier}' imported from /x`) as Error & { code: string };
        error.code = 'ERR_MODULE_NOT_FOUND';
        throw error;
      }
      return import(specifier);
    };
    const info = await useBackend('auto', { importModule, env: {}, threads: 2, webgpuRoute: { probeWebgpu: async () => ({ available: false, reason: 'no adapter' }), initWebgpu: async () => ({ available: false, reason: 'no adapter' }) } });
    expect(info.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'onnxruntime']);
    expect(info.skipped[3]!.reason).toBe('onnxruntime-node is not installed');
    expect(info.name).toBe('wasm');
    await expect(useBackend('onnxruntime', { importModule, env: {} })).rejects.toThrow(/onnxruntime-node-install=skip/);
    await tf.setBackend('cpu');
  });

  it('sums large tensors per channel in onnxruntime (bias gradients) within float32 rounding of the stock kernels', async () => {
    // Rows in blocks of 256, in blocks of 64 only, and none (the JavaScript kernel); Sum and Mean, keepDims.
    const xs = [filled([4, 64, 64, 16], 21), filled([9, 8, 8, 128], 22), filled([3, 50, 50, 16], 23)];
    const ops = (): tf.Tensor[] => xs.flatMap((x) => [tf.sum(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.sum(tf.reshape(x, [-1, x.shape[3]!]), 0)]);
    await tf.setBackend('cpu');
    const ref = ops().map((t) => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) }));
    await useBackend('onnxruntime', { threads: 2, env: {} });
    const before = tf.memory().numTensors;
    const sessions = currentOrtEngine()!.sessionCount;
    const got = tf.tidy(() => ops().map((t) => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) })));
    expect(currentOrtEngine()!.sessionCount, 'one session serves every shape').toBeLessThanOrEqual(sessions + 1);
    expect(tf.memory().numTensors).toBe(before);
    got.forEach((g, i) => {
      expect(g.shape, `op ${i}`).toEqual(ref[i]!.shape);
      const scale = maxAbs(ref[i]!.data);
      expect(scale, `op ${i} is a real result`).toBeGreaterThan(0.01);
      expect(maxAbsDiff(g.data, ref[i]!.data), `op ${i}`).toBeLessThanOrEqual(4e-6 * scale);
    });
    await tf.setBackend('cpu');
  });

  it('keeps no NaN of an earlier call in the reused channel frames (a NaN input, then a clean one of another size)', async () => {
    const geometry = (h: number): Case => ({ x: [2, h, h, 8], filter: [3, 3, 8, 8], stride: 1, pad: 'same' });
    const dw = (c: Case, x: tf.Tensor) =>
      tf.tidy(() => {
        const attrs = { strides: [1, 1], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.filter };
        const dy = filled([c.x[0], c.x[1], c.x[2], c.filter[3]], 2);
        return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync().slice();
      });
    const clean = geometry(10);
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => dw(clean, filled(clean.x, 1)));
    await useBackend('onnxruntime', { threads: 2, env: {} });
    const big = geometry(12);
    expect(prefersChannelFrames(filterGradGeometry({ shape: big.x } as never, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: big.filter } as never))).toBe(true);
    const poisoned = tf.tidy(() => dw(big, tf.fill(big.x, Number.NaN)));
    expect(poisoned.every(Number.isNaN)).toBe(true);
    const got = tf.tidy(() => dw(clean, filled(clean.x, 1)));
    got.forEach((v, i) => expect(Math.abs(v - expected[i]!), `dw[${i}]`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(expected[i]!))));
  });

  it('has the fast elementwise, reduction, slice and pad kernels equal to the stock cpu ones (NaN, scalars, broadcasts)', async () => {
    const a = tf.tensor([[1, -2, 0, NaN], [3.5, -0.5, 2, -7]]);
    const b = tf.tensor([[2, 4, -1, 1], [0.5, 8, -3, 2]]);
    const s = tf.scalar(1.5);
    const row = tf.tensor([1, 2, 3, 4]);
    // -0, +inf, -inf, a negative NaN, the smallest denormal, another negative NaN (as float32 bits)
    const edge = tf.tensor(new Float32Array(new Int32Array([0x80000000 | 0, 0x7f800000, 0xff800000 | 0, 0xffc00000 | 0, 1, -5]).buffer));
    const x4 = filled([2, 3, 4, 5], 9);
    const xl = filled([2, 6, 8, 8], 4);
    const xb = filled([4, 20, 20, 16], 6); // per-channel sums over many blocks of rows, the last one partial
    const xh = filled([5, 32, 32, 16], 13);
    const [mean, variance, offset, scale] = [tf.tensor1d([0.1, -0.2, 0.3, 0, 1]), tf.tensor1d([0.5, 2, 1e-3, 1, 4]), tf.tensor1d([1, 0, -1, 2, 0.5]), tf.tensor1d([2, 1, 0.5, -1, 3])];
    const ops = (): tf.Tensor[] => [
      tf.batchNorm(x4, mean, variance, offset, scale, 1e-3), tf.batchNorm(x4, tf.scalar(0.1), tf.scalar(2)), tf.batchNorm(x4, mean, variance, undefined, scale, 1e-5),
      tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b), tf.add(a, s), tf.sub(s, a), tf.mul(s, a), tf.div(a, s), tf.add(a, row),
      tf.relu(a), tf.step(a, 0.25), tf.step(a), tf.relu(edge), tf.step(edge), tf.relu(x4), tf.step(tf.neg(x4)), tf.sqrt(tf.abs(a)), tf.square(a),
      tf.sum(x4, [0, 1, 2]), tf.mean(x4, [0, 1, 2], true), tf.sum(x4, 1), tf.sum(xb, [0, 1, 2]), tf.mean(xb, [0, 1, 2]),
      tf.batchNorm(xb, filled([16], 7) as tf.Tensor1D, tf.add(tf.abs(filled([16], 8)), 0.1) as tf.Tensor1D, filled([16], 9) as tf.Tensor1D, filled([16], 10) as tf.Tensor1D, 1e-3),
      // Above ORT_BATCH_NORM_MIN_VALUES: the onnxruntime graph (16 channels folded 4 rows wide; scalar parameters).
      tf.batchNorm(xh, filled([16], 7) as tf.Tensor1D, tf.add(tf.abs(filled([16], 8)), 0.1) as tf.Tensor1D, filled([16], 9) as tf.Tensor1D, filled([16], 10) as tf.Tensor1D, 1e-3),
      tf.batchNorm(xh, tf.scalar(0.5), tf.scalar(3), undefined, tf.scalar(-2)),
      tf.slice(x4, [0, 1, 1, 0], [2, 2, 2, 5]), tf.slice(x4, [1, 0, 2, 1], [1, 3, 2, 3]),
      tf.pad(x4, [[0, 0], [1, 1], [2, 0], [0, 0]]), tf.pad(x4, [[1, 0], [0, 1], [0, 0], [1, 1]], 0.5),
      // Runs of 32 values and more (TypedArray.set), trailing whole axes joined into one run, a whole-tensor box.
      tf.pad(xl, [[0, 0], [1, 1], [1, 1], [0, 0]]), tf.pad(xl, [[0, 1], [2, 0], [0, 0], [0, 0]], -1), tf.slice(xl, [0, 1, 1, 0], [2, 4, 6, 8]),
      tf.slice(xl, [1, 2, 0, 0], [1, 3, 8, 8]), tf.slice(xl, [0, 0, 0, 0], [2, 6, 8, 8]), tf.slice(xl, [0, 1, 2, 3], [2, 5, 6, 5]),
    ];
    await tf.setBackend('cpu');
    const ref = ops().map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }));
    await useBackend('onnxruntime', { threads: 2, env: {} });
    const got = ops().map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }));
    // And without WebAssembly SIMD (onnxruntime's graphs for large BatchNorm, Add and Relu).
    setSimdStreamEnabled(false);
    const gotWithoutSimd = ops().map((t) => ({ shape: t.shape, data: Array.from(t.dataSync()) }));
    setSimdStreamEnabled(true);
    // Global average pooling and its gradient's broadcast (one operand over a block of axes): to the bit.
    const pooled = tf.tensor(filled([2, 1, 1, 5], 3).dataSync(), [2, 1, 1, 5]);
    // Above ORT_ELEMENTWISE_MIN_VALUES `Add` (same shapes) and `Relu` run as onnxruntime nodes: to the bit,
    // with -0, infinities, NaNs and denormals among the values.
    const edgeBits = new Int32Array([0x80000000 | 0, 0x7f800000, 0xff800000 | 0, 0x7fc00000, 1, 0x80000001 | 0]);
    const large = (seed: number) => {
      const v = filled([1, 70_007], seed).dataSync() as Float32Array;
      const bits = new Int32Array(v.buffer);
      for (let i = 0; i < bits.length; i += 97) bits[i] = edgeBits[(i / 97) % edgeBits.length]!;
      return tf.tensor(v, [7, 10_001, 1]);
    };
    const [large1, large2] = [large(11), large(12)];
    const exact = (): tf.Tensor[] => [
      tf.relu(large1), tf.add(large1, large2), tf.add(large2, large1),
      tf.mean(x4, [1, 2]), tf.mean(x4, [2, 1], true), tf.sum(x4, [1, 2]), tf.sum(x4, 2), tf.mean(x4, [0, 1]), tf.mean(x4, 1, true),
      tf.mul(pooled, x4), tf.sub(x4, pooled), tf.div(pooled, x4), tf.add(tf.tensor1d([1, 2, 3, 4, 5]), x4), tf.sub(tf.tensor([[1], [2], [3]]), tf.ones([2, 3, 4])),
      tf.mul(tf.ones([2, 1, 4, 1]), x4), tf.mean(x4, [1, 3]), tf.mean(x4, [1, 2, 3]),
    ];
    await tf.setBackend('cpu');
    const refExact = exact().map((t) => ({ shape: t.shape, bits: Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer)) }));
    await useBackend('onnxruntime', { threads: 2, env: {} });
    // The fast paths take these shapes (the last two of each kind fall back to the stock kernels).
    expect(middleBlock([2, 1], [2, 3, 4, 5])).toEqual({ from: 1, to: 3, outer: 2, mid: 12, inner: 5 });
    expect([middleBlock([1, 3], [2, 3, 4, 5]), middleBlock([1, 2, 3], [2, 3, 4, 5])]).toEqual([null, null]);
    expect(broadcastPlan([2, 1, 1, 5], [2, 3, 4, 5])).toEqual({ small: 'a', outer: 2, mid: 12, inner: 5, shape: [2, 3, 4, 5] });
    expect(broadcastPlan([2, 3, 4], [4])).toEqual({ small: 'b', outer: 1, mid: 6, inner: 4, shape: [2, 3, 4] });
    expect(broadcastPlan([3, 1], [2, 3, 4])).toBeNull();
    expect(broadcastPlan([2, 1, 4, 1], [2, 3, 4, 5])).toBeNull();
    // NaN payloads aside (V8's own NaN results differ by operation), every value's bits equal the stock kernels'.
    const payloadFree = (bits: number[]) => bits.map((b) => ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0 ? 'NaN' : b));
    const gotExact = exact().map((t) => ({ shape: t.shape, bits: payloadFree(Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer))) }));
    expect(gotExact).toEqual(refExact.map((r) => ({ shape: r.shape, bits: payloadFree(r.bits) })));
    // The same through the onnxruntime nodes (taken where WebAssembly SIMD is missing) and the JavaScript loops.
    setSimdStreamEnabled(false);
    const withoutSimd = exact().map((t) => ({ shape: t.shape, bits: payloadFree(Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer))) }));
    setSimdStreamEnabled(true);
    expect(withoutSimd).toEqual(gotExact);
    for (const [label, results] of [['', got], [' without SIMD', gotWithoutSimd]] as const) {
      for (let i = 0; i < ref.length; i++) {
        expect(results[i]!.shape, `op ${i}${label}`).toEqual(ref[i]!.shape);
        ref[i]!.data.forEach((v, j) => {
          if (Number.isNaN(v)) expect(results[i]!.data[j], `op ${i} [${j}]${label}`).toBeNaN();
          else expect(results[i]!.data[j]!, `op ${i} [${j}]${label}`).toBeCloseTo(v, 5);
        });
      }
    }
    await tf.setBackend('cpu');
  });
});

const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe('a script that used the onnxruntime route', () => {
  it.skipIf(!existsSync(built))('exits on its own', () => {
    const script = `
      const tf = await import('@tensorflow/tfjs-core');
      const { useBackend } = await import(${JSON.stringify(built)});
      const info = await useBackend('onnxruntime', { threads: 2, env: {} });
      tf.tidy(() => tf.conv2d(tf.ones([2, 8, 8, 3]), tf.ones([3, 3, 3, 4]), 1, 'same').dataSync());
      console.log('backend', info.tfBackend);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000, cwd: fileURLToPath(new URL('..', import.meta.url)) });
    expect(r.error?.message ?? null, `stderr: ${r.stderr}`).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('backend onnxruntime');
  }, 90_000);
});

describe('OrtEngine sessions', () => {
  it('load with blocking (non-spinning) intra-op workers, the machine threads asked for, and no arena, unless a graph asks otherwise', async () => {
    const { OrtEngine } = await import('../src/onnxruntime/ort-engine.js');
    const loaded: Record<string, unknown>[] = [];
    class FakeSession {
      loadModel(_b: ArrayBufferLike, _o: number, _l: number, options: Record<string, unknown>): void {
        loaded.push(options);
      }
      run(): Record<string, never> {
        return {};
      }
      dispose(): void {}
    }
    class FakeTensor {
      constructor(readonly type: string, readonly data: Float32Array, readonly dims: readonly number[]) {}
    }
    const engine = new OrtEngine({ Tensor: FakeTensor, binding: { InferenceSession: FakeSession }, initOrt: () => {} }, 3);
    const graph = () => ({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], inputs: [{ name: 'x', shape: [2] }], outputs: [{ name: 'y', shape: [2] }], int64Constants: {} });
    engine.run('k', graph, { x: { data: new Float32Array(2), shape: [2] } }, 'y', [2]);
    engine.run('k', graph, { x: { data: new Float32Array(2), shape: [2] } }, 'y', [2]);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ intraOpNumThreads: 3, enableCpuMemArena: false, extra: { session: { intra_op: { allow_spinning: '0' } } } });
    // A session that asks for it: workers spinning a bounded time; several outputs.
    const outputs = { y: { data: new Float32Array(2), shape: [2] }, z: { data: new Float32Array(2), shape: [2] } };
    engine.runInto('spin', graph, { x: { data: new Float32Array(2), shape: [2] } }, outputs, { spinMicroseconds: 100 });
    expect(loaded[1]).toMatchObject({ intraOpNumThreads: 3, extra: { session: { intra_op: { allow_spinning: '1', spin_duration_us: '100' } } } });
    expect(() => engine.runInto('spin', graph, {}, { y: { data: new Float32Array(3), shape: [2] } })).toThrow(/the buffer of y has 3 elements, its shape \[2\] 2/);
    engine.dispose();
  });

  it("handle onnxruntime-node 1.31's promise from loadModel: a failed load is reported by the first run, never as an unhandled rejection", async () => {
    const { OrtEngine } = await import('../src/onnxruntime/ort-engine.js');
    const { BackendUnavailableError } = await import('../src/errors.js');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let loads = 0;
      class FailingLoad {
        loadModel(): Promise<void> {
          loads++;
          return Promise.reject(new Error('No Op registered for NoSuchOp'));
        }
        run(): Record<string, never> {
          throw new Error('Session is not initialized.');
        }
        dispose(): void {}
      }
      class FakeTensor {
        constructor(readonly type: string, readonly data: Float32Array, readonly dims: readonly number[]) {}
      }
      const engine = new OrtEngine({ Tensor: FakeTensor, binding: { InferenceSession: FailingLoad }, initOrt: () => {} }, 2);
      const graph = () => ({ nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }], inputs: [{ name: 'x', shape: [2] }], outputs: [{ name: 'y', shape: [2] }] });
      const run = () => engine.run('probe', graph, { x: { data: new Float32Array(2), shape: [2] } }, 'y', [2]);
      expect(run).toThrow(BackendUnavailableError);
      expect(run).toThrow(/could not run aug's graph 'probe' \(Session is not initialized\.\).*failed to load/);
      expect(loads).toBe(1);
      // A session whose load succeeded keeps the binding's own error.
      class LoadsFine extends FailingLoad {
        override loadModel(): Promise<void> {
          return Promise.resolve();
        }
      }
      const fine = new OrtEngine({ Tensor: FakeTensor, binding: { InferenceSession: LoadsFine }, initOrt: () => {} }, 2);
      expect(() => fine.run('k', graph, { x: { data: new Float32Array(2), shape: [2] } }, 'y', [2])).toThrow(/could not run aug's graph 'k'/);
      class ThrowsOnRun {
        loadModel(): void {}
        run(): Record<string, never> {
          throw new Error('bad input');
        }
        dispose(): void {}
      }
      const old = new OrtEngine({ Tensor: FakeTensor, binding: { InferenceSession: ThrowsOnRun }, initOrt: () => {} }, 2);
      expect(() => old.run('k', graph, { x: { data: new Float32Array(2), shape: [2] } }, 'y', [2])).toThrow(/^bad input$/);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      engine.dispose();
      fine.dispose();
      old.dispose();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('the Winograd graphs', () => {
  const geometry = (over: Partial<ReturnType<typeof forwardGeometry>>) => ({
    batch: 32, inHeight: 8, inWidth: 8, inChannels: 256, outHeight: 8, outWidth: 8, outChannels: 256, filterHeight: 3, filterWidth: 3,
    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1, ...over,
  });

  it('are chosen for 3x3 stride-1 filters with 128+ channels on small maps only', () => {
    expect(prefersWinograd(geometry({}), 'forward')).toBe(true);
    expect(prefersWinograd(geometry({}), 'inputGrad')).toBe(true);
    expect(prefersWinograd(geometry({}), 'filterGrad')).toBe(true);
    const sixteen = geometry({ inHeight: 16, inWidth: 16, outHeight: 16, outWidth: 16, inChannels: 128, outChannels: 128 });
    expect([prefersWinograd(sixteen, 'forward'), prefersWinograd(sixteen, 'inputGrad'), prefersWinograd(sixteen, 'filterGrad')]).toEqual([false, false, true]);
    expect(prefersWinograd(geometry({ inChannels: 64 }), 'forward'), '64 input channels').toBe(false);
    expect(prefersWinograd(geometry({ outChannels: 64 }), 'filterGrad'), '64 output channels').toBe(false);
    expect(prefersWinograd(geometry({ strideHeight: 2, strideWidth: 2, outHeight: 4, outWidth: 4 }), 'forward'), 'stride 2').toBe(false);
    expect(prefersWinograd(geometry({ dilationHeight: 2, dilationWidth: 2, outHeight: 6, outWidth: 6 }), 'forward'), 'dilation 2').toBe(false);
    expect(prefersWinograd(geometry({ filterHeight: 5, filterWidth: 5, padTop: 2, padLeft: 2, padBottom: 2, padRight: 2 }), 'forward'), '5x5').toBe(false);
    const big = geometry({ inHeight: 32, inWidth: 32, outHeight: 32, outWidth: 32 });
    expect(prefersWinograd(big, 'forward') || prefersWinograd(big, 'filterGrad'), '32x32 maps').toBe(false);
  });

  it('are not used where the engine cannot run them or they disagree with a direct convolution', () => {
    const throwing = { run: () => { throw new Error("Could not find an implementation for FusedMatMul(1) node with name ''"); } } as unknown as OrtEngine;
    expect(winogradWorks(throwing)).toBe(false);
    let calls = 0;
    const zeros = { run: (_key: string, _build: unknown, _inputs: unknown, _output: string, shape: number[]) => { calls++; return new Float32Array(shape.reduce((a, b) => a * b, 1)); } } as unknown as OrtEngine;
    expect(winogradWorks(zeros)).toBe(false);
    expect(winogradWorks(zeros), 'read once per engine').toBe(false);
    expect(calls).toBe(3);
  });
});
