import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { ConvActivation } from './conv-graphs.js';
import { inputGradPads } from './conv-graphs.js';
import type { OnnxGraph, OnnxNode } from './onnx-model.js';

/**
 * Convolutions in MLAS's blocked NCHWc layout, on tensors in tfjs's layouts (activations NHWC, filters
 * HWIO), through onnxruntime's own NCHWc operators (domain `com.microsoft.nchwc`: `ReorderInput` from NHWC,
 * `Conv`, `ReorderOutput` to NHWC). onnxruntime uses them itself only when a filter is a constant of the model
 * (its layout pass reorders it once); here the filter is a graph input that changes every step, so the graph
 * reorders it (`Reshape`, one `Transpose`, `Reshape`: cheap next to the convolution). This replaces the two
 * activation transposes of the plain NCHW `Conv` and runs MLAS's faster blocked kernel: 1.3-2.4x on the
 * feature maps where it is used (README, onnxruntime route).
 *
 * The block size `B` (channels per block) is MLAS's for this CPU (16 with AVX-512, 8 with AVX2); the engine
 * reads it once (`OrtEngine.nchwcBlock`).
 */
const NCHWC = 'com.microsoft.nchwc';

/** Which convolution a graph computes: the forward pass, or the stride-1 input gradient. */
export type NchwcKind = 'forward' | 'inputGrad';

/**
 * Whether the NCHWc graph is used for this geometry and block size. Measured per shape (b32 width 64 and b256
 * width 8 ResNet-18 geometries): it wins on 3x3 (and larger) filters whose channel counts are whole blocks,
 * up to 256 x 256 channels; with 512 channels on 4x4 maps the patch-matrix product ties or wins, and channel
 * counts that would need padding (8 channels at 32x32) ran 4-8x slower. 1x1 filters stay plain products;
 * dilated filters and, for the input gradient, strides above 1 keep the graphs they have.
 */
export function prefersNchwc(g: ConvGeometry, block: number | null, kind: NchwcKind): boolean {
  if (block === null) return false;
  if (g.inChannels % block !== 0 || g.outChannels % block !== 0) return false;
  if (g.inChannels * g.outChannels > 256 * 256) return false;
  if (g.filterHeight * g.filterWidth === 1 || g.dilationHeight !== 1 || g.dilationWidth !== 1) return false;
  if (kind === 'inputGrad') return g.strideHeight === 1 && g.strideWidth === 1 && inputGradPads(g) !== null;
  return true;
}

/**
 * Appends the nodes that turn the HWIO filter `w` (`[kh, kw, cin, cout]`, channels whole blocks) into the
 * OIHWBiBo layout NCHWc's `Conv` reads (block of outputs, block of inputs, tap, input in block, output in block)
 * and returns its name. For the input gradient the filter is first rotated by 180 degrees and its channel
 * axes swapped (the transposed convolution as a forward one).
 */
function blockedFilter(g: ConvGeometry, block: number, kind: NchwcKind, nodes: OnnxNode[], constants: Record<string, number[]>): string {
  const taps = g.filterHeight * g.filterWidth;
  let w = 'w';
  let cin = g.inChannels;
  let cout = g.outChannels;
  if (kind === 'inputGrad') {
    nodes.push({ op: 'Transpose', inputs: ['w'], outputs: ['w_swapped'], attrs: { perm: [0, 1, 3, 2] } });
    nodes.push({ op: 'Slice', inputs: ['w_swapped', 'flip_starts', 'flip_ends', 'flip_axes', 'flip_steps'], outputs: ['w_rotated'] });
    Object.assign(constants, { flip_starts: [-1, -1], flip_ends: [-(2 ** 62), -(2 ** 62)], flip_axes: [0, 1], flip_steps: [-1, -1] });
    w = 'w_rotated';
    [cin, cout] = [cout, cin];
  }
  // [taps, cin/B, B, cout/B, B] -> [cout/B, cin/B, taps, B(in), B(out)], then the 4-d shape Conv checks.
  constants['w_blocks'] = [taps, cin / block, block, cout / block, block];
  constants['w_oihw'] = [cout, cin, g.filterHeight, g.filterWidth];
  nodes.push({ op: 'Reshape', inputs: [w, 'w_blocks'], outputs: ['w5'] });
  nodes.push({ op: 'Transpose', inputs: ['w5'], outputs: ['w5_blocked'], attrs: { perm: [3, 1, 0, 2, 4] } });
  nodes.push({ op: 'Reshape', inputs: ['w5_blocked', 'w_oihw'], outputs: ['w_blocked'] });
  return 'w_blocked';
}

