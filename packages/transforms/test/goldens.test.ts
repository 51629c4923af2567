import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import { perspectiveCoeffs } from '../src/kernels/perspective.js';
import type { Image } from '../src/image.js';
import type { EncodedImage } from './helpers.js';
import { maxAbsDiff } from '@aug/test-utils';
import { decode, decodeU8, fixture } from './helpers.js';

interface Case {
  kernel: string;
  input: string;
  /** 'uint8' when the input is one of inputsU8. */
  inputDtype?: 'uint8';
  args: Record<string, unknown>;
  /** A float32 output, a uint8 output, or a list of float32 outputs (fiveCrop, tenCrop). */
  output?: EncodedImage;
  outputU8?: EncodedImage;
  outputs?: EncodedImage[];
}
interface Goldens {
  inputs: Record<string, EncodedImage>;
  inputsU8: Record<string, EncodedImage>;
  cases: Case[];
  toTensor: { input: string; h: number; w: number; c: number; output: EncodedImage };
}

const goldens = fixture<Goldens>('goldens.json');
const inputs = Object.fromEntries(Object.entries(goldens.inputs).map(([k, v]) => [k, decode(v)]));
const inputsU8 = Object.fromEntries(Object.entries(goldens.inputsU8).map(([k, v]) => [k, decodeU8(v)]));

/** Runs the aug kernel named by a golden case (a list of images for fiveCrop / tenCrop). */
export function runCase(kernel: string, img: Image, a: Record<string, unknown>): Image | Image[] {
  const n = (k: string) => a[k] as number;
  const resizeOpts = { interpolation: a.interpolation as F.Interpolation, antialias: a.antialias as boolean };
  switch (kernel) {
    case 'hflip':
      return F.hflip(img);
    case 'vflip':
      return F.vflip(img);
    case 'crop':
      return F.crop(img, n('top'), n('left'), n('height'), n('width'));
    case 'resize':
      return F.resize(img, a.size as [number, number], resizeOpts);
    case 'resizedCrop':
      return F.resizedCrop(img, n('top'), n('left'), n('height'), n('width'), a.size as [number, number], resizeOpts);
    case 'centerCrop':
      return F.centerCrop(img, a.size as [number, number]);
    case 'pad':
      return F.pad(img, a.padding as F.Padding, { fill: n('fill'), mode: a.mode as F.PaddingMode });
    case 'adjustBrightness':
      return F.adjustBrightness(img, n('factor'));
    case 'adjustContrast':
      return F.adjustContrast(img, n('factor'));
    case 'adjustSaturation':
      return F.adjustSaturation(img, n('factor'));
    case 'adjustHue':
      return F.adjustHue(img, n('factor'));
    case 'rgbToGrayscale':
      return F.rgbToGrayscale(img, n('numOutputChannels') as 1 | 3);
    case 'normalize':
      return F.normalize(img, a.mean as number[], a.std as number[]);
    case 'invert':
      return F.invert(img);
    case 'solarize':
      return F.solarize(img, n('threshold'));
    case 'posterize':
      return F.posterize(img, n('bits'));
    case 'equalize':
      return F.equalize(img);
    case 'adjustGamma':
      return F.adjustGamma(img, n('gamma'), n('gain'));
    case 'autocontrast':
      return F.autocontrast(img);
    case 'adjustSharpness':
      return F.adjustSharpness(img, n('factor'));
    case 'gaussianBlur':
      return F.gaussianBlur(img, a.kernelSize as [number, number], (a.sigma ?? undefined) as [number, number] | undefined);
    case 'convertImageDtype':
      return F.convertImageDtype(img, a.dtype as F.ImageDtype);
    case 'erase':
      return F.erase(img, n('i'), n('j'), n('h'), n('w'), a.v as number | number[]);
    case 'fiveCrop':
      return F.fiveCrop(img, a.size as [number, number]);
    case 'tenCrop':
      return F.tenCrop(img, a.size as [number, number], { vertical: a.vertical as boolean });
    case 'rotate':
      return F.rotate(img, n('angle'), {
        interpolation: a.interpolation as F.GridInterpolation,
        expand: a.expand as boolean,
        center: (a.center ?? undefined) as [number, number] | undefined,
        fill: (a.fill ?? undefined) as number | number[] | undefined,
      });
    case 'affine':
      return F.affine(img, n('angle'), a.translate as [number, number], n('scale'), a.shear as [number, number], {
        interpolation: a.interpolation as F.GridInterpolation,
        center: (a.center ?? undefined) as [number, number] | undefined,
        fill: (a.fill ?? undefined) as number | number[] | undefined,
      });
    case 'perspective':
      // With torchvision's own coefficients (its float32 lstsq); the end-to-end path is tested below.
      return F.perspectiveWithCoeffs(img, a.coeffs as number[], {
        interpolation: a.interpolation as F.GridInterpolation,
        fill: (a.fill ?? undefined) as number | number[] | undefined,
      });
    case 'elasticTransform':
      return F.elasticTransform(img, a.displacement as number[], {
        interpolation: a.interpolation as F.GridInterpolation,
        fill: (a.fill ?? undefined) as number | number[] | undefined,
      });
    default:
      throw new Error(`no kernel ${kernel}`);
  }
}

