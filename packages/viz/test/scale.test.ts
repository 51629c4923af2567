import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFmt } from '../src/line-style.js';
import { autoLimits, linearTicks, logTicks } from '../src/scale.js';
import { fitText, textWidth } from '../src/text.js';

describe('axis ticks, as matplotlib picks them', () => {
  it('chooses round steps (1, 2, 2.5, 5) with a shared number of decimals', () => {
    expect(linearTicks(1, 10, 6).map((t) => t.label)).toEqual(['2', '4', '6', '8', '10']);
    expect(linearTicks(0, 1, 6).map((t) => t.label)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(linearTicks(0, 0.1, 4).map((t) => t.label)).toEqual(['0.000', '0.025', '0.050', '0.075', '0.100']);
    expect(linearTicks(-2, 2, 4).map((t) => t.label)).toEqual(['\u22122', '\u22121', '0', '1', '2']);
    expect(logTicks(0.001, 10, 6).map((t) => t.exponent)).toEqual([-3, -2, -1, 0, 1]);
    expect(logTicks(2, 9, 6).map((t) => t.label)).toEqual(['2', '5']);
  });

  it("adds matplotlib's 5% margins and widens a single value", () => {
    expect(autoLimits(0, 10, 'linear')).toEqual([-0.5, 10.5]);
    expect(autoLimits(3, 3, 'linear')).toEqual([2.85, 3.15]);
    const [lo, hi] = autoLimits(1, 100, 'log');
    expect(Math.log10(lo)).toBeCloseTo(-0.1);
    expect(Math.log10(hi)).toBeCloseTo(2.1);
  });
});

describe('format strings and text', () => {
  it("parses d2l's formats", () => {
    expect(parseFmt('-', 0)).toEqual({ color: '#1f77b4', dash: null, marker: null });
    expect(parseFmt('m--', 0)).toEqual({ color: '#bf00bf', dash: [5.55, 2.4], marker: null });
    expect(parseFmt('r:', 0)).toEqual({ color: '#ff0000', dash: [1.5, 2.475], marker: null });
    expect(parseFmt('o', 1)).toEqual({ color: '#ff7f0e', dash: 'none', marker: 'o' });
    expect(() => parseFmt('mr', 0)).toThrow(/names two colours/);
  });

  it('measures DejaVu Sans and cuts long text', () => {
    expect(textWidth('0', 10)).toBeCloseTo(6.36, 2);
    expect(textWidth('train loss', 10)).toBeGreaterThan(textWidth('acc', 10));
    expect(fitText('automobile', 10, 40)).toMatch(/^auto.*…$/);
    expect(textWidth(fitText('automobile', 10, 40), 10)).toBeLessThanOrEqual(40);
  });
});

describe('package', () => {
  it('never imports TensorFlow.js at run time (tfjs is an optional peer: types are structural)', () => {
    for (const file of readdirSync(new URL('../src/', import.meta.url))) {
      const src = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(src, file).not.toMatch(/from '@tensorflow|require\('@tensorflow/);
      expect(src, file).not.toMatch(/Math\.random/);
    }
  });
});
