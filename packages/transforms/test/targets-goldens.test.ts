// Box and key-point maths against scripts/make_target_goldens.py, a line-by-line numpy port of torchvision v2's
// box kernels (_meta.py, _geometry.py) in float32 (see the script for where aug deliberately differs).
import { describe, expect, it } from 'vitest';
import * as F from '../src/functional.js';
import { boundingBoxes, keyPoints } from '../src/index.js';
import type { BoundingBoxFormat, Target } from '../src/index.js';
import { fixture } from './helpers.js';

interface Case {
  kind: 'boundingBoxes' | 'keyPoints';
  op: string;
  args: unknown[];
  format: BoundingBoxFormat | null;
  canvasSize: [number, number];
  data: number[];
  expected: number[];
  expectedCanvasSize: [number, number];
}

const { cases, displacements } = fixture<{ cases: Case[]; displacements: number[][] }>('targets_goldens.json');

function run(c: Case): Target {
  const input = c.kind === 'boundingBoxes'
    ? boundingBoxes(c.data, { format: c.format!, canvasSize: c.canvasSize })
    : keyPoints(c.data, { canvasSize: c.canvasSize });
  const a = c.args as never[];
  switch (c.op) {
    case 'convertBoundingBoxFormat': return F.convertBoundingBoxFormat(input as never, a[0]);
    case 'clampBoundingBoxes': return F.clampBoundingBoxes(input as never);
    case 'hflip': return F.hflip(input);
    case 'vflip': return F.vflip(input);
    case 'crop': return F.crop(input, a[0], a[1], a[2], a[3]);
    case 'centerCrop': return F.centerCrop(input, a[0]);
    case 'resize': return F.resize(input, a[0]);
    case 'resizedCrop': return F.resizedCrop(input, a[0], a[1], a[2], a[3], a[4]);
    case 'pad': return F.pad(input, a[0]);
    case 'rotate': return F.rotate(input, a[0], a[1]);
    case 'affine': return F.affine(input, a[0], a[1], a[2], a[3], a[4]);
    case 'perspective': return F.perspective(input, a[0], a[1]);
    case 'elasticTransform': return F.elasticTransform(input, new Float32Array(displacements[(a[0] as { displacement: number }).displacement]!));
    default: throw new Error(`unknown op ${c.op}`);
  }
}

describe('box and key-point kernels equal the numpy port of torchvision v2', () => {
  const ops = [...new Set(cases.map((c) => `${c.kind} ${c.op}`))];
  it('covers every kernel', () => {
    expect(ops.length).toBe(22); // 14 box ops (incl. the two format functions), 8 key-point ops
  });
  for (const name of ops) {
    const group = cases.filter((c) => `${c.kind} ${c.op}` === name);
    // Exact float32 steps for the linear maps; the affine, perspective and elastic maps sum products whose
    // rounding order differs from numpy's float32 matmul: within 1e-4 px (values up to ~100).
    const tol = /rotate|affine|perspective|elastic/.test(name) ? 1e-4 : 0;
    it(`${name} (${group.length} cases${tol ? `, within ${tol}` : ', exact'})`, () => {
      for (const c of group) {
        const out = run(c) as Target & { data: Float32Array; canvasSize: readonly [number, number] };
        expect(out.kind).toBe(c.kind);
        expect(out.canvasSize, `${name} ${JSON.stringify(c.args).slice(0, 80)}`).toEqual(c.expectedCanvasSize);
        expect(out.data.length).toBe(c.expected.length);
        for (let i = 0; i < c.expected.length; i++) {
          const diff = Math.abs(out.data[i]! - Math.fround(c.expected[i]!));
          expect(diff, `${name} ${c.format ?? ''} value ${i}: ${out.data[i]} vs ${c.expected[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(c.expected[i]!)));
        }
      }
    });
  }
});
