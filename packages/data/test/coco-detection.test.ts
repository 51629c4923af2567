import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '@aug/test-utils';
import { Compose, createRng, functional, RandomHorizontalFlip, SanitizeBoundingBoxes, type Rng, type TransformSpec } from '@aug/transforms';
import { describe, expect, it } from 'vitest';
import { DataError } from '../src/errors.js';
import { CocoDetection, type CocoSample } from '../src/datasets/coco-detection.js';
import { AnnotationError, NotADatasetError } from '../src/datasets/errors.js';
import { loadCocoAnnotations } from '../src/datasets/coco-annotations.js';
import { datasetFromSpec } from '../src/worker-dataset.js';

// Made by scripts/make_dataset_fixtures.py: CIFAR-10 pictures pasted on gradient canvases at known places.
const ROOT = fileURLToPath(new URL('./fixtures/coco', import.meta.url));
const IMAGES = join(ROOT, 'images');
const ANN = join(ROOT, 'annotations.json');
const SOURCES = new Uint8Array(readFileSync(join(ROOT, 'sources.bin')));
const PLACEMENTS = JSON.parse(readFileSync(join(ROOT, 'placements.json'), 'utf8')) as { imageId: number; source: number; x: number; y: number }[];

/** A row-major 0/1 plane with the rectangle x in [x0, x1), y in [y0, y1) set. */
function rect(h: number, w: number, ...boxes: [number, number, number, number][]): Uint8Array {
  const m = new Uint8Array(h * w);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) m.fill(1, y * w + x0, y * w + x1);
  return m;
}

function plane(sample: CocoSample, i: number): Uint8Array {
  const m = sample.target.masks!;
  return m.data.subarray(i * m.height * m.width, (i + 1) * m.height * m.width);
}

