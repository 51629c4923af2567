import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { OnnxGraph, OnnxNode } from './onnx-model.js';

/**
 * The input gradient of a strided convolution as `strideHeight * strideWidth` stride-1 convolutions, one per
 * output phase (the "sub-pixel" form of a transposed convolution). Input row `ih = a * s + p` (phase `p`)
 * receives only the filter taps `kh = k0 + j * s` with `k0 = (p + padTop) mod s`, from output rows
 * `a + d - j` with `d = floor((p + padTop) / s)`: a stride-1 correlation of `dy` with that phase's taps,
 * rotated by 180 degrees, channel axes swapped. Each phase is one NCHWc `Conv` (MLAS's blocked kernel), and
 * the phases are interleaved by one `Transpose`.
 *
 * onnxruntime's `ConvTranspose` (a `Gemm` into a column matrix, then a single-threaded col2im) ran the
 * ResNet-18 down-sampling gradients at 10-25 GFLOPS on the 2-core VM; the phases run at the stride-1
 * convolutions' speed (README, onnxruntime route).
 */

/** How one spatial axis splits into phases. */
interface AxisPhase {
  /** The first filter tap of this phase (`(p + padBegin) mod stride`). */
  readonly firstTap: number;
  /** How many taps this phase has (at least 1). */
  readonly taps: number;
  /** `dy`'s zero padding before and after for the phase's stride-1 convolution (non-negative). */
  readonly padBefore: number;
  readonly padAfter: number;
  /** Rows of the convolution's output to drop at the start (where the exact padding would be negative). */
  readonly cropBefore: number;
  /** Rows the convolution produces: `rows` plus the crop at both ends. */
  readonly produced: number;
}

/** Each phase of one axis, or null when a phase would have no filter tap (the filter is smaller than the stride). */
function axisPhases(inSize: number, outSize: number, filter: number, stride: number, padBegin: number): { rows: number; phases: AxisPhase[] } | null {
  if (filter < stride) return null;
  const rows = Math.ceil(inSize / stride);
  const phases: AxisPhase[] = [];
  for (let p = 0; p < stride; p++) {
    const firstTap = (p + padBegin) % stride;
    const taps = Math.ceil((filter - firstTap) / stride);
    const d = Math.floor((p + padBegin) / stride);
    // The convolution's output length is outSize + before + after - taps + 1; the exact form needs `rows`.
    const before = taps - 1 - d;
    const after = rows - outSize - before + taps - 1;
    const padBefore = Math.max(0, before);
    const padAfter = Math.max(0, after);
    phases.push({ firstTap, taps, padBefore, padAfter, cropBefore: padBefore - before, produced: outSize + padBefore + padAfter - taps + 1 });
  }
  return { rows, phases };
}

/**
 * Whether {@link phaseInputGradGraph} applies: a stride above 1, no dilation, and a filter at least as large
 * as the stride along both axes (1x1 down-sampling filters keep `ConvTranspose`: 3 of their 4 phases are zero).
 */
export function hasPhaseInputGrad(g: ConvGeometry): boolean {
  if (g.strideHeight === 1 && g.strideWidth === 1) return false;
  if (g.dilationHeight !== 1 || g.dilationWidth !== 1) return false;
  return g.filterHeight >= g.strideHeight && g.filterWidth >= g.strideWidth;
}

/**
 * Whether the input-gradient kernel uses the phases: where {@link hasPhaseInputGrad} and both channel counts
 * are whole NCHWc blocks of `block`. Measured in the ResNet-18 step (glibc's malloc tuned), against
 * `ConvTranspose`: 64 -> 128 channels 12.6-13.3 -> 8.6-10.1 ms, 128 -> 256 11.5-13.0 -> 8.3-8.8, 256 -> 512
 * 23.0-23.6 -> 15.3-16.2, 32 -> 64 at batch 256 6.5-6.7 -> 2.4-2.6; without blocks the plain NCHW phases lost
 * (8 -> 16 channels at batch 256: 9.8-10.0 -> 18.3-19.2 ms).
 */
export function prefersPhaseInputGrad(g: ConvGeometry, block: number | null): boolean {
  return hasPhaseInputGrad(g) && block !== null && g.inChannels % block === 0 && g.outChannels % block === 0;
}

/**
 * The strided input gradient as phases: inputs `dy` (NHWC) and `w` (HWIO), output `dx` (NHWC); null where
 * {@link prefersPhaseInputGrad} says no. `block` is MLAS's NCHWc block size: each phase is an NCHWc
 * convolution of `dy` (reordered once), written back to NHWC.
 *
 * @example
 * ```ts
 * const graph = phaseInputGradGraph(g, nchwcBlock(engine));
 * if (graph !== null) engine.run(key, () => graph, { dy, w }, 'dx', [g.batch, g.inHeight, g.inWidth, g.inChannels]);
 * ```
 */
