// The synthetic COCO set: boxes exact, masks (decoded by CocoDetection as pycocotools) inside them,
// pasted pixels the real CIFAR-10 pictures, objects apart. Uses the pictures shipped in assets/ only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CocoDetection } from '@aug/data';
import { tempDir, removeTempDirs } from '@aug/test-utils';
import { createRng } from '@aug/transforms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecords, readAssetPictures, type Picture } from '../src/cifar-source.js';
import { composeScene, insidePolygon } from '../src/compose-scene.js';
import { ASSETS_DIR, makeDataset } from '../src/make-dataset.js';

afterAll(() => removeTempDirs());
let pictures: Picture[];
beforeAll(async () => {
  pictures = await readAssetPictures(ASSETS_DIR);
});

interface Ann { image_id: number; category_id: number; bbox: number[]; segmentation: number[][] }

describe('assets', () => {
  it('ships 40 real CIFAR-10 pictures, 4 per class, 32x32 RGB', () => {
    expect(pictures).toHaveLength(40);
    for (let c = 0; c < 10; c++) expect(pictures.filter((p) => p.label === c)).toHaveLength(4);
    for (const p of pictures) expect([p.image.height, p.image.width, p.image.channels]).toEqual([32, 32, 3]);
    // real pictures: many distinct colours, not a flat fill
    expect(new Set(Array.from(pictures[0]!.image.data)).size).toBeGreaterThan(50);
  });

  it('decodes the binary layout: label byte, then the R, G and B planes', () => {
    const rec = new Uint8Array(1 + 3072);
    rec[0] = 7;
    rec[1 + 5] = 10; // R of pixel 5
    rec[1 + 1024 + 5] = 20; // G of pixel 5
    rec[1 + 2048 + 5] = 30; // B of pixel 5
    const [p] = decodeRecords(rec, 1);
    expect(p!.label).toBe(7);
    expect(Array.from(p!.image.data.subarray(15, 18))).toEqual([10, 20, 30]);
  });
});

describe('composeScene', () => {
  it('pastes 1-4 objects apart, ellipse pixels only inside the polygon, rect pixels equal to the picture', () => {
    for (let seed = 0; seed < 20; seed++) {
      const scene = composeScene(pictures, createRng(seed));
      expect(scene.objects.length).toBeGreaterThanOrEqual(1);
      expect(scene.objects.length).toBeLessThanOrEqual(4);
      scene.objects.forEach((a, i) => scene.objects.forEach((b, j) => {
        if (i < j) {
          const apart = a.bbox[0]! + a.bbox[2]! <= b.bbox[0]! || b.bbox[0]! + b.bbox[2]! <= a.bbox[0]! || a.bbox[1]! + a.bbox[3]! <= b.bbox[1]! || b.bbox[1]! + b.bbox[3]! <= a.bbox[1]!;
          expect(apart).toBe(true);
        }
      }));
      for (const o of scene.objects) {
        const xs = o.polygon.filter((_, k) => k % 2 === 0);
        const ys = o.polygon.filter((_, k) => k % 2 === 1);
        expect([Math.min(...xs), Math.min(...ys), Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)]).toEqual(o.bbox);
      }
    }
    expect(insidePolygon(5, 5, [0, 0, 10, 0, 10, 10, 0, 10])).toBe(true);
    expect(insidePolygon(11, 5, [0, 0, 10, 0, 10, 10, 0, 10])).toBe(false);
  });
});

describe('makeDataset + CocoDetection', () => {
  it('writes PNGs and annotations.json whose boxes are exactly the decoded masks\' extents', async () => {
    const out = tempDir('aug-det-');
    const paths = await makeDataset(out, { images: 6, seed: 3 });
    const ann = JSON.parse(readFileSync(paths.annFile, 'utf8')) as { images: unknown[]; annotations: Ann[]; categories: { id: number; name: string }[] };
    expect(ann.images).toHaveLength(6);
    expect(ann.categories.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ann.annotations.length).toBe(paths.annotations);
    const coco = new CocoDetection(paths.imagesDir, paths.annFile);
    let objects = 0;
    for (let i = 0; i < coco.length; i++) {
      const { image, target } = await coco.get(i, createRng(0));
      const mine = ann.annotations.filter((a) => a.image_id === coco.ids[i]);
      expect(target.labels).toEqual(mine.map((a) => a.category_id));
      const [H, W] = [image.height, image.width];
      expect([H, W]).toEqual([160, 160]);
      mine.forEach((a, k) => {
        const [x, y, w, h] = a.bbox as [number, number, number, number];
        expect(Array.from(target.boxes.data.subarray(k * 4, k * 4 + 4))).toEqual([x, y, x + w, y + h]);
        let ext = [Infinity, Infinity, -Infinity, -Infinity];
        let set = 0;
        for (let yy = 0; yy < H; yy++) for (let xx = 0; xx < W; xx++) {
          if (target.masks!.data[k * H * W + yy * W + xx]) {
            set++;
            ext = [Math.min(ext[0]!, xx), Math.min(ext[1]!, yy), Math.max(ext[2]!, xx + 1), Math.max(ext[3]!, yy + 1)];
          }
        }
        expect(ext).toEqual([x, y, x + w, y + h]);
        if (a.segmentation[0]!.length === 8) expect(set).toBe(w * h); // a rectangle: the whole box
        else expect(set).toBeLessThan(w * h * 0.82); // an ellipse: about pi/4 of it
        objects++;
      });
    }
    expect(objects).toBe(paths.annotations);
  });
});