describe('kernels equal torchvision 0.14 on float images (tensor path), within 1e-5', () => {
  const byKernel = new Map<string, Case[]>();
  for (const c of goldens.cases) byKernel.set(c.kernel, [...(byKernel.get(c.kernel) ?? []), c]);

  for (const [kernel, cases] of byKernel) {
    it(`${kernel}: ${cases.length} cases`, () => {
      for (const c of cases) {
        const img = c.inputDtype === 'uint8' ? inputsU8[c.input]! : inputs[c.input]!;
        const before = img.data.slice();
        const result = runCase(kernel, img, c.args);
        const outs = Array.isArray(result) ? result : [result];
        const wants = c.outputs ? c.outputs.map(decode) : c.outputU8 ? [decodeU8(c.outputU8)] : [decode(c.output!)];
        const label = `${kernel} ${c.input} ${JSON.stringify(c.args).slice(0, 200)}`;
        expect(outs.length, label).toBe(wants.length);
        outs.forEach((out, k) => {
          const want = wants[k]!;
          expect([out.height, out.width, out.channels], label).toEqual([want.height, want.width, want.channels]);
          expect(out.data, label).toBeInstanceOf(want.data.constructor);
          // uint8 outputs are exact; float outputs within 1e-5.
          expect(maxAbsDiff(out.data, want.data), label).toBeLessThan(want.data instanceof Uint8Array ? 0.5 : 1e-5);
        });
        expect(maxAbsDiff(img.data, before), `${label} must not mutate its input`).toBe(0);
      }
    });
  }

  it('covers every kernel with golden cases', () => {
    expect([...byKernel.keys()].sort()).toEqual(
      [
        'adjustBrightness', 'adjustContrast', 'adjustHue', 'adjustSaturation', 'centerCrop', 'crop', 'hflip', 'normalize', 'pad', 'resize',
        'resizedCrop', 'rgbToGrayscale', 'vflip', 'invert', 'solarize', 'posterize', 'equalize', 'adjustGamma', 'autocontrast',
        'adjustSharpness', 'gaussianBlur', 'convertImageDtype', 'erase', 'fiveCrop', 'tenCrop', 'rotate', 'affine', 'perspective',
        'elasticTransform',
      ].sort(),
    );
  });

  it('perspective end to end: coefficients within 4e-6 of torchvision\'s float32 lstsq, bilinear output within 1e-5', () => {
    const cases = goldens.cases.filter((c) => c.kernel === 'perspective');
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const start = c.args.startpoints as number[][];
      const end = c.args.endpoints as number[][];
      const want = c.args.coeffs as number[];
      const got = perspectiveCoeffs(start, end);
      const label = `${c.input} ${JSON.stringify(end)}`;
      got.forEach((v, i) => expect(Math.abs(v - want[i]!), label).toBeLessThan(4e-6 * Math.max(1, Math.abs(want[i]!))));
      if (c.args.interpolation !== 'bilinear') continue;
      const out = F.perspective(inputs[c.input]!, start, end, { interpolation: 'bilinear', fill: (c.args.fill ?? undefined) as number | undefined });
      expect(maxAbsDiff(out.data, decode(c.output!).data), label).toBeLessThan(1e-5);
    }
  });

  it('toTensor: uint8 HWC -> float [0, 1] as F.to_tensor', () => {
    const t = goldens.toTensor;
    const u8 = new Uint8Array(Buffer.from(t.input, 'base64'));
    const out = F.toTensor({ data: u8, height: t.h, width: t.w, channels: t.c });
    expect(maxAbsDiff(out.data, decode(t.output).data)).toBeLessThan(1e-7);
  });
});
