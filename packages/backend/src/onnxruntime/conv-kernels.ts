import { util, type KernelConfig, type KernelFunc, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { allocFloat32 } from '../kernels/buffer-pool.js';
import { filterGradGeometry, forwardGeometry, inputGradGeometry, isNhwc, type ConvGeometry } from '../kernels/conv-geometry.js';
import { cpuValues, type CpuBackendLike } from '../kernels/cpu-helpers.js';
import { cpuFilterGrad } from '../kernels/filter-grad-cpu.js';
import { filterGradFromPatchesGraph, forwardConvGraph, inputGradGraph, isPointwiseConv, type ConvActivation } from './conv-graphs.js';
import { nchwcConvGraph, prefersNchwc } from './nchwc-graphs.js';
import { nchwcBlock } from './nchwc-probe.js';
import { prefersWinograd, winogradFilterGradGraph, winogradForwardGraph, winogradInputGradGraph } from './winograd-graphs.js';
import { winogradWorks } from './winograd-probe.js';
import { phaseInputGradGraph, stridedPointwiseInputGradGraph } from './phase-input-grad.js';
import { inputGradColumnsGraph, prefersInputGradColumns } from './input-grad-col2im.js';
import { addPatches } from '../kernels/input-grad-wasm.js';
import { ScratchBuffer, writePatchMatrix } from './patch-matrix.js';
import { channelFrameLayout, filterGradFromChannelFramesGraph, prefersChannelFrames, writeChannelFrames, writeChannelFramesSimd } from './channel-frames.js';
import { channelFrameWorkspace, simdStream, type ChannelFrameWorkspace } from '../kernels/simd-stream.js';
import type { OnnxGraph } from './onnx-model.js';
import type { OrtEngine, OrtFloatTensor } from './ort-engine.js';
import { BackendError } from '../errors.js';

/** The tfjs backend name of the onnxruntime route (a tfjs-backend-cpu instance with these kernels). */
export const ORT_BACKEND_NAME = 'onnxruntime';


function geometryKey(g: ConvGeometry): string {
  return [
    g.batch, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padTop, g.padLeft, g.padBottom, g.padRight,
  ].join(',');
}

function activationOf(attrs: NamedAttrMap): ConvActivation | null {
  const a = attrs['activation'];
  if (a === undefined || a === null || a === 'linear') return 'linear';
  if (a === 'relu') return 'relu';
  return null;
}

/** A tfjs kernel that is taken by onnxruntime when `handle` returns a result, else by `fallback`. */
function kernel(kernelName: string, handle: (args: Parameters<KernelFunc>[0]) => TensorInfo | null, fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const out = handle(args);
    if (out !== null) return out;
    if (fallback === null) throw new BackendError('KERNEL_MISSING', `@aug/backend: the onnxruntime ${kernelName} kernel supports NHWC float32 only, and no fallback kernel is registered`);
    return fallback(args);
  };
  return { kernelName, backendName: ORT_BACKEND_NAME, kernelFunc };
}

/**
 * The forward convolution (`Conv2D`, and `FusedConv2D` with a bias and a linear or relu activation,
 * as tfjs-layers' `Conv2D` layer emits) in onnxruntime.
 */
function forwardKernel(engine: OrtEngine, kernelName: 'Conv2D' | 'FusedConv2D', fallback: KernelFunc | null): KernelConfig {
  return kernel(
    kernelName,
    ({ inputs, backend, attrs = {} }) => {
      const x = inputs['x'] as TensorInfo;
      const filter = inputs['filter'] as TensorInfo;
      const bias = inputs['bias'] as TensorInfo | undefined;
      const activation = activationOf(attrs);
      if (!isNhwc(attrs) || x.dtype !== 'float32' || filter.dtype !== 'float32' || activation === null) return null;
      if (inputs['preluActivationWeights'] !== undefined && inputs['preluActivationWeights'] !== null) return null;
      const g = forwardGeometry(x, filter, attrs);
      if (bias !== undefined && bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== g.outChannels)) return null;
      const withBias = bias !== undefined && bias !== null;
      const cpu = backend as unknown as CpuBackendLike;
      const outShape = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      const feeds = { x: { data: cpuValues(cpu, x), shape: x.shape }, w: { data: cpuValues(cpu, filter), shape: filter.shape } };
      if (withBias) Object.assign(feeds, { b: { data: cpuValues(cpu, bias), shape: bias.shape } });
      const options = { bias: withBias, activation };
      const winograd = prefersWinograd(g, 'forward') && winogradWorks(engine);
      const block = nchwcBlock(engine);
      const blocked = !winograd && prefersNchwc(g, block, 'forward');
      const values = engine.run(
        `fwd${winograd ? 'w' : blocked ? 'c' : ''}:${withBias ? 'b' : ''}${activation}:${geometryKey(g)}`,
        () => (winograd ? winogradForwardGraph(g, options) : blocked ? nchwcConvGraph(g, block!, 'forward', options) : forwardConvGraph(g, options)),
        feeds,
        'y',
        outShape,
        allocFloat32(cpu, util.sizeFromShape(outShape)),
      );
      return cpu.makeTensorInfo(outShape, 'float32', values);
    },
    fallback,
  );
}

