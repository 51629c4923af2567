// The one-pass patch matrix of the onnxruntime route's filter gradient (the kernel itself is checked
// against the stock cpu kernel in onnxruntime.test.ts and kernels.test.ts).
import { describe, expect, it } from 'vitest';
import type { ConvGeometry } from '../src/kernels/conv-geometry.js';
import { ScratchBuffer, writePatchMatrix } from '../src/onnxruntime/patch-matrix.js';

function geometry(p: Partial<ConvGeometry> & Pick<ConvGeometry, 'inHeight' | 'inWidth' | 'filterHeight' | 'filterWidth'>): ConvGeometry {
  const g = { batch: 2, inChannels: 3, outChannels: 4, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0, padBottom: 0, padRight: 0, outHeight: 0, outWidth: 0, ...p };
  g.outHeight = Math.floor((g.inHeight + g.padTop + g.padBottom - (g.filterHeight - 1) * g.dilationHeight - 1) / g.strideHeight) + 1;
  g.outWidth = Math.floor((g.inWidth + g.padLeft + g.padRight - (g.filterWidth - 1) * g.dilationWidth - 1) / g.strideWidth) + 1;
  return g;
}

/** The definition, one value at a time. */
function reference(x: Float32Array, g: ConvGeometry): Float32Array {
  const out: number[] = [];
  for (let n = 0; n < g.batch; n++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let kh = 0; kh < g.filterHeight; kh++)
          for (let kw = 0; kw < g.filterWidth; kw++)
            for (let c = 0; c < g.inChannels; c++) {
              const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
              const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
              const inside = ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth;
              out.push(inside ? x[((n * g.inHeight + ih) * g.inWidth + iw) * g.inChannels + c]! : 0);
            }
  return Float32Array.from(out);
}

describe('writePatchMatrix', () => {
  const cases: ConvGeometry[] = [
    geometry({ inHeight: 5, inWidth: 6, filterHeight: 3, filterWidth: 3, padTop: 1, padLeft: 1, padBottom: 1, padRight: 1 }),
    geometry({ inHeight: 7, inWidth: 5, filterHeight: 3, filterWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 1, padBottom: 1, padRight: 0 }),
    geometry({ inHeight: 9, inWidth: 8, filterHeight: 3, filterWidth: 3, dilationHeight: 2, dilationWidth: 2, padTop: 2, padLeft: 2, padBottom: 2, padRight: 2 }),
    geometry({ inHeight: 4, inWidth: 4, filterHeight: 1, filterWidth: 1, strideHeight: 2, strideWidth: 2 }),
    geometry({ inHeight: 3, inWidth: 3, filterHeight: 7, filterWidth: 7, padTop: 3, padLeft: 3, padBottom: 3, padRight: 3 }),
  ];
  it('equals the definition over padding, strides, dilation, 1x1 and filters larger than the image, and overwrites stale values', () => {
    const scratch = new ScratchBuffer();
    for (const g of cases) {
      const x = Float32Array.from({ length: g.batch * g.inHeight * g.inWidth * g.inChannels }, (_, i) => i + 1);
      const ref = reference(x, g);
      const cols = scratch.view(ref.length).fill(Number.NaN);
      writePatchMatrix(x, g, cols);
      expect(Array.from(cols)).toEqual(Array.from(ref));
    }
  });
  it('refuses an output too small, naming the sizes', () => {
    expect(() => writePatchMatrix(new Float32Array(150), cases[0]!, new Float32Array(10))).toThrow(/out holds 10 values, the patch matrix needs \d+/);
  });
});