describe('CocoDetection: samples as torchvision v2 wraps CocoDetection', () => {
  const coco = new CocoDetection(IMAGES, ANN);

  it('ids are the sorted image ids; length', () => {
    expect(coco.ids).toEqual([7, 19, 42]); // the file lists 42, 7, 19
    expect(coco.root).toBe(IMAGES);
    expect(coco.length).toBe(3);
    expect(coco.masks).toBe(true);
    expect(coco.keypoints).toBe(true);
  });

  it('decodes each image as RGB; the pasted CIFAR-10 pictures equal their source pixels', async () => {
    for (const [i, id] of coco.ids.entries()) {
      const { image } = await coco.get(i);
      expect(image.channels).toBe(3);
      for (const p of PLACEMENTS.filter((q) => q.imageId === id)) {
        const src = SOURCES.subarray(p.source * 3072, (p.source + 1) * 3072);
        const ph = Math.min(32, image.height - p.y);
        const pw = Math.min(32, image.width - p.x);
        for (let y = 0; y < ph; y++) {
          const row = image.data.subarray(((p.y + y) * image.width + p.x) * 3, ((p.y + y) * image.width + p.x + pw) * 3);
          expect(Buffer.from(row).equals(Buffer.from(src.subarray(y * 96, y * 96 + pw * 3))), `image ${id} source ${p.source} row ${y}`).toBe(true);
        }
      }
    }
  });

  it('image 7: boxes in xyxy from xywh, labels = category ids, iscrowd, area, masks from both RLE encodings and a clipped polygon', async () => {
    const s = await coco.get(0);
    const t = s.target;
    expect(t.imageId).toBe(7);
    expect([s.image.height, s.image.width]).toEqual([64, 80]);
    expect(t.boxes.kind).toBe('boundingBoxes');
    expect(t.boxes.format).toBe('xyxy');
    expect([...t.boxes.canvasSize]).toEqual([64, 80]);
    expect([...t.boxes.data]).toEqual([40, 20, 72, 52, 0, 0, 32, 32, 64, 52, 80, 64]);
    expect(t.labels).toEqual([3, 9, 5]);
    expect(t.iscrowd).toEqual([1, 0, 0]);
    expect(t.area).toEqual([1024, 924, 192]);
    const m = t.masks!;
    expect([m.kind, m.count, m.height, m.width]).toEqual(['mask', 3, 64, 80]);
    expect(plane(s, 0)).toEqual(rect(64, 80, [40, 20, 72, 52])); // uncompressed RLE
    const holed = rect(64, 80, [0, 0, 32, 32]);
    for (let y = 10; y < 20; y++) holed.fill(0, y * 80 + 10, y * 80 + 20);
    expect(plane(s, 1)).toEqual(holed); // compressed RLE
    expect(plane(s, 2)).toEqual(rect(64, 80, [64, 52, 80, 64])); // polygon partly outside, clipped as pycocotools
    expect(t.keypoints!.data.length).toBe(0); // no key points on this image
    expect(t.keypointsVisibility).toEqual([]);
  });

  it('image 42: a rectangle polygon, two polygons merged into one mask, key points with visibility', async () => {
    const s = await coco.get(2);
    const t = s.target;
    expect(t.imageId).toBe(42);
    expect([...t.boxes.data]).toEqual([4, 6, 36, 38, 50, 40, 82, 72]);
    expect(t.labels).toEqual([3, 5]);
    expect(plane(s, 0)).toEqual(rect(80, 96, [4, 6, 36, 38]));
    expect(plane(s, 1)).toEqual(rect(80, 96, [50, 40, 66, 72], [66, 56, 82, 72]));
    expect(t.keypoints!.kind).toBe('keyPoints');
    expect([...t.keypoints!.canvasSize]).toEqual([80, 96]);
    expect([...t.keypoints!.data]).toEqual([10, 12, 30.5, 20.25, 0, 0, 60, 50, 70, 60, 80, 70]);
    expect(t.keypointsVisibility).toEqual([2, 1, 0, 2, 2, 2]);
  });

  it('image 19 without annotations: empty targets with every key (torchvision gives { image_id } alone)', async () => {
    const { image, target } = await coco.get(1);
    expect([image.height, image.width]).toEqual([48, 64]);
    expect(target.imageId).toBe(19);
    expect(target.boxes.data.length).toBe(0);
    expect(target.labels).toEqual([]);
    expect(target.masks!.count).toBe(0);
    expect(target.keypoints!.data.length).toBe(0);
  });

  it('masks: false and keypoints: false leave those keys out', async () => {
    const lean = new CocoDetection(IMAGES, ANN, { masks: false, keypoints: false });
    const { target } = await lean.get(2);
    expect(Object.keys(target).sort()).toEqual(['area', 'boxes', 'imageId', 'iscrowd', 'labels']);
  });

  it('applies transforms jointly to { image, target } with the rng', async () => {
    const draws: number[] = [];
    const transforms = {
      apply(input: CocoSample, rng?: Rng): CocoSample {
        draws.push(rng!.next());
        return { image: functional.hflip(input.image), target: { ...input.target, labels: input.target.labels.map((l) => l * 10) } };
      },
      toJSON: (): TransformSpec => ({ type: 'TestJoint' }),
    };
    const t = new CocoDetection(IMAGES, ANN, { transforms });
    const s = await t.get(2, createRng(4));
    const plain = await coco.get(2);
    expect(s.image).toEqual(functional.hflip(plain.image));
    expect(s.target.labels).toEqual([30, 50]);
    expect(draws).toEqual([createRng(4).next()]);
    expect(() => new CocoDetection(IMAGES, ANN, { transforms: (() => 1) as unknown as typeof transforms })).toThrow(TypeError);
  });

  it('a v2 transform class (RandomHorizontalFlip) moves the boxes, masks and key points with the image', async () => {
    const flipped = new CocoDetection(IMAGES, ANN, { transforms: new RandomHorizontalFlip(1) });
    const s = await flipped.get(2, createRng(0));
    const plain = await coco.get(2);
    expect(s.image).toEqual(functional.hflip(plain.image));
    expect([...s.target.boxes.data]).toEqual([60, 6, 92, 38, 14, 40, 46, 72]);
    expect(plane(s, 0)).toEqual(rect(80, 96, [60, 6, 92, 38]));
    expect([...s.target.keypoints!.data]).toEqual([86, 12, 65.5, 20.25, 96, 0, 36, 50, 26, 60, 16, 70]);
    expect(s.target.labels).toEqual([3, 5]);
    expect(s.target.keypointsVisibility).toEqual([2, 1, 0, 2, 2, 2]);
    const empty = await flipped.get(1, createRng(0)); // no annotations
    expect(empty.target.masks!.count).toBe(0);
  });

  it('SanitizeBoundingBoxes drops a degenerate box with its label and mask plane', async () => {
    const base = JSON.parse(readFileSync(ANN, 'utf8')) as { annotations: Record<string, unknown>[] };
    const degenerate = { ...base.annotations[0], id: 999, bbox: [20, 30, 0, 5], category_id: 9 };
    const file = join(tempDir('aug-coco-sanitize-'), 'instances.json');
    writeFileSync(file, JSON.stringify({ ...base, annotations: [...base.annotations, degenerate] }));
    const raw = await new CocoDetection(IMAGES, file).get(2);
    expect(raw.target.labels).toEqual([3, 5, 9]);
    const clean = await new CocoDetection(IMAGES, file, {
      transforms: new Compose([new RandomHorizontalFlip(1), new SanitizeBoundingBoxes()]),
      keypoints: false,
    }).get(2, createRng(0));
    expect(clean.target.labels).toEqual([3, 5]);
    expect([...clean.target.boxes.data]).toEqual([60, 6, 92, 38, 14, 40, 46, 72]);
    expect(clean.target.masks!.count).toBe(2);
    expect(plane(clean, 1)).toEqual(rect(80, 96, [30, 40, 46, 72], [14, 56, 30, 72]));
  });

  it('index out of range is a RangeError', async () => {
    await expect(coco.get(3)).rejects.toThrow(RangeError);
  });
});

