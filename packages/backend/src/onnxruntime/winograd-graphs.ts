import type { ConvGeometry } from '../kernels/conv-geometry.js';
import type { ConvActivation } from './conv-graphs.js';
import { inputGradPads } from './conv-graphs.js';
import type { OnnxGraph, OnnxNode } from './onnx-model.js';

/**
 * The three convolutions of a training step for 3x3 stride-1 filters as Winograd's minimal filtering
 * F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016), on tensors in
 * tfjs's layouts (activations NHWC, filters HWIO), each one onnxruntime graph:
 *
 * - the input is cut into overlapping 4x4 tiles at a stride of 2 (16 strided `Slice`s of the zero-padded
 *   input) and each tile transformed, `V = B^T d B`; the filter `U = G g G^T`;
 * - the 16 element-wise products of the tiles, summed over the input channels, are 16 matrix products
 *   `[tiles, in] @ [in, out]` (one batched `MatMul`): 16 multiplications per 2x2 outputs and channel pair
 *   instead of 36, 2.25x fewer than a direct convolution;
 * - each product tile goes back to 2x2 outputs, `Y = A^T M A`, interleaved into NHWC by one `Transpose`.
 *
 * The transforms are `MatMul`s with constant Kronecker matrices (16x16 for `V`, 16x9 for `U`, 4x16 for `Y`),
 * whose entries are 0, +-1 and +-0.5: exact in float32, so the rounding differs from a direct convolution's
 * only by the order of the sums (measured: the same size of error against a float64 reference).
 *
 * The input gradient (stride 1) is the forward convolution of `dy` with the filter rotated by 180 degrees
 * and its channel axes swapped: the rotation is folded into the filter transform's matrix and the swap into
 * the product (`transB` of onnxruntime's `FusedMatMul`). The filter gradient is the forward pass transposed:
 * `dU[xi] = V[xi]^T @ (A dY A^T)[xi]` (`transA`) and `dw = G^T dU G`, the exact gradient of the same sum.
 */

const MICROSOFT = 'com.microsoft';

/** `B^T`, `G` and `A^T` of F(2x2, 3x3). */
const BT = [
  [1, 0, -1, 0],
  [0, 1, 1, 0],
  [0, -1, 1, 0],
  [0, 1, 0, -1],
];
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
const AT = [
  [1, 1, 1, 0],
  [0, 1, -1, -1],
];

/** Row-major Kronecker product `M (x) M` of a `r x c` matrix: `[r * r, c * c]`, entry `[(i, j), (k, l)] = M[i][k] * M[j][l]`. */
function kron(m: readonly (readonly number[])[]): { shape: number[]; values: number[] } {
  const r = m.length;
  const c = m[0]!.length;
  const values: number[] = [];
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) for (let k = 0; k < c; k++) for (let l = 0; l < c; l++) values.push(m[i]![k]! * m[j]![l]!);
  return { shape: [r * r, c * c], values };
}

/** Transposes a row-major `[rows, cols]` matrix. */
function transposed({ shape: [rows, cols], values }: { shape: number[]; values: number[] }): { shape: number[]; values: number[] } {
  const out: number[] = [];
  for (let j = 0; j < cols!; j++) for (let i = 0; i < rows!; i++) out.push(values[i * cols! + j]!);
  return { shape: [cols!, rows!], values: out };
}

/** The input transform `B^T (x) B^T` `[16, 16]`, the filter transform `G (x) G` `[16, 9]`, the output transform `A^T (x) A^T` `[4, 16]`. */
const INPUT_TRANSFORM = kron(BT);
const FILTER_TRANSFORM = kron(G);
const OUTPUT_TRANSFORM = kron(AT);
/** The filter transform of the filter rotated by 180 degrees: its 9 tap columns reversed. */
const ROTATED_FILTER_TRANSFORM = {
  shape: FILTER_TRANSFORM.shape,
  values: FILTER_TRANSFORM.values.map((_, i) => FILTER_TRANSFORM.values[i - (i % 9) + 8 - (i % 9)]!),
};

/** Which convolution a Winograd graph computes. */
export type WinogradKind = 'forward' | 'inputGrad' | 'filterGrad';

/**
 * Whether the Winograd graph of `kind` is used for this geometry: 3x3 filters, stride and dilation 1, at
 * least 128 input and output channels, on feature maps of at most 8x8 (the filter gradient: 16x16). Measured
 * per shape at batch 32 against the graphs used before (NCHWc, patch matrix, channel frames; README,
 * onnxruntime route): 512 channels on 4x4 maps and 256 on 8x8 win in all three kernels (22.5 -> 13.8 ms,
 * 32.6 -> 15.8 ms for the filter gradient at 512); 128 on 16x16 ties in the forward and input gradient and
 * wins in the filter gradient (28.6 -> 20.4); 64 on 32x32 loses, where the tile transforms' memory traffic
 * (4x the activation) outweighs the saved multiplications.
 */