/** `Conv2DBackpropInput` in onnxruntime. */
function inputGradKernel(engine: OrtEngine, fallback: KernelFunc | null): KernelConfig {
  // The graph of each geometry (or null: no exact ONNX form), built on its first call only.
  const graphs = new Map<string, OnnxGraph | null>();
  const columns = new ScratchBuffer();
  return kernel(
    'Conv2DBackpropInput',
    ({ inputs, backend, attrs = {} }) => {
      const dy = inputs['dy'] as TensorInfo;
      const filter = inputs['filter'] as TensorInfo;
      if (!isNhwc(attrs) || dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
      const g = inputGradGeometry(filter, attrs);
      if (prefersInputGradColumns(g)) {
        const cpu = backend as unknown as CpuBackendLike;
        const positions = g.batch * g.outHeight * g.outWidth;
        const k = g.filterHeight * g.filterWidth * g.inChannels;
        const z = engine.run(
          `dxz:${geometryKey(g)}`,
          () => inputGradColumnsGraph(g),
          { dy: { data: cpuValues(cpu, dy), shape: [positions, g.outChannels] }, w: { data: cpuValues(cpu, filter), shape: filter.shape } },
          'z',
          [positions, k],
          columns.view(positions * k),
        );
        const shape = [g.batch, g.inHeight, g.inWidth, g.inChannels];
        const dx = allocFloat32(cpu, util.sizeFromShape(shape));
        dx.fill(0);
        addPatches(z, dx, g);
        return cpu.makeTensorInfo(shape, 'float32', dx);
      }
      const key = `dx:${geometryKey(g)}`;
      let graph = graphs.get(key);
      if (graph === undefined) {
        const block = nchwcBlock(engine);
        // Winograd on small maps with many channels; strided: the phases where the channels are whole blocks, a
        // Gemm and a Pad for 1x1 filters; else stride 1 blocked, or the plain graphs.
        graph = prefersWinograd(g, 'inputGrad') && winogradWorks(engine) ? winogradInputGradGraph(g) : phaseInputGradGraph(g, block) ?? stridedPointwiseInputGradGraph(g) ?? (prefersNchwc(g, block, 'inputGrad') ? nchwcConvGraph(g, block!, 'inputGrad') : inputGradGraph(g));
        graphs.set(key, graph);
      }
      if (graph === null) return null;
      const built = graph;
      const cpu = backend as unknown as CpuBackendLike;
      const shape = [g.batch, g.inHeight, g.inWidth, g.inChannels];
      const values = engine.run(
        key,
        () => built,
        { dy: { data: cpuValues(cpu, dy), shape: dy.shape }, w: { data: cpuValues(cpu, filter), shape: filter.shape } },
        'dx',
        shape,
        allocFloat32(cpu, util.sizeFromShape(shape)),
      );
      return cpu.makeTensorInfo(shape, 'float32', values);
    },
    fallback,
  );
}

/** `Conv2DBackpropFilter` in onnxruntime; NCHW calls go to aug's JavaScript kernel's fallback. */
function filterGradKernel(engine: OrtEngine, fallback: KernelFunc | null): KernelConfig {
  const patches = new ScratchBuffer();
  const frames = new ScratchBuffer();
  const dyFrames = new ScratchBuffer();
  // The frames in WebAssembly memory (written by the SIMD transpose), made on first use.
  let workspace: ChannelFrameWorkspace | null | undefined;
  return kernel(
    'Conv2DBackpropFilter',
    ({ inputs, backend, attrs = {} }) => {
      const x = inputs['x'] as TensorInfo;
      const dy = inputs['dy'] as TensorInfo;
      if (!isNhwc(attrs) || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
      const g = filterGradGeometry(x, attrs);
      const cpu = backend as unknown as CpuBackendLike;
      const shape = [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
      if (g.batch * g.outHeight * g.outWidth === 0) {
        return cpu.makeTensorInfo(shape, 'float32', cpuFilterGrad(cpuValues(cpu, x), cpuValues(cpu, dy), g));
      }
      if (prefersWinograd(g, 'filterGrad') && winogradWorks(engine)) {
        const values = engine.run(
          `dww:${geometryKey(g)}`,
          () => winogradFilterGradGraph(g),
          { x: { data: cpuValues(cpu, x), shape: x.shape }, dy: { data: cpuValues(cpu, dy), shape: dy.shape } },
          'dw',
          shape,
          allocFloat32(cpu, util.sizeFromShape(shape)),
        );
        return cpu.makeTensorInfo(shape, 'float32', values);
      }
      if (prefersChannelFrames(g)) {
        const layout = channelFrameLayout(g);
        const dyFrame = dyFrames.view(layout.positions * g.outChannels);
        if (simdStream() !== null) workspace ??= channelFrameWorkspace();
        else workspace = undefined; // SIMD switched off: the JavaScript frames
        let xFrames = workspace ? writeChannelFramesSimd(cpuValues(cpu, x), cpuValues(cpu, dy), g, layout, workspace, dyFrame) : null;
        if (xFrames === null) {
          xFrames = frames.view(layout.length);
          writeChannelFrames(cpuValues(cpu, x), cpuValues(cpu, dy), g, layout, xFrames, dyFrame);
        }
        const framesOf = xFrames;
        const feeds: Record<string, OrtFloatTensor> = { dy: { data: dyFrame, shape: [layout.positions, g.outChannels] } };
        layout.rowShifts.forEach((s, a) => {
          feeds[`r${a}`] = { data: framesOf.subarray(s, s + layout.span), shape: [g.filterWidth * g.inChannels, layout.positions] };
        });
        const flat = [util.sizeFromShape(shape) / g.outChannels, g.outChannels];
        const values = engine.run(`dwc:${geometryKey(g)}`, () => filterGradFromChannelFramesGraph(g, layout), feeds, 'dw', flat, allocFloat32(cpu, util.sizeFromShape(shape)));
        return cpu.makeTensorInfo(shape, 'float32', values);
      }
      const positions = g.batch * g.outHeight * g.outWidth;
      const k = g.filterHeight * g.filterWidth * g.inChannels;
      // A pointwise convolution's patch matrix is its input as it lies.
      let cols = cpuValues(cpu, x);
      if (!isPointwiseConv(g)) {
        cols = patches.view(positions * k);
        writePatchMatrix(cpuValues(cpu, x), g, cols);
      }
      const values = engine.run(
        `dw:${geometryKey(g)}`,
        () => filterGradFromPatchesGraph(g),
        { cols: { data: cols, shape: [positions, k] }, dy: { data: cpuValues(cpu, dy), shape: dy.shape } },
        'dw',
        shape,
        allocFloat32(cpu, util.sizeFromShape(shape)),
      );
      return cpu.makeTensorInfo(shape, 'float32', values);
    },
    fallback,
  );
}

/**
 * The kernels the onnxruntime route runs natively: `Conv2D`, `FusedConv2D`, `Conv2DBackpropInput` and
 * `Conv2DBackpropFilter`, each falling back to tfjs-backend-cpu's own kernel (`stock`) for what it
 * does not take (NCHW, other dtypes, prelu/elu activations, dilated strided input gradients).
 */
export function ortConvKernels(engine: OrtEngine, stock: (kernelName: string) => KernelFunc | null): KernelConfig[] {
  return [
    forwardKernel(engine, 'Conv2D', stock('Conv2D')),
    forwardKernel(engine, 'FusedConv2D', stock('FusedConv2D')),
    inputGradKernel(engine, stock('Conv2DBackpropInput')),
    filterGradKernel(engine, stock('Conv2DBackpropFilter')),
  ];
}
