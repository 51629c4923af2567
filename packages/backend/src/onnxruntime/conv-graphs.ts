import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { OnnxGraph, OnnxNode, OnnxValue } from './onnx-model.js';

/**
 * The ONNX graphs of the three convolution kernels of a training step, on tensors in tfjs's layouts:
 * activations NHWC, filters HWIO (`[kh, kw, in, out]`). Each graph is specialised to one geometry
 * (static shapes let onnxruntime plan its memory and pick its kernels once).
 *
 * - forward: on feature maps larger than 8x8, `Transpose` to NCHW, `Conv`, `Transpose` back; on small
 *   ones ({@link prefersPatchProduct}) and for 1x1 filters, one `MatMul` of the patch matrix with the
 *   filter as it lies, on NHWC directly.
 * - input gradient: stride 1, a forward `Conv` of `dy` with the filter rotated by 180 degrees and its
 *   channel axes swapped, or on small maps one `Gemm` per filter tap, accumulated; larger strides,
 *   `ConvTranspose` (exactly the adjoint of `Conv`); 1x1, a `MatMul` with the transposed filter.
 * - filter gradient: one large `Gemm` of the patch matrix (rows are output positions, columns
 *   `(kh, kw, ci)`; written by `writePatchMatrix` outside the graph) with `dy`: `cols^T @ dy` is the
 *   HWIO filter gradient as it lies in memory.
 */

/** Whether the convolution is a plain per-pixel matrix product (1x1, stride 1, no padding). */
export function isPointwiseConv(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    g.padBottom === 0 &&
    g.padRight === 0
  );
}

function nhwc(g: ConvGeometry): [number, number, number, number] {
  return [g.batch, g.inHeight, g.inWidth, g.inChannels];
}
function nhwcOut(g: ConvGeometry): [number, number, number, number] {
  return [g.batch, g.outHeight, g.outWidth, g.outChannels];
}
function hwio(g: ConvGeometry): [number, number, number, number] {
  return [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
}

/**
 * The padding of the stride-1 input gradient written as a forward convolution of `dy` (with the filter
 * rotated by 180 degrees): `[top, left, bottom, right]`, chosen so every tap that touched `x` is covered;
 * null when a side would be negative (no exact form).
 */
export function inputGradPads(g: ConvGeometry): [number, number, number, number] | null {
  const padTop = (g.filterHeight - 1) * g.dilationHeight - g.padTop;
  const padLeft = (g.filterWidth - 1) * g.dilationWidth - g.padLeft;
  const padBottom = g.inHeight - g.outHeight + (g.filterHeight - 1) * g.dilationHeight - padTop;
  const padRight = g.inWidth - g.outWidth + (g.filterWidth - 1) * g.dilationWidth - padLeft;
  return Math.min(padTop, padLeft, padBottom, padRight) < 0 ? null : [padTop, padLeft, padBottom, padRight];
}

/** Which activation the forward graph applies after the bias (tfjs's `FusedConv2D` activations we map). */
export type ConvActivation = 'linear' | 'relu';

/** The forward convolution: inputs `x` (NHWC), `w` (HWIO) and, when `bias`, `b` (`[outChannels]`); output `y` (NHWC). */
export function forwardConvGraph(g: ConvGeometry, options: { bias: boolean; activation: ConvActivation }): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const inputs: OnnxValue[] = [
    { name: 'x', shape: nhwc(g) },
    { name: 'w', shape: hwio(g) },
  ];
  if (options.bias) inputs.push({ name: 'b', shape: [g.outChannels] });
  const pre = options.activation === 'linear' ? 'y' : 'z';
  const constants: Record<string, number[]> = {};
  if (g.filterHeight * g.filterWidth === 1 || prefersPatchProduct(g)) {
    constants['w_shape'] = [g.filterHeight * g.filterWidth * g.inChannels, g.outChannels];
    nodes.push({ op: 'Reshape', inputs: ['w', 'w_shape'], outputs: ['w2'] });
    const cols = isPointwiseConv(g) ? 'x' : patchNodes(g, 'x', nodes, constants);
    nodes.push({ op: 'MatMul', inputs: [cols, 'w2'], outputs: [options.bias ? 'xw' : pre] });
    if (options.bias) nodes.push({ op: 'Add', inputs: ['xw', 'b'], outputs: [pre] });
  } else {
    nodes.push({ op: 'Transpose', inputs: ['x'], outputs: ['xt'], attrs: { perm: [0, 3, 1, 2] } });
    nodes.push({ op: 'Transpose', inputs: ['w'], outputs: ['wt'], attrs: { perm: [3, 2, 0, 1] } });
    nodes.push({
      op: 'Conv',
      inputs: options.bias ? ['xt', 'wt', 'b'] : ['xt', 'wt'],
      outputs: ['yt'],
      attrs: {
        strides: [g.strideHeight, g.strideWidth],
        dilations: [g.dilationHeight, g.dilationWidth],
        pads: [g.padTop, g.padLeft, g.padBottom, g.padRight],
        kernel_shape: [g.filterHeight, g.filterWidth],
      },
    });
    nodes.push({ op: 'Transpose', inputs: ['yt'], outputs: [pre], attrs: { perm: [0, 2, 3, 1] } });
  }
  if (options.activation === 'relu') nodes.push({ op: 'Relu', inputs: [pre], outputs: ['y'] });
  return {
    nodes,
    inputs,
    outputs: [{ name: 'y', shape: nhwcOut(g) }],
    int64Constants: constants,
  };
}