export function prefersWinograd(g: ConvGeometry, kind: WinogradKind): boolean {
  const maxPositions = kind === 'filterGrad' ? 256 : 64;
  return (
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.inChannels >= 128 &&
    g.outChannels >= 128 &&
    g.outHeight * g.outWidth <= maxPositions &&
    g.inHeight * g.inWidth <= maxPositions &&
    tilePads(g) !== null &&
    (kind !== 'inputGrad' || inputGradTiling(g) !== null)
  );
}

/** The tiling of a forward stride-1 3x3 convolution: tile rows/columns and the zero padding that makes every tile whole. */
interface Tiling {
  tilesHigh: number;
  tilesWide: number;
  /** `[top, left, bottom, right]` of the padded input the tiles are cut from. */
  pads: [number, number, number, number];
}

function tiling(inHeight: number, inWidth: number, outHeight: number, outWidth: number, padTop: number, padLeft: number): Tiling | null {
  const tilesHigh = Math.ceil(outHeight / 2);
  const tilesWide = Math.ceil(outWidth / 2);
  const padBottom = 2 * tilesHigh + 2 - inHeight - padTop;
  const padRight = 2 * tilesWide + 2 - inWidth - padLeft;
  if (Math.min(padTop, padLeft, padBottom, padRight) < 0) return null;
  return { tilesHigh, tilesWide, pads: [padTop, padLeft, padBottom, padRight] };
}

function tilePads(g: ConvGeometry): Tiling | null {
  return tiling(g.inHeight, g.inWidth, g.outHeight, g.outWidth, g.padTop, g.padLeft);
}

/** The tiling of the input gradient as a forward convolution of `dy` (null: no exact form). */
function inputGradTiling(g: ConvGeometry): Tiling | null {
  const pads = inputGradPads(g);
  return pads === null ? null : tiling(g.outHeight, g.outWidth, g.inHeight, g.inWidth, pads[0], pads[1]);
}

/**
 * Appends the nodes that cut the NHWC `source`, zero-padded by `pads` (`[top, left, bottom, right]`), into
 * `size x size` patches at a stride of 2 (`size * size` strided `Slice`s, one `Concat`; patch element `(u, v)`
 * of every tile is one plane) and multiply them by the constant `transform` (`[16, size * size]`), giving
 * `[16, tiles, channels]` named `name` (which also prefixes the nodes' own names).
 */
function transformedTiles(name: string, source: string, size: number, pads: readonly number[], transform: string, batch: number, channels: number, t: Tiling, nodes: OnnxNode[], k: Record<string, number[]>): string {
  const [top, left, bottom, right] = pads;
  nodes.push({ op: 'Pad', inputs: [source, `${name}_pads`], outputs: [`${name}_padded`], attrs: { mode: 'constant' } });
  k[`${name}_pads`] = [0, top!, left!, 0, 0, bottom!, right!, 0];
  k['tile_axes'] = [1, 2];
  k['tile_steps'] = [2, 2];
  const names: string[] = [];
  for (let u = 0; u < size; u++) {
    for (let v = 0; v < size; v++) {
      const patch = `${name}_${u}${v}`;
      k[`${patch}_starts`] = [u, v];
      k[`${patch}_ends`] = [u + 2 * t.tilesHigh - 1, v + 2 * t.tilesWide - 1];
      nodes.push({ op: 'Slice', inputs: [`${name}_padded`, `${patch}_starts`, `${patch}_ends`, 'tile_axes', 'tile_steps'], outputs: [patch] });
      names.push(patch);
    }
  }
  const tiles = batch * t.tilesHigh * t.tilesWide;
  nodes.push({ op: 'Concat', inputs: names, outputs: [`${name}_patches`], attrs: { axis: 0 } });
  k[`${name}_flat`] = [size * size, tiles * channels];
  nodes.push({ op: 'Reshape', inputs: [`${name}_patches`, `${name}_flat`], outputs: [`${name}_2d`] });
  nodes.push({ op: 'MatMul', inputs: [transform, `${name}_2d`], outputs: [`${name}_transformed`] });
  k[`${name}_shape`] = [16, tiles, channels];
  nodes.push({ op: 'Reshape', inputs: [`${name}_transformed`, `${name}_shape`], outputs: [name] });
  return name;
}