describe('CocoDetection: bad input', () => {
  const base = JSON.parse(readFileSync(ANN, 'utf8')) as {
    images: { id: number; file_name: string; width: number; height: number }[];
    annotations: Record<string, unknown>[];
    categories: unknown[];
  };

  function withFile(text: string): string {
    const file = join(tempDir('aug-coco-bad-'), 'instances.json');
    writeFileSync(file, text);
    return file;
  }

  function caught(f: () => unknown): unknown {
    try {
      f();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  function expectAnnotationError(error: unknown, file: string, ...parts: (string | RegExp)[]): void {
    expect(AnnotationError.isInstance(error), String(error)).toBe(true);
    expect(DataError.isInstance(error)).toBe(true);
    const e = error as AnnotationError;
    expect(e.code).toBe('ANNOTATION_INVALID');
    expect(e.file).toBe(file);
    expect(e.message).toContain(file);
    for (const p of parts) expect(e.message).toMatch(p);
  }

  it('a missing or non-JSON annotation file, or one without its arrays', () => {
    const missing = join(tempDir('aug-coco-missing-'), 'none.json');
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, missing)), missing, /does not exist/);
    const notJson = withFile('{"images": [');
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, notJson)), notJson, /is not JSON/);
    for (const key of ['images', 'annotations', 'categories']) {
      const file = withFile(JSON.stringify({ ...base, [key]: undefined }));
      expectAnnotationError(caught(() => new CocoDetection(IMAGES, file)), file, `has no "${key}" array`);
    }
    const list = withFile('[]');
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, list)), list, /JSON object/);
  });

  it('an annotation with an unknown image_id or category_id names the annotation and the value', () => {
    const unknownImage = withFile(JSON.stringify({ ...base, annotations: [{ ...base.annotations[0], image_id: 1234 }] }));
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, unknownImage)), unknownImage, /annotation 101 .*image_id 1234/);
    const unknownCategory = withFile(JSON.stringify({ ...base, annotations: [...base.annotations, { ...base.annotations[0], id: 555, category_id: 77 }] }));
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, unknownCategory)), unknownCategory, /annotation 555 .*category_id 77.*ids: 3, 5, 9/);
    const badBox = withFile(JSON.stringify({ ...base, annotations: [{ ...base.annotations[0], bbox: [1, 2, 3] }] }));
    expectAnnotationError(caught(() => new CocoDetection(IMAGES, badBox)), badBox, /bbox.*\[1,2,3\]/);
  });

  it('an image whose size differs from the file, a missing image file, a bad segmentation: AnnotationError at get', async () => {
    const images = base.images.map((im) => (im.id === 7 ? { ...im, width: 81 } : im));
    const wrongSize = withFile(JSON.stringify({ ...base, images }));
    const e1 = await new CocoDetection(IMAGES, wrongSize).get(0).catch((e: unknown) => e);
    expectAnnotationError(e1, wrongSize, /image 7 .*80x64 .*width 81, height 64/);
    const dir = tempDir('aug-coco-images-');
    cpSync(IMAGES, dir, { recursive: true });
    rmSync(join(dir, 'val', 'canvas-a.png'));
    const e2 = await new CocoDetection(dir, ANN).get(2).catch((e: unknown) => e);
    expectAnnotationError(e2, ANN, /image 42 .*"val\/canvas-a\.png".* is missing/);
    const anns = base.annotations.map((a) => (a.id === 104 ? { ...a, segmentation: { size: [64, 81], counts: [5184] } } : a));
    const badSegm = withFile(JSON.stringify({ ...base, annotations: anns }));
    const e3 = await new CocoDetection(IMAGES, badSegm).get(0).catch((e: unknown) => e);
    expectAnnotationError(e3, badSegm, /annotation 104 of image 7 .*RLE size \[64,81\]/);
  });

  it('a missing images folder is a NotADatasetError naming it', () => {
    const missing = join(tempDir('aug-coco-dir-'), 'val2017');
    const e = caught(() => new CocoDetection(missing, ANN));
    expect(NotADatasetError.isInstance(e)).toBe(true);
    expect((e as NotADatasetError).path).toBe(missing);
    expect((e as Error).message).toContain(missing);
  });
});