/**
 * The forward convolution (`kind: 'forward'`: inputs `x` NHWC, `w` HWIO, optional `b`; output `y` NHWC, with
 * the bias and a relu fused into the kernel) or the stride-1 input gradient (`kind: 'inputGrad'`: inputs `dy`
 * NHWC and `w` HWIO; output `dx` NHWC) as one NCHWc convolution. Use it where {@link prefersNchwc} says so.
 */
export function nchwcConvGraph(g: ConvGeometry, block: number, kind: NchwcKind, options: { bias: boolean; activation: ConvActivation } = { bias: false, activation: 'linear' }): OnnxGraph {
  const forward = kind === 'forward';
  const source = forward ? 'x' : 'dy';
  const target = forward ? 'y' : 'dx';
  const sourceShape = forward ? [g.batch, g.inHeight, g.inWidth, g.inChannels] : [g.batch, g.outHeight, g.outWidth, g.outChannels];
  const targetShape = forward ? [g.batch, g.outHeight, g.outWidth, g.outChannels] : [g.batch, g.inHeight, g.inWidth, g.inChannels];
  const constants: Record<string, number[]> = {};
  const nodes: OnnxNode[] = [{ op: 'ReorderInput', domain: NCHWC, inputs: [source], outputs: ['src_blocked'], attrs: { channels_last: 1 } }];
  const w = blockedFilter(g, block, kind, nodes, constants);
  const pads = forward ? [g.padTop, g.padLeft, g.padBottom, g.padRight] : inputGradPads(g)!;
  const attrs: Record<string, string | readonly number[]> = {
    kernel_shape: [g.filterHeight, g.filterWidth],
    strides: forward ? [g.strideHeight, g.strideWidth] : [1, 1],
    pads,
  };
  if (forward && options.activation === 'relu') attrs['activation'] = 'Relu';
  const convInputs = forward && options.bias ? ['src_blocked', w, 'b'] : ['src_blocked', w];
  nodes.push({ op: 'Conv', domain: NCHWC, inputs: convInputs, outputs: ['out_blocked'], attrs });
  nodes.push({ op: 'ReorderOutput', domain: NCHWC, inputs: ['out_blocked'], outputs: [target], attrs: { channels: targetShape[3]!, channels_last: 1 } });
  const inputs = [
    { name: source, shape: sourceShape },
    { name: 'w', shape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels] },
  ];
  if (forward && options.bias) inputs.push({ name: 'b', shape: [g.outChannels] });
  return { nodes, inputs, outputs: [{ name: target, shape: targetShape }], int64Constants: constants };
}

/**
 * The graph that reads MLAS's NCHWc block size: `ReorderInput` pads 4 channels up to one block, and the
 * padded channel count comes out as a float32 `[4]` shape `[1, B, 1, 1]`. Input `x` `[1, 1, 1, 4]`.
 */
export function nchwcBlockProbeGraph(): OnnxGraph {
  return {
    nodes: [
      { op: 'ReorderInput', domain: NCHWC, inputs: ['x'], outputs: ['xb'], attrs: { channels_last: 1 } },
      { op: 'Shape', inputs: ['xb'], outputs: ['shape'] },
      { op: 'Cast', inputs: ['shape'], outputs: ['y'], attrs: { to: 1 } },
    ],
    inputs: [{ name: 'x', shape: [1, 1, 1, 4] }],
    outputs: [{ name: 'y', shape: [4] }],
  };
}