export function phaseInputGradGraph(g: ConvGeometry, block: number | null): OnnxGraph | null {
  if (block === null || !prefersPhaseInputGrad(g, block)) return null;
  const rowsH = axisPhases(g.inHeight, g.outHeight, g.filterHeight, g.strideHeight, g.padTop);
  const rowsW = axisPhases(g.inWidth, g.outWidth, g.filterWidth, g.strideWidth, g.padLeft);
  if (rowsH === null || rowsW === null) return null;
  const C = g.inChannels;
  const O = g.outChannels;
  const nodes: OnnxNode[] = [{ op: 'ReorderInput', domain: NCHWC, inputs: ['dy'], outputs: ['dy_blocked'], attrs: { channels_last: 1 } }];
  const constants: Record<string, number[]> = { flip_axes: [0, 1], crop_axes: [1, 2] };
  const phaseOutputs: string[] = [];
  rowsH.phases.forEach((ph, p) => {
    rowsW.phases.forEach((pw, q) => {
      const id = `p${p}_${q}`;
      // This phase's taps, rotated by 180 degrees: [taps_h, taps_w, C, O].
      constants[`${id}_starts`] = [ph.firstTap + (ph.taps - 1) * g.strideHeight, pw.firstTap + (pw.taps - 1) * g.strideWidth];
      constants[`${id}_ends`] = [ph.firstTap === 0 ? -(2 ** 62) : ph.firstTap - 1, pw.firstTap === 0 ? -(2 ** 62) : pw.firstTap - 1];
      constants[`${id}_steps`] = [-g.strideHeight, -g.strideWidth];
      nodes.push({ op: 'Slice', inputs: ['w', `${id}_starts`, `${id}_ends`, 'flip_axes', `${id}_steps`], outputs: [`${id}_w`] });
      // [taps, C/B, B, O/B, B] -> [C/B, O/B, taps, B (of O), B (of C)]: the OIHWBiBo filter NCHWc's Conv reads.
      constants[`${id}_blocks`] = [ph.taps * pw.taps, C / block, block, O / block, block];
      constants[`${id}_oihw`] = [C, O, ph.taps, pw.taps];
      nodes.push({ op: 'Reshape', inputs: [`${id}_w`, `${id}_blocks`], outputs: [`${id}_w5`] });
      nodes.push({ op: 'Transpose', inputs: [`${id}_w5`], outputs: [`${id}_w5b`], attrs: { perm: [1, 3, 0, 4, 2] } });
      nodes.push({ op: 'Reshape', inputs: [`${id}_w5b`, `${id}_oihw`], outputs: [`${id}_wb`] });
      const conv = { kernel_shape: [ph.taps, pw.taps], strides: [1, 1], pads: [ph.padBefore, pw.padBefore, ph.padAfter, pw.padAfter] };
      nodes.push({ op: 'Conv', domain: NCHWC, inputs: ['dy_blocked', `${id}_wb`], outputs: [`${id}_yb`], attrs: conv });
      let out = `${id}_y`;
      nodes.push({ op: 'ReorderOutput', domain: NCHWC, inputs: [`${id}_yb`], outputs: [out], attrs: { channels: C, channels_last: 1 } });
      if (ph.produced !== rowsH.rows || pw.produced !== rowsW.rows) {
        constants[`${id}_crop_s`] = [ph.cropBefore, pw.cropBefore];
        constants[`${id}_crop_e`] = [ph.cropBefore + rowsH.rows, pw.cropBefore + rowsW.rows];
        nodes.push({ op: 'Slice', inputs: [out, `${id}_crop_s`, `${id}_crop_e`, 'crop_axes'], outputs: [`${id}_c`] });
        out = `${id}_c`;
      }
      phaseOutputs.push(out);
    });
  });
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const A = rowsH.rows;
  const B = rowsW.rows;
  nodes.push({ op: 'Concat', inputs: phaseOutputs, outputs: ['phases'], attrs: { axis: 0 } });
  // Phases [sh, sw, N, A, B, C] -> [N, A, sh, B, sw, C] -> [N, A*sh, B*sw, C].
  constants['phases_shape'] = [sh, sw, g.batch, A, B, C];
  constants['interleaved_shape'] = [g.batch, A * sh, B * sw, C];
  nodes.push({ op: 'Reshape', inputs: ['phases', 'phases_shape'], outputs: ['phases6'] });
  nodes.push({ op: 'Transpose', inputs: ['phases6'], outputs: ['interleaved6'], attrs: { perm: [2, 3, 0, 4, 1, 5] } });
  nodes.push({ op: 'Reshape', inputs: ['interleaved6', 'interleaved_shape'], outputs: ['interleaved'] });
  cropToInput(g, 'interleaved', A * sh, B * sw, nodes, constants);
  return { nodes, ...inputGradIo(g), int64Constants: constants };
}