/**
 * The input gradient: inputs `dy` (NHWC, the output's shape) and `w` (HWIO); output `dx` (NHWC), or null
 * when the geometry has no exact ONNX form here (dilated strided convolutions, or an output size that
 * `ConvTranspose`'s `output_padding` cannot express).
 */
export function inputGradGraph(g: ConvGeometry): OnnxGraph | null {
  const io = {
    inputs: [
      { name: 'dy', shape: nhwcOut(g) },
      { name: 'w', shape: hwio(g) },
    ],
    outputs: [{ name: 'dx', shape: nhwc(g) }],
  };
  if (isPointwiseConv(g)) {
    return {
      ...io,
      nodes: [
        { op: 'Reshape', inputs: ['w', 'w_shape'], outputs: ['w2'] },
        { op: 'Transpose', inputs: ['w2'], outputs: ['w2t'], attrs: { perm: [1, 0] } },
        { op: 'MatMul', inputs: ['dy', 'w2t'], outputs: ['dx'] },
      ],
      int64Constants: { w_shape: [g.inChannels, g.outChannels] },
    };
  }
  const stride1 = g.strideHeight === 1 && g.strideWidth === 1;
  if (stride1 && prefersPatchProduct(g)) return inputGradByTapProducts(g, io);
  const nodes: OnnxNode[] = [{ op: 'Transpose', inputs: ['dy'], outputs: ['dyt'], attrs: { perm: [0, 3, 1, 2] } }];
  const constants: Record<string, number[]> = {};
  if (stride1) {
    // dx = conv(dy, rot180(w) with in/out swapped), padded so every tap that touched x is covered.
    const pads = inputGradPads(g);
    if (pads === null) return null;
    nodes.push({ op: 'Transpose', inputs: ['w'], outputs: ['wt'], attrs: { perm: [2, 3, 0, 1] } });
    nodes.push({ op: 'Slice', inputs: ['wt', 'flip_starts', 'flip_ends', 'flip_axes', 'flip_steps'], outputs: ['wr'] });
    Object.assign(constants, { flip_starts: [-1, -1], flip_ends: [-(2 ** 62), -(2 ** 62)], flip_axes: [2, 3], flip_steps: [-1, -1] });
    nodes.push({
      op: 'Conv',
      inputs: ['dyt', 'wr'],
      outputs: ['dxt'],
      attrs: {
        strides: [1, 1],
        dilations: [g.dilationHeight, g.dilationWidth],
        pads,
        kernel_shape: [g.filterHeight, g.filterWidth],
      },
    });
  } else {
    if (g.dilationHeight !== 1 || g.dilationWidth !== 1) return null;
    // ConvTranspose's output size is stride*(in-1) + output_padding + k - pad_begin - pad_end.
    const outPadH = g.inHeight - (g.strideHeight * (g.outHeight - 1) + g.filterHeight - g.padTop - g.padBottom);
    const outPadW = g.inWidth - (g.strideWidth * (g.outWidth - 1) + g.filterWidth - g.padLeft - g.padRight);
    if (outPadH < 0 || outPadW < 0 || outPadH >= g.strideHeight || outPadW >= g.strideWidth) return null;
    nodes.push({ op: 'Transpose', inputs: ['w'], outputs: ['wt'], attrs: { perm: [3, 2, 0, 1] } });
    nodes.push({
      op: 'ConvTranspose',
      inputs: ['dyt', 'wt'],
      outputs: ['dxt'],
      attrs: {
        strides: [g.strideHeight, g.strideWidth],
        pads: [g.padTop, g.padLeft, g.padBottom, g.padRight],
        output_padding: [outPadH, outPadW],
        kernel_shape: [g.filterHeight, g.filterWidth],
      },
    });
  }
  nodes.push({ op: 'Transpose', inputs: ['dxt'], outputs: ['dx'], attrs: { perm: [0, 2, 3, 1] } });
  return { ...io, nodes, int64Constants: constants };
}