/** Appends the nodes of the transformed input tiles `V = B^T d B` `[16, tiles, channels]` of the NHWC `source` and returns its name. */
function inputTiles(source: string, batch: number, channels: number, t: Tiling, nodes: OnnxNode[], k: Record<string, number[]>): string {
  return transformedTiles('v', source, 4, t.pads, 'input_transform', batch, channels, t, nodes, k);
}

/** Appends the nodes of the transformed filter `U` `[16, in, out]` of the HWIO input `w` (rotated by 180 degrees when `rotated`). */
function filterTiles(inChannels: number, outChannels: number, rotated: boolean, nodes: OnnxNode[], k: Record<string, number[]>): string {
  k['w_flat'] = [9, inChannels * outChannels];
  nodes.push({ op: 'Reshape', inputs: ['w', 'w_flat'], outputs: ['w9'] });
  nodes.push({ op: 'MatMul', inputs: [rotated ? 'rotated_filter_transform' : 'filter_transform', 'w9'], outputs: ['u2'] });
  k['u_shape'] = [16, inChannels, outChannels];
  nodes.push({ op: 'Reshape', inputs: ['u2', 'u_shape'], outputs: ['u'] });
  return 'u';
}

/** Appends the nodes that turn the products `m` `[16, tiles, channels]` into the NHWC output `[batch, outHeight, outWidth, channels]` named `target`. */
function outputTiles(m: string, batch: number, outHeight: number, outWidth: number, channels: number, t: Tiling, target: string, nodes: OnnxNode[], k: Record<string, number[]>): void {
  const tiles = batch * t.tilesHigh * t.tilesWide;
  k['m_flat'] = [16, tiles * channels];
  nodes.push({ op: 'Reshape', inputs: [m, 'm_flat'], outputs: ['m2'] });
  nodes.push({ op: 'MatMul', inputs: ['output_transform', 'm2'], outputs: ['y4'] });
  k['y6_shape'] = [2, 2, batch, t.tilesHigh, t.tilesWide, channels];
  nodes.push({ op: 'Reshape', inputs: ['y4', 'y6_shape'], outputs: ['y6'] });
  nodes.push({ op: 'Transpose', inputs: ['y6'], outputs: ['y6t'], attrs: { perm: [2, 3, 0, 4, 1, 5] } });
  const whole = 2 * t.tilesHigh === outHeight && 2 * t.tilesWide === outWidth;
  k['tiled_shape'] = [batch, 2 * t.tilesHigh, 2 * t.tilesWide, channels];
  nodes.push({ op: 'Reshape', inputs: ['y6t', 'tiled_shape'], outputs: [whole ? target : 'tiled'] });
  if (!whole) {
    Object.assign(k, { crop_starts: [0, 0], crop_ends: [outHeight, outWidth], crop_axes: [1, 2] });
    nodes.push({ op: 'Slice', inputs: ['tiled', 'crop_starts', 'crop_ends', 'crop_axes'], outputs: [target] });
  }
}

const transforms = {
  input_transform: INPUT_TRANSFORM,
  filter_transform: FILTER_TRANSFORM,
  rotated_filter_transform: ROTATED_FILTER_TRANSFORM,
  output_transform: OUTPUT_TRANSFORM,
};

function pick<K extends keyof typeof transforms>(...names: K[]): Record<K, (typeof transforms)[K]> {
  return Object.fromEntries(names.map((n) => [n, transforms[n]])) as Record<K, (typeof transforms)[K]>;
}

/**
 * The forward convolution as Winograd F(2x2, 3x3): inputs `x` (NHWC), `w` (HWIO) and, when `bias`, `b`;
 * output `y` (NHWC), with the bias added and a relu applied when asked. Use it where {@link prefersWinograd} says so.
 */
