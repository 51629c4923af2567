// The playground's one table: it lists every transform class @aug/transforms exports, and the default
// form values of every usable entry build (transformFromJSON) and run on a picture, so no form the page
// generates starts out broken.
import * as transforms from '@aug/transforms';
import { boundingBoxes, createRng, transformFromJSON, type Image } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { D2L_CHAIN, entryOf, newStep, parseField, pipelineSpec, stepsFromSpec, TRANSFORM_TABLE } from '../src/playground/transform-table.js';

function picture(): Image {
  const data = new Uint8Array(32 * 32 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5) * 11) & 255;
  return { data, height: 32, width: 32, channels: 3 };
}

describe('transform table', () => {
  it('has one entry for every transform class @aug/transforms exports', () => {
    const classes = Object.entries(transforms)
      .filter(([name, v]) => typeof v === 'function' && /^[A-Z]/.test(name) && typeof (v as { prototype?: { apply?: unknown } }).prototype?.apply === 'function')
      .map(([name]) => name)
      .sort();
    expect(classes.length).toBeGreaterThan(40);
    expect(TRANSFORM_TABLE.map((e) => e.type).sort()).toEqual(classes);
  });

  for (const entry of TRANSFORM_TABLE.filter((e) => e.unavailable === undefined)) {
    it(`${entry.type}: the default form builds and runs`, () => {
      const before = entry.container === true ? [newStep('RandomHorizontalFlip')] : entry.needsFloat === true ? [newStep('ToTensor')] : [];
      const steps = [...before, newStep(entry.type)];
      const t = transformFromJSON(pipelineSpec(steps));
      const img = picture();
      if (entry.needsBoxes === true) {
        const out = t.apply({ image: img, boxes: boundingBoxes([2, 2, 20, 20, 8, 8, 30, 30], { format: 'xyxy', canvasSize: [32, 32] }), labels: [1, 2] }, createRng(0));
        expect(out.image.height).toBeGreaterThan(0);
      } else {
        const out = t.apply(img, createRng(0));
        expect(out.height * out.width * out.channels).toBe(out.data.length);
      }
      // what toJSON gives shows as form steps again (every option a field) and rebuilds the same pipeline
      const steps2 = stepsFromSpec(t.toJSON());
      if (entry.container !== true) expect(steps2.filter((s) => 'raw' in s).map((s) => JSON.stringify(s))).toEqual([]);
      const again = transformFromJSON(pipelineSpec(steps2));
      expect(again.toJSON()).toEqual(t.toJSON());
    });
  }

  it('d2l chain: a form pipeline equal to the hand-written spec', () => {
    const t = transformFromJSON(D2L_CHAIN);
    const steps = stepsFromSpec(t.toJSON());
    expect(steps.map((s) => s.type)).toEqual(['RandomHorizontalFlip', 'ColorJitter', 'RandomResizedCrop']);
    expect(steps.every((s) => !('raw' in s))).toBe(true);
  });

  it('parseField names the field and the text it cannot read', () => {
    const size = entryOf('RandomResizedCrop')!.fields[0]!;
    expect(parseField(size, '32, 24', 'step 1')).toEqual([32, 24]);
    expect(parseField(size, '', 'step 1')).toBeUndefined();
    expect(() => parseField(size, 'big', 'step 1')).toThrow(/step 1: size must be a number or numbers/);
  });

  it('an option out of range is the library RangeError naming it', () => {
    const step = newStep('RandomHorizontalFlip');
    if (!('raw' in step)) step.values['p'] = 2;
    expect(() => transformFromJSON(pipelineSpec([step]))).toThrow(RangeError);
    expect(() => transformFromJSON(pipelineSpec([step]))).toThrow(/p/);
  });
});