/**
 * The filter gradient from a patch matrix built outside the graph (`writePatchMatrix`; for a pointwise
 * convolution the NHWC input itself): inputs `cols` (`[batch * outHeight * outWidth, filterHeight *
 * filterWidth * inChannels]`) and `dy` (NHWC); output `dw` (HWIO), as one `Gemm` (`cols^T @ dy`). Building the patch matrix in onnxruntime (`Pad`, one
 * strided `Slice` per tap, `Concat`) took two thirds of the kernel's time on large feature maps.
 */
export function filterGradFromPatchesGraph(g: ConvGeometry): OnnxGraph {
  const positions = g.batch * g.outHeight * g.outWidth;
  const k = g.filterHeight * g.filterWidth * g.inChannels;
  return {
    nodes: [
      { op: 'Reshape', inputs: ['dy', 'dy_shape'], outputs: ['dy2'] },
      { op: 'Gemm', inputs: ['cols', 'dy2'], outputs: ['dw2'], attrs: { transA: 1 } },
      { op: 'Reshape', inputs: ['dw2', 'dw_shape'], outputs: ['dw'] },
    ],
    inputs: [
      { name: 'cols', shape: [positions, k] },
      { name: 'dy', shape: nhwcOut(g) },
    ],
    outputs: [{ name: 'dw', shape: hwio(g) }],
    int64Constants: { dy_shape: [positions, g.outChannels], dw_shape: hwio(g) },
  };
}

/**
 * Whether the patch-matrix product beats onnxruntime's `Conv` for this geometry: on small feature maps
 * (at most 8x8 outputs) with many channels, `Conv` on tensors in tfjs's layouts pays for transposing
 * the (large) filter on every call, while the patch matrix is small and the filter is used as it lies.
 */
export function prefersPatchProduct(g: ConvGeometry): boolean {
  return g.outHeight * g.outWidth <= 64 && g.filterHeight * g.filterWidth > 1;
}

/**
 * Appends the nodes that build the NHWC patch tensor `[batch, outH, outW, kh * kw * inChannels]` of
 * `source` (zero `Pad`, one strided `Slice` per filter tap, `Concat` along channels; a 1x1 filter is just
 * the strided slice) and returns its name.
 */
