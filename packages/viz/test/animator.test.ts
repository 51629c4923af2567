import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Animator } from '../src/animator.js';
import { decodePng } from '../src/png.js';
import { OutputWriteError, VizError } from '../src/errors.js';
import { pathPoints, plotArea, seriesPaths, tickLabels } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'aug-viz-animator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function d2lRun(): Animator {
  const a = new Animator({ xlabel: 'epoch', xlim: [1, 10], legend: ['train loss', 'train acc', 'test acc'], ylim: [0, 1] });
  for (let e = 0; e < 10; e++) {
    for (let b = 1; b <= 5; b++) {
      const t = e + b / 5;
      a.add(t, [Math.exp(-t / 3) * 0.9, 1 - Math.exp(-t / 2.5) * 0.8, null]);
    }
    a.add(e + 1, [null, null, 0.85 - Math.exp(-(e + 1) / 3) * 0.6]);
  }
  return a;
}

describe('Animator SVG', () => {
  it('draws one path per series and the legend texts, in d2l line styles', () => {
    const svg = d2lRun().toSVG();
    const paths = seriesPaths(svg);
    expect(paths).toHaveLength(3);
    expect(pathPoints(paths[0]!)).toHaveLength(50);
    expect(pathPoints(paths[2]!)).toHaveLength(10); // test acc: one point per epoch, joined
    const legend = /<g class="legend">(.*?)<\/g>/s.exec(svg)![1]!;
    expect([...legend.matchAll(/<text[^>]*>([^<]*)/g)].map((m) => m[1])).toEqual(['train loss', 'train acc', 'test acc']);
    // '-' in the default colour, 'm--' magenta dashed, 'g-.' green dash-dot
    expect(svg).toMatch(/data-series="0"[^>]*stroke="#1f77b4"/);
    expect(svg).toMatch(/data-series="1"[^>]*stroke="#bf00bf"[^>]*stroke-dasharray="5.55 2.4"/);
    expect(svg).toMatch(/data-series="2"[^>]*stroke="#008000"[^>]*stroke-dasharray="9.6 2.4 1.5 2.4"/);
    expect(svg).toContain('>epoch</text>');
    expect(svg).toContain('<path class="grid"');
  });

  it('honours xlim and ylim: the ends of the axes are the limits and the ticks lie inside', () => {
    const a = new Animator({ xlim: [1, 10], ylim: [0, 1] });
    a.add(1, [0]);
    a.add(10, [1]);
    a.add(12, [2]); // outside: clipped, the limits stay
    const svg = a.toSVG();
    const area = plotArea(svg);
    const pts = pathPoints(seriesPaths(svg)[0]!);
    expect(pts[0]![1]).toBeCloseTo(area.x, 1);
    expect(pts[0]![2]).toBeCloseTo(area.y + area.h, 1);
    expect(pts[1]![1]).toBeCloseTo(area.x + area.w, 1);
    expect(pts[1]![2]).toBeCloseTo(area.y, 1);
    expect(tickLabels(svg)).toEqual(['2', '4', '6', '8', '10', '0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });

  it('leaves out null points instead of drawing zeros', () => {
    const a = new Animator({ ylim: [0, 1], xlim: [0, 4] });
    a.add(1, [0.5, null]);
    a.add(2, [0.6, 0.7]);
    a.add(3, [0.7, null]);
    const svg = a.toSVG();
    const area = plotArea(svg);
    const second = pathPoints(seriesPaths(svg)[1]!);
    expect(second).toHaveLength(1);
    expect(second[0]![2]).toBeCloseTo(area.y + area.h * 0.3, 1);
    expect(a.data()[1]).toEqual({ label: undefined, x: [2], y: [0.7] });
  });

  it('skips non-finite values with a warning and breaks the line there, never a broken SVG', () => {
    const warnings: string[] = [];
    const a = new Animator({ legend: ['loss', 'acc'], onWarning: (m) => warnings.push(m) });
    a.add(1, [0.5, 0.1]);
    a.add(2, [Number.NaN, 0.2]);
    a.add(3, [Number.POSITIVE_INFINITY, Number.NaN]);
    a.add(4, [0.4, 0.3]);
    a.add(5, [0.3, 0.4]);
    expect(warnings).toHaveLength(2); // one per series
    expect(warnings[0]).toMatch(/series 0 \(loss\) point x=2, y=NaN: not a finite number/);
    expect(warnings[1]).toMatch(/series 1 \(acc\) point x=3, y=NaN/);
    const svg = a.toSVG();
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(pathPoints(seriesPaths(svg)[0]!).map((p) => p[0])).toEqual(['M', 'M', 'L']);
    expect(tickLabels(svg).every((t) => /^[\u2212\d.]+$/.test(t))).toBe(true);
  });

  it('draws log axes with 10^k ticks', () => {
    const a = new Animator({ yscale: 'log', fmts: ['bo-'] });
    for (let i = 1; i <= 20; i++) a.add(i, [10 ** (-i / 5)]);
    const svg = a.toSVG();
    expect(svg).toMatch(/>10<tspan[^>]*>\u22122<\/tspan>/);
    expect((svg.match(/<circle/g) ?? []).length).toBe(20);
  });

  it('names the bad value for bad options and bad adds', () => {
    expect(() => new Animator({ ylim: [1, 0] })).toThrow(/ylim must be \[min, max\].*\[1, 0\]/);
    expect(() => new Animator({ fmts: ['q-'] })).toThrow(/fmts entry 'q-' has 'q'/);
    expect(() => new Animator({ xscale: 'symlog' as 'log' })).toThrow(new TypeError('xscale must be \'linear\' or \'log\', got "symlog"'));
    expect(() => new Animator({ figsize: [0, 2] })).toThrow(/figsize/);
    const a = new Animator();
    a.add(1, [1, 2]);
    expect(() => a.add(2, [1, 2, 3])).toThrow(/ys has 3 values but the first add\(\) had 2/);
    expect(() => a.add(2, ['x' as unknown as number, 1])).toThrow(/series 0 got x=2, y="x"/);
  });
});

describe('Animator files', () => {
  it('saves SVG and PNG by extension; the PNG decodes to figsize x dpi', () => {
    const a = d2lRun();
    a.save(join(dir, 'curves.svg'));
    a.save(join(dir, 'sub', 'curves.png'));
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8')).toBe(a.toSVG());
    const png = decodePng(readFileSync(join(dir, 'sub', 'curves.png')));
    expect([png.width, png.height]).toEqual([504, 360]);
    // dark pixels exist (axes, text) and most of the figure is white
    let dark = 0;
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const s = png.data[i]! + png.data[i + 1]! + png.data[i + 2]!;
      if (s < 150) dark++;
      if (s === 765) white++;
    }
    expect(dark).toBeGreaterThan(500);
    expect(white / (png.width * png.height)).toBeGreaterThan(0.6);
    const small = new Animator({ dpi: 72 });
    small.add(1, 1);
    expect(decodePng(small.toPNG()).width).toBe(252);
  });

  it('renders its text with the shipped font: the same PNG bytes every time', () => {
    const a = d2lRun();
    expect(Buffer.compare(a.toPNG(), d2lRun().toPNG())).toBe(0);
  });

  it('gives clear errors for a bad extension and an unwritable path', () => {
    const a = new Animator();
    a.add(1, 1);
    expect(() => a.save(join(dir, 'c.jpg'))).toThrow(/must end in \.svg or \.png \(got extension '\.jpg'\)/);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => a.save(join(file, 'c.svg'))).toThrow(/cannot write figure to '.*a-file\/c\.svg'.*choose a path/);
    expect(() => a.save(join(file, 'c.svg'))).toThrow(OutputWriteError);
    const err = (() => { try { a.save(join(file, 'c.svg')); } catch (e) { return e; } })();
    expect(VizError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'WRITE_FAILED', path: join(file, 'c.svg') });
  });

  it('prints nothing unless asked', () => {
    const spy = vi.spyOn(process.stdout, 'write');
    const a = new Animator({ legend: ['x'] });
    a.add(1, [1]);
    a.add(2, [2]);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});