/** The inputs (`dy` NHWC, `w` HWIO) and output (`dx` NHWC) of an input-gradient graph for `g`. */
function inputGradIo(g: ConvGeometry): Pick<OnnxGraph, 'inputs' | 'outputs'> {
  return {
    inputs: [
      { name: 'dy', shape: [g.batch, g.outHeight, g.outWidth, g.outChannels] },
      { name: 'w', shape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels] },
    ],
    outputs: [{ name: 'dx', shape: [g.batch, g.inHeight, g.inWidth, g.inChannels] }],
  };
}

/**
 * Makes `dx` from `source` (`[N, height, width, C]`, at least the input's size, the output of the last node):
 * when the sizes match that node writes `dx` itself, else a `Slice` of the input's rows and columns follows.
 */
function cropToInput(g: ConvGeometry, source: string, height: number, width: number, nodes: OnnxNode[], constants: Record<string, number[]>): void {
  if (height === g.inHeight && width === g.inWidth) {
    const last = nodes[nodes.length - 1]!;
    nodes[nodes.length - 1] = { ...last, outputs: last.outputs.map((name) => (name === source ? 'dx' : name)) };
    return;
  }
  Object.assign(constants, { dx_starts: [0, 0], dx_ends: [g.inHeight, g.inWidth], dx_axes: [1, 2] });
  nodes.push({ op: 'Slice', inputs: [source, 'dx_starts', 'dx_ends', 'dx_axes'], outputs: ['dx'] });
}

const NCHWC = 'com.microsoft.nchwc';

/**
 * The input gradient of a strided 1x1 convolution without padding (ResNet's down-sampling shortcuts): one
 * `Gemm` `dy @ w^T` gives the values of the input positions the convolution read (every `stride`-th row and
 * column), and a `Pad` of the singleton axes of `[N, outH, 1, outW, 1, C]` to `stride` puts zeros between them;
 * a `Slice` drops the rows and columns past the input. Inputs `dy` (NHWC), `w` (HWIO); output `dx` (NHWC);
 * null for other geometries. `ConvTranspose` took 4.6-5.5 ms for the ResNet-18 shortcuts here.
 *
 * @example
 * ```ts
 * const graph = stridedPointwiseInputGradGraph(g) ?? inputGradGraph(g);
 * ```
 */
export function stridedPointwiseInputGradGraph(g: ConvGeometry): OnnxGraph | null {
  if (g.filterHeight !== 1 || g.filterWidth !== 1 || (g.strideHeight === 1 && g.strideWidth === 1)) return null;
  if (g.padTop + g.padLeft + g.padBottom + g.padRight !== 0) return null;
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const spreadH = g.outHeight * sh;
  const spreadW = g.outWidth * sw;
  const constants: Record<string, number[]> = {
    dy_rows: [g.batch * g.outHeight * g.outWidth, g.outChannels],
    w_shape: [g.inChannels, g.outChannels],
    z6: [g.batch, g.outHeight, 1, g.outWidth, 1, g.inChannels],
    pads: [0, 0, 0, 0, 0, 0, 0, 0, sh - 1, 0, sw - 1, 0],
    spread: [g.batch, spreadH, spreadW, g.inChannels],
  };
  const nodes: OnnxNode[] = [
    { op: 'Reshape', inputs: ['dy', 'dy_rows'], outputs: ['dy2'] },
    { op: 'Reshape', inputs: ['w', 'w_shape'], outputs: ['w2'] },
    { op: 'Gemm', inputs: ['dy2', 'w2'], outputs: ['z'], attrs: { transB: 1 } },
    { op: 'Reshape', inputs: ['z', 'z6'], outputs: ['z6v'] },
    { op: 'Pad', inputs: ['z6v', 'pads'], outputs: ['spaced'], attrs: { mode: 'constant' } },
    { op: 'Reshape', inputs: ['spaced', 'spread'], outputs: ['spread_dx'] },
  ];
  cropToInput(g, 'spread_dx', spreadH, spreadW, nodes, constants);
  return { nodes, ...inputGradIo(g), int64Constants: constants };
}