export function winogradForwardGraph(g: ConvGeometry, options: { bias: boolean; activation: ConvActivation }): OnnxGraph {
  const t = tilePads(g)!;
  const nodes: OnnxNode[] = [];
  const k: Record<string, number[]> = {};
  const v = inputTiles('x', g.batch, g.inChannels, t, nodes, k);
  const u = filterTiles(g.inChannels, g.outChannels, false, nodes, k);
  nodes.push({ op: 'MatMul', inputs: [v, u], outputs: ['m'] });
  const plain = !options.bias && options.activation === 'linear';
  outputTiles('m', g.batch, g.outHeight, g.outWidth, g.outChannels, t, plain ? 'y' : 'conv', nodes, k);
  let last = 'conv';
  if (options.bias) {
    nodes.push({ op: 'Add', inputs: [last, 'b'], outputs: [options.activation === 'relu' ? 'biased' : 'y'] });
    last = 'biased';
  }
  if (options.activation === 'relu') nodes.push({ op: 'Relu', inputs: [last], outputs: ['y'] });
  const inputs = [
    { name: 'x', shape: [g.batch, g.inHeight, g.inWidth, g.inChannels] },
    { name: 'w', shape: [3, 3, g.inChannels, g.outChannels] },
  ];
  if (options.bias) inputs.push({ name: 'b', shape: [g.outChannels] });
  return {
    nodes,
    inputs,
    outputs: [{ name: 'y', shape: [g.batch, g.outHeight, g.outWidth, g.outChannels] }],
    int64Constants: k,
    floatConstants: pick('input_transform', 'filter_transform', 'output_transform'),
  };
}

/**
 * The stride-1 input gradient as Winograd F(2x2, 3x3): inputs `dy` (NHWC) and `w` (HWIO); output `dx` (NHWC).
 * Use it where {@link prefersWinograd} says so.
 */
export function winogradInputGradGraph(g: ConvGeometry): OnnxGraph {
  const t = inputGradTiling(g)!;
  const nodes: OnnxNode[] = [];
  const k: Record<string, number[]> = {};
  const v = inputTiles('dy', g.batch, g.outChannels, t, nodes, k);
  // U of the rotated filter, [16, in, out]; the product with dy's tiles needs [16, out, in]: transB.
  const u = filterTiles(g.inChannels, g.outChannels, true, nodes, k);
  nodes.push({ op: 'FusedMatMul', domain: MICROSOFT, inputs: [v, u], outputs: ['m'], attrs: { transA: 0, transB: 1, alpha: { float: 1 } } });
  outputTiles('m', g.batch, g.inHeight, g.inWidth, g.inChannels, t, 'dx', nodes, k);
  return {
    nodes,
    inputs: [
      { name: 'dy', shape: [g.batch, g.outHeight, g.outWidth, g.outChannels] },
      { name: 'w', shape: [3, 3, g.inChannels, g.outChannels] },
    ],
    outputs: [{ name: 'dx', shape: [g.batch, g.inHeight, g.inWidth, g.inChannels] }],
    int64Constants: k,
    floatConstants: pick('input_transform', 'rotated_filter_transform', 'output_transform'),
  };
}

/**
 * The filter gradient as the transposed Winograd F(2x2, 3x3): inputs `x` and `dy` (NHWC); output `dw` (HWIO).
 * Use it where {@link prefersWinograd} says so.
 */
export function winogradFilterGradGraph(g: ConvGeometry): OnnxGraph {
  const t = tilePads(g)!;
  const nodes: OnnxNode[] = [];
  const k: Record<string, number[]> = {};
  const v = inputTiles('x', g.batch, g.inChannels, t, nodes, k);
  // dy's 2x2 tiles (zero beyond an odd edge), each taken back through A: (A^T (x) A^T)^T [16, 4].
  const n = transformedTiles('n', 'dy', 2, [0, 0, 2 * t.tilesHigh - g.outHeight, 2 * t.tilesWide - g.outWidth], 'output_transform_t', g.batch, g.outChannels, t, nodes, k);
  nodes.push({ op: 'FusedMatMul', domain: MICROSOFT, inputs: [v, n], outputs: ['du'], attrs: { transA: 1, transB: 0, alpha: { float: 1 } } });
  k['du_flat'] = [16, g.inChannels * g.outChannels];
  nodes.push({ op: 'Reshape', inputs: ['du', 'du_flat'], outputs: ['du2'] });
  nodes.push({ op: 'MatMul', inputs: ['filter_transform_t', 'du2'], outputs: ['dw9'] });
  k['dw_shape'] = [3, 3, g.inChannels, g.outChannels];
  nodes.push({ op: 'Reshape', inputs: ['dw9', 'dw_shape'], outputs: ['dw'] });
  return {
    nodes,
    inputs: [
      { name: 'x', shape: [g.batch, g.inHeight, g.inWidth, g.inChannels] },
      { name: 'dy', shape: [g.batch, g.outHeight, g.outWidth, g.outChannels] },
    ],
    outputs: [{ name: 'dw', shape: [3, 3, g.inChannels, g.outChannels] }],
    int64Constants: k,
    floatConstants: { ...pick('input_transform'), output_transform_t: transposed(OUTPUT_TRANSFORM), filter_transform_t: transposed(FILTER_TRANSFORM) },
  };
}
