// The example end to end on a small set made from assets/: the SSD pipeline keeps every box on its
// mask, the checker catches a pipeline that breaks that, and the CLI exits 0 and writes the gallery.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, removeTempDirs } from '@aug/test-utils';
import { boundingBoxes, type BoundingBoxes, type Rng, type Transform } from '@aug/transforms';
import { decodePng } from '@aug/viz';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCoverage } from '../src/check-coverage.js';
import { ssdPipeline } from '../src/pipeline.js';
import { runExample } from '../src/run.js';
import { mask } from '@aug/transforms';

afterAll(() => removeTempDirs());

/** The SSD pipeline, then every box moved 6 px right: what a broken box kernel would do. */
class ShiftedBoxes implements Transform {
  readonly inner = ssdPipeline();
  apply<T extends object>(input: T, rng?: Rng): T {
    const out = this.inner.apply(input, rng) as unknown as { image: unknown; target: { boxes: BoundingBoxes } };
    const b = out.target.boxes;
    const data = b.data.map((v, i) => (i % 2 === 0 ? Math.min(b.canvasSize[1], v + 6) : v));
    return { ...out, target: { ...out.target, boxes: boundingBoxes(data, { format: 'xyxy', canvasSize: b.canvasSize }) } } as unknown as T;
  }
  toJSON() {
    return { type: 'ShiftedBoxes' };
  }
}

describe('checkCoverage', () => {
  it('passes a box on its mask and names a box that misses it', () => {
    const m = new Uint8Array(10 * 10);
    m[3 * 10 + 4] = 1; // pixel (4, 3)
    const planes = mask(m, 10, 10, 1);
    expect(checkCoverage(boundingBoxes([4, 3, 5, 4], { format: 'xyxy', canvasSize: [10, 10] }), planes, [1]).violations).toEqual([]);
    const bad = checkCoverage(boundingBoxes([4.5, 3, 6, 4], { format: 'xyxy', canvasSize: [10, 10] }), planes, [1]).violations;
    expect(bad).toHaveLength(1);
    expect(bad[0]!.message).toMatch(/does not cover its mask's pixels \[4, 3, 5, 4\]/);
    expect(checkCoverage(boundingBoxes([4, 3, 5, 4], { format: 'xyxy', canvasSize: [10, 10] }), planes, [1, 2]).violations[0]!.message).toMatch(/1 boxes, 2 labels/);
  });
});

describe('runExample', () => {
  it('keeps every box on its mask through the SSD pipeline (8 images x 3 seeds) and draws the gallery', async () => {
    const out = tempDir('aug-det-run-');
    const lines: string[] = [];
    const s = await runExample({ out, images: 8, seeds: 3, log: (l) => lines.push(l) });
    expect(s.violations).toEqual([]);
    expect(s.boxesChecked).toBeGreaterThan(10);
    expect(s.objectsIn).toBeGreaterThanOrEqual(s.boxesChecked);
    expect(lines.join('\n')).toMatch(/checked \d+ boxes .* 0 violations/);
    const png = decodePng(readFileSync(s.galleryPath!));
    expect(png.width).toBeGreaterThan(png.height);
    // a second run reuses the dataset
    const again = await runExample({ out, seeds: 1, gallery: null, log: (l) => lines.push(l) });
    expect(again.images).toBe(8);
    expect(lines.some((l) => l.startsWith('using the dataset'))).toBe(true);
  });

  it('reports violations when boxes stop covering their masks', async () => {
    const out = tempDir('aug-det-bad-');
    const s = await runExample({ out, images: 6, seeds: 2, gallery: null, transforms: new ShiftedBoxes(), log: () => {} });
    expect(s.violations.length).toBeGreaterThan(0);
    expect(s.violations[0]!.message).toMatch(/does not cover/);
  });

  it('pnpm start (src/main.ts) exits 0 and writes the gallery', () => {
    const out = tempDir('aug-det-cli-');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'main.ts'), '--out', out, '--images', '4', '--seeds', '1'], {
      cwd: join(__dirname, '..'), encoding: 'utf8',
    });
    expect(stdout).toMatch(/0 violations/);
    expect(existsSync(join(out, 'gallery.png'))).toBe(true);
  });
});