function patchNodes(g: ConvGeometry, source: string, nodes: OnnxNode[], constants: Record<string, number[]>): string {
  let from = source;
  if (g.padTop + g.padLeft + g.padBottom + g.padRight > 0) {
    nodes.push({ op: 'Pad', inputs: [source, 'pads'], outputs: [`${source}_padded`], attrs: { mode: 'constant' } });
    constants['pads'] = [0, g.padTop, g.padLeft, 0, 0, g.padBottom, g.padRight, 0];
    from = `${source}_padded`;
  }
  const spanH = (g.outHeight - 1) * g.strideHeight + 1;
  const spanW = (g.outWidth - 1) * g.strideWidth + 1;
  constants['slice_axes'] = [1, 2];
  constants['slice_steps'] = [g.strideHeight, g.strideWidth];
  const names: string[] = [];
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      const name = `${source}_tap${kh}_${kw}`;
      const h0 = kh * g.dilationHeight;
      const w0 = kw * g.dilationWidth;
      constants[`${name}_starts`] = [h0, w0];
      constants[`${name}_ends`] = [h0 + spanH, w0 + spanW];
      nodes.push({ op: 'Slice', inputs: [from, `${name}_starts`, `${name}_ends`, 'slice_axes', 'slice_steps'], outputs: [name] });
      names.push(name);
    }
  }
  if (names.length === 1) return names[0]!;
  nodes.push({ op: 'Concat', inputs: names, outputs: [`${source}_patches`], attrs: { axis: 3 } });
  return `${source}_patches`;
}

/**
 * The stride-1 input gradient as one product per filter tap, accumulated: `dx = sum over taps t of
 * shift_t(dy) @ w[t]^T`, with `w[t]` the tap's `[in, out]` slab used as it lies (`Gemm` with `transB`)
 * and the shifts read from `dy` zero-padded by the transposed convolution's padding.
 */
function inputGradByTapProducts(g: ConvGeometry, io: Pick<OnnxGraph, 'inputs' | 'outputs'>): OnnxGraph | null {
  const pads = inputGradPads(g);
  if (pads === null) return null;
  const [padTop, padLeft, padBottom, padRight] = pads;
  const positions = g.batch * g.inHeight * g.inWidth;
  const nodes: OnnxNode[] = [{ op: 'Pad', inputs: ['dy', 'pads'], outputs: ['dyp'], attrs: { mode: 'constant' } }];
  const constants: Record<string, number[]> = {
    pads: [0, padTop, padLeft, 0, 0, padBottom, padRight, 0],
    axes12: [1, 2],
    axis0: [0],
    rows_shape: [positions, g.outChannels],
    slab_shape: [g.inChannels, g.outChannels],
    dx_shape: nhwc(g),
  };
  let acc = '';
  for (let kh = 0; kh < g.filterHeight; kh++) {
    for (let kw = 0; kw < g.filterWidth; kw++) {
      // dx[ih, iw] takes dy_padded[ih + kh', iw + kw'] with the filter tap rotated by 180 degrees.
      const t = `t${kh}_${kw}`;
      const h0 = kh * g.dilationHeight;
      const w0 = kw * g.dilationWidth;
      const tap = (g.filterHeight - 1 - kh) * g.filterWidth + (g.filterWidth - 1 - kw);
      constants[`${t}_s`] = [h0, w0];
      constants[`${t}_e`] = [h0 + g.inHeight, w0 + g.inWidth];
      constants[`${t}_ws`] = [tap];
      constants[`${t}_we`] = [tap + 1];
      nodes.push({ op: 'Slice', inputs: ['dyp', `${t}_s`, `${t}_e`, 'axes12'], outputs: [`${t}_dy`] });
      nodes.push({ op: 'Reshape', inputs: [`${t}_dy`, 'rows_shape'], outputs: [`${t}_rows`] });
      nodes.push({ op: 'Slice', inputs: ['w_taps', `${t}_ws`, `${t}_we`, 'axis0'], outputs: [`${t}_w`] });
      nodes.push({ op: 'Reshape', inputs: [`${t}_w`, 'slab_shape'], outputs: [`${t}_slab`] });
      const out = `${t}_acc`;
      nodes.push({ op: 'Gemm', inputs: acc === '' ? [`${t}_rows`, `${t}_slab`] : [`${t}_rows`, `${t}_slab`, acc], outputs: [out], attrs: { transB: 1 } });
      acc = out;
    }
  }
  constants['taps_shape'] = [g.filterHeight * g.filterWidth, g.inChannels, g.outChannels];
  nodes.unshift({ op: 'Reshape', inputs: ['w', 'taps_shape'], outputs: ['w_taps'] });
  nodes.push({ op: 'Reshape', inputs: [acc, 'dx_shape'], outputs: ['dx'] });
  return { ...io, nodes, int64Constants: constants };
}
