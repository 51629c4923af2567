import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import type { Image } from '../src/image.js';
import type { EncodedImage } from './helpers.js';
import { decode, fixture, maxAbsDiff } from './helpers.js';

interface Case {
  kernel: string;
  input: string;
  args: Record<string, unknown>;
  output: EncodedImage;
}
interface Goldens {
  inputs: Record<string, EncodedImage>;
  cases: Case[];
  toTensor: { input: string; h: number; w: number; c: number; output: EncodedImage };
}

const goldens = fixture<Goldens>('goldens.json');
const inputs = Object.fromEntries(Object.entries(goldens.inputs).map(([k, v]) => [k, decode(v)]));

/** Runs the aug kernel named by a golden case. */
export function runCase(kernel: string, img: Image, a: Record<string, unknown>): Image {
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
        const img = inputs[c.input]!;
        const before = img.data.slice();
        const out = runCase(kernel, img, c.args);
        const want = decode(c.output);
        const label = `${kernel} ${c.input} ${JSON.stringify(c.args)}`;
        expect([out.height, out.width, out.channels], label).toEqual([want.height, want.width, want.channels]);
        expect(out.data, label).toBeInstanceOf(Float32Array);
        expect(maxAbsDiff(out.data, want.data), label).toBeLessThan(1e-5);
        expect(maxAbsDiff(img.data, before), `${label} must not mutate its input`).toBe(0);
      }
    });
  }

  it('covers every kernel with golden cases', () => {
    expect([...byKernel.keys()].sort()).toEqual(
      ['adjustBrightness', 'adjustContrast', 'adjustHue', 'adjustSaturation', 'centerCrop', 'crop', 'hflip', 'normalize', 'pad', 'resize', 'resizedCrop', 'rgbToGrayscale', 'vflip'].sort(),
    );
  });

  it('toTensor: uint8 HWC -> float [0, 1] as F.to_tensor', () => {
    const t = goldens.toTensor;
    const u8 = new Uint8Array(Buffer.from(t.input, 'base64'));
    const out = F.toTensor({ data: u8, height: t.h, width: t.w, channels: t.c });
    expect(maxAbsDiff(out.data, decode(t.output).data)).toBeLessThan(1e-7);
  });
});