describe('CocoDetection in worker threads: the spec', () => {
  it('parses an annotation file once per thread (cached by path, modification time and size)', () => {
    const file = join(tempDir('aug-coco-cache-'), 'instances.json');
    cpSync(ANN, file);
    const first = loadCocoAnnotations(file);
    expect(loadCocoAnnotations(file)).toBe(first);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('"id": 19,', '"id": 200,'));
    const changed = loadCocoAnnotations(file);
    expect(changed).not.toBe(first);
    expect(changed.ids).toEqual([7, 42, 200]); // (a size change too, so coarse timestamps cannot hide it)
  });

  it('ships the paths; the rebuilt dataset gives the same samples', async () => {
    const coco = new CocoDetection(IMAGES, ANN, { keypoints: false });
    const spec = JSON.parse(JSON.stringify(coco.toWorkerSpec())) as ReturnType<CocoDetection['toWorkerSpec']>;
    expect(spec).toEqual({ type: 'CocoDetection', options: { imagesDir: IMAGES, annFile: ANN, masks: true, keypoints: false, transforms: null } });
    const copy = datasetFromSpec(spec) as CocoDetection;
    expect(copy).toBeInstanceOf(CocoDetection);
    expect(copy.ids).toEqual(coco.ids);
    expect(await copy.get(0)).toEqual(await coco.get(0));
    expect(() => CocoDetection.fromWorkerSpec({ imagesDir: IMAGES })).toThrow(TypeError);
  });
});
