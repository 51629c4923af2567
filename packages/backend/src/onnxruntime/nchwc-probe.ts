import type { ConvGeometry } from '../kernels/conv-geometry.js';
import { forwardConvGraph } from './conv-graphs.js';
import { nchwcBlockProbeGraph, nchwcConvGraph } from './nchwc-graphs.js';
import type { OrtEngine } from './ort-engine.js';

const blocks = new WeakMap<OrtEngine, number | null>();

/**
 * MLAS's NCHWc block size on this CPU as `engine` runs it, or null when the NCHWc operators are missing (a
 * build without contrib operators), report a block size outside 4..64, or compute a test convolution
 * differently from the plain `Conv` (so a layout this code does not know can never give wrong numbers). Read
 * once per engine: two small sessions and three runs.
 *
 * @example `const block = nchwcBlock(engine); if (prefersNchwc(g, block, 'forward')) ...`
 */
export function nchwcBlock(engine: OrtEngine): number | null {
  if (blocks.has(engine)) return blocks.get(engine)!;
  let block: number | null = null;
  try {
    const [, b] = engine.run('nchwc-block', nchwcBlockProbeGraph, { x: { data: new Float32Array(4), shape: [1, 1, 1, 4] } }, 'y', [4]);
    if (b !== undefined && Number.isInteger(b) && b >= 4 && b <= 64 && (b & (b - 1)) === 0 && agreesWithConv(engine, b)) block = b;
  } catch {
    block = null;
  }
  blocks.set(engine, block);
  return block;
}

/** A 3x3 convolution of `block` channels on a 5x5 map, with bias and relu: NCHWc and plain `Conv` must agree. */
function agreesWithConv(engine: OrtEngine, block: number): boolean {
  const c = block;
  const g: ConvGeometry = {
    batch: 2, inHeight: 5, inWidth: 5, inChannels: c, outHeight: 5, outWidth: 5, outChannels: c, filterHeight: 3, filterWidth: 3,
    strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1,
  };
  const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.7331) * 0.5);
  const feeds = {
    x: { data: values(2 * 25 * c, 1), shape: [2, 5, 5, c] },
    w: { data: values(9 * c * c, 2), shape: [3, 3, c, c] },
    b: { data: values(c, 3), shape: [c] },
  };
  const options = { bias: true, activation: 'relu' } as const;
  const shape = [2, 5, 5, c];
  const blocked = engine.run(`nchwc-check:${c}`, () => nchwcConvGraph(g, block, 'forward', options), feeds, 'y', shape);
  const plain = engine.run(`nchwc-check-plain:${c}`, () => forwardConvGraph(g, options), feeds, 'y', shape);
  return blocked.every((v, i) => Math.abs(v - plain[i]!) <= 1e-4 * (1 + Math.abs(plain[i]!)));
}
