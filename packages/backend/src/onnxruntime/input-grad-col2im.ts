import type { ConvGeometry } from '../kernels/conv-geometry.js';
import { addPatches } from '../kernels/input-grad-wasm.js';
import type { OnnxGraph } from './onnx-model.js';

/**
 * The input gradient of a convolution with few input channels (an RGB or grey stem) as one `Gemm` and a
 * column-to-image sum: `z = dy @ w^T` gives, for every output position, what each filter tap sends back to
 * each input channel (`[positions, taps * inChannels]`, small when the input has few channels), and the wasm
 * route's column-to-image sum (`addPatches`) adds each tap's share into the input position it came from.
 *
 * onnxruntime's `Conv` for the same gradient (the forward form, 3 output channels) builds a patch matrix of
 * `dy` with `taps * outChannels` rows per position and then runs a `Gemm` with 3 rows: the width-64
 * ResNet-18 stem's gradient took 17 ms at batch 32 (7 GFLOPS). This form reads `dy` once.
 */

/**
 * Whether {@link inputGradColumnsGraph} serves this geometry: at most 4 input channels, a filter larger than 1x1,
 * and columns no wider than `dy` (`taps * inChannels <= outChannels`). Measured on the ResNet-18 stems (3x3, 3
 * input channels): 64 output channels at batch 32 17.4 -> 2.9 ms; with 8 output channels at batch 256 the
 * columns are 3.4x `dy`'s size and the JavaScript sum made it slower (8.2 -> 19-26 ms), so that one keeps `Conv`.
 */
export function prefersInputGradColumns(g: ConvGeometry): boolean {
  const taps = g.filterHeight * g.filterWidth;
  return g.inChannels <= 4 && taps > 1 && taps * g.inChannels <= g.outChannels && g.batch * g.outHeight * g.outWidth > 0;
}

/**
 * The graph: inputs `dy` (`[positions, outChannels]`, the NHWC gradient as it lies) and `w` (HWIO); output `z`
 * (`[positions, taps * inChannels]`), each position's row in HWIO order of the taps and input channels.
 *
 * @example
 * ```ts
 * engine.run(key, () => inputGradColumnsGraph(g), { dy, w }, 'z', [positions, taps * g.inChannels], z);
 * dx.fill(0);
 * addPatches(z, dx, g);
 * ```
 */
export function inputGradColumnsGraph(g: ConvGeometry): OnnxGraph {
  const positions = g.batch * g.outHeight * g.outWidth;
  const k = g.filterHeight * g.filterWidth * g.inChannels;
  return {
    nodes: [
      { op: 'Reshape', inputs: ['w', 'w_shape'], outputs: ['w2'] },
      { op: 'Gemm', inputs: ['dy', 'w2'], outputs: ['z'], attrs: { transB: 1 } },
    ],
    inputs: [
      { name: 'dy', shape: [positions, g.outChannels] },
      { name: 'w', shape: [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels] },
    ],
    outputs: [{ name: 'z', shape: [positions, k] }],
    int64Constants: { w_shape: [k, g.outChannels] },
  };
}
