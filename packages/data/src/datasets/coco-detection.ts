import { stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describeValue } from '@aug/internal';
import { boundingBoxes, keyPoints, mask, transformFromJSON } from '@aug/transforms';
import type { BoundingBoxes, Image, JsonValue, KeyPoints, Mask, Rng, TransformSpec } from '@aug/transforms';
import { decodeSegmentation } from '../coco/segmentation.js';
import { checkIndex } from '../dataset.js';
import { readImage } from '../io/read-image.js';
import type { WorkerDataset, WorkerDatasetSpec } from '../worker-dataset.js';
import { loadCocoAnnotations, type CocoAnnotation, type CocoImageInfo, type CocoIndex } from './coco-annotations.js';
import { AnnotationError, NotADatasetError } from './errors.js';
import { checkOptionKeys } from '../option-keys.js';

/**
 * The target of a {@link CocoDetection} sample: torchvision v2's `wrap_dataset_for_transforms_v2` COCO
 * target as a dict of per-annotation values (annotations in file order).
 */
export interface CocoTarget {
  /** The image's COCO id. */
  imageId: number;
  /** One box per annotation, converted from COCO's `[x, y, w, h]` to `'xyxy'`, `canvasSize` `[height, width]`. */
  boxes: BoundingBoxes;
  /** The `category_id` of each annotation. */
  labels: number[];
  /** `iscrowd` of each annotation (0 or 1). */
  iscrowd: number[];
  /** `area` of each annotation as in the file (the box area when the file has none). */
  area: number[];
  /** One 0/1 plane per annotation, decoded from its polygons or RLE as pycocotools (see `masks` option). */
  masks?: Mask;
  /**
   * Each annotation's K key points (`x, y` of COCO's `[x, y, v]` triplets), annotation after annotation: N*K
   * points (see `keypoints` option).
   */
  keypoints?: KeyPoints;
  /** COCO's visibility `v` (0 not labelled, 1 labelled but hidden, 2 visible) of each point of `keypoints`. */
  keypointsVisibility?: number[];
}

/** A {@link CocoDetection} sample. */
export interface CocoSample {
  image: Image;
  target: CocoTarget;
}

/** A joint transform of {@link CocoDetection}: applied as `transforms.apply({ image, target }, rng)`. */
export interface CocoTransforms {
  apply(input: CocoSample, rng?: Rng): CocoSample;
  toJSON(): TransformSpec;
}

/** Options of {@link CocoDetection}. */
export interface CocoDetectionOptions {
  /** A joint transform of image and target (torchvision's `transforms`), e.g. a `Compose` of v2 transforms. */
  transforms?: CocoTransforms | undefined;
  /** Decode `masks` (default: when any annotation of the file has a `segmentation`). */
  masks?: boolean | undefined;
  /** Return `keypoints` and `keypointsVisibility` (default: when any annotation of the file has `keypoints`). */
  keypoints?: boolean | undefined;
}

function fround(v: number): number {
  return Math.fround(v);
}

/**
 * COCO detection, as `torchvision.datasets.CocoDetection(root, annFile)` wrapped by torchvision v2's
 * `wrap_dataset_for_transforms_v2`: `get(i, rng)` gives `{ image, target }` with the image decoded as
 * `'rgb'` (PIL's `convert('RGB')`) and the target as a dict of per-annotation values: `imageId`, `boxes`
 * (`BoundingBoxes` in `'xyxy'`, `canvasSize` `[height, width]`, converted from COCO's xywh in float32 as
 * torchvision), `labels` (the `category_id`s), `iscrowd`, `area`, and by default `masks` (a `Mask` with one
 * plane per annotation, decoded from polygons and RLE exactly as pycocotools: `rleFrPoly` with its 5x
 * upsampling, polygons of one object merged, compressed and uncompressed RLE) and `keypoints` (see
 * {@link CocoTarget}).
 *
 * The images are `ids = sorted(image ids)`; image `ids[i]` is the file `images[id].file_name` under
 * `imagesDir`; its annotations are in file order. The annotation file is read and checked in the
 * constructor (a missing file, bad JSON, missing arrays, unknown image or category ids: an
 * {@link AnnotationError}); a missing `imagesDir` is a {@link NotADatasetError}. At `get`: a missing image
 * file, an image whose decoded size differs from the file's `width`/`height`, or a malformed segmentation is
 * an {@link AnnotationError} naming the annotation file, the id and the values.
 *
 * Differences from torchvision's wrapper: its default keys are `image_id`, `boxes`, `labels` only (more with
 * `target_keys`); here `iscrowd` and `area` are always there and `masks`/`keypoints` by default when the file
 * has them (options `masks: false`, `keypoints: false` skip them). An image without annotations gets empty
 * boxes, labels, masks (count 0) instead of torchvision's `{ image_id }` alone, so every target has the
 * same keys (and batches collate). torchvision's wrapper ignores key points; here they are a `KeyPoints` of
 * N*K points plus `keypointsVisibility`.
 *
 * With a {@link DataLoader} with `numWorkers > 0` each worker parses the annotation file once and reads,
 * decodes and transforms the images itself.
 *
 * @example
 * ```ts
 * const coco = new CocoDetection('coco/val2017', 'coco/annotations/instances_val2017.json');
 * const { image, target } = await coco.get(0, createRng(0));
 * console.log(target.imageId, target.labels, target.boxes.data);
 * ```
 */
export class CocoDetection implements WorkerDataset<CocoSample> {
  readonly imagesDir: string;
  readonly annFile: string;
  /** The image ids, sorted ascending: sample `i` is image `ids[i]`. */
  readonly ids: readonly number[];
  readonly transforms: CocoTransforms | undefined;
  readonly masks: boolean;
  readonly keypoints: boolean;
  readonly #index: CocoIndex;

  constructor(imagesDir: string, annFile: string, options?: CocoDetectionOptions) {
    if (typeof imagesDir !== 'string' || imagesDir.length === 0) {
      throw new TypeError(`CocoDetection: imagesDir must be a non-empty path string, got ${describeValue(imagesDir)}`);
    }
    if (typeof annFile !== 'string' || annFile.length === 0) {
      throw new TypeError(`CocoDetection: annFile must be a non-empty path string, got ${describeValue(annFile)}`);
    }
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`CocoDetection: options must be an object { transforms, masks, keypoints }, got ${describeValue(options)}`);
    }
    checkOptionKeys(options, 'CocoDetectionOptions', 'CocoDetection');
    const o = options ?? {};
    const t = o.transforms;
    if (t !== undefined && (t === null || typeof t.apply !== 'function' || typeof t.toJSON !== 'function')) {
      throw new TypeError(`CocoDetection: options.transforms must be a transform (apply and toJSON), got ${describeValue(t)}`);
    }
    for (const key of ['masks', 'keypoints'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'boolean') {
        throw new TypeError(`CocoDetection: options.${key} must be a boolean, got ${describeValue(o[key])}`);
      }
    }
    let isDir = false;
    try {
      isDir = statSync(imagesDir).isDirectory();
    } catch {
      throw new NotADatasetError(imagesDir, `CocoDetection: the images folder ${describeValue(imagesDir)} does not exist`);
    }
    if (!isDir) throw new NotADatasetError(imagesDir, `CocoDetection: imagesDir ${describeValue(imagesDir)} is a file, not the folder of the images`);
    this.imagesDir = imagesDir;
    this.annFile = annFile;
    this.#index = loadCocoAnnotations(annFile);
    this.ids = Object.freeze([...this.#index.ids]);
    this.transforms = t;
    this.masks = o.masks ?? this.#index.hasSegmentation;
    this.keypoints = o.keypoints ?? this.#index.hasKeypoints;
  }

  /** torchvision's name for the images folder (`imagesDir`). */
  get root(): string {
    return this.imagesDir;
  }

  /** The number of images (`len(dataset)`). */
  get length(): number {
    return this.ids.length;
  }

  /**
   * Reads and decodes image `ids[index]`, builds its target and applies `transforms` with `rng`.
   *
   * @example
   * ```ts
   * const { image, target } = await coco.get(0);
   * ```
   */
  async get(index: number, rng?: Rng): Promise<CocoSample> {
    checkIndex(index, this.ids.length, 'CocoDetection.get');
    const info = this.#index.images.get(this.ids[index]!)!;
    const path = join(this.imagesDir, info.fileName);
    try {
      await stat(path);
    } catch (cause) {
      throw new AnnotationError(
        this.annFile,
        `CocoDetection: ${this.annFile}: the file of image ${info.id} (file_name ${describeValue(info.fileName)}) is missing: ${path} ${(cause as { code?: string }).code === 'ENOENT' ? 'does not exist' : 'cannot be read'}`,
        { cause },
      );
    }
    const image = await readImage(path, { mode: 'rgb' });
    if (image.height !== info.height || image.width !== info.width) {
      throw new AnnotationError(
        this.annFile,
        `CocoDetection: ${this.annFile}: image ${info.id} (${path}) is ${image.width}x${image.height} (width x height) but the annotation file says width ${info.width}, height ${info.height}`,
      );
    }
    const target = this.#target(info, this.#index.annotationsByImage.get(info.id) ?? []);
    const sample = { image, target };
    return this.transforms ? this.transforms.apply(sample, rng) : sample;
  }

  #target(info: CocoImageInfo, anns: readonly CocoAnnotation[]): CocoTarget {
    const h = info.height;
    const w = info.width;
    const n = anns.length;
    const xyxy = new Float32Array(n * 4);
    anns.forEach((a, i) => {
      // torchvision converts a float32 tensor: x2 = x + w rounded to float32.
      const [x, y, bw, bh] = a.bbox.map(fround) as [number, number, number, number];
      xyxy.set([x, y, fround(x + bw), fround(y + bh)], i * 4);
    });
    const target: CocoTarget = {
      imageId: info.id,
      boxes: boundingBoxes(xyxy, { format: 'xyxy', canvasSize: [h, w] }),
      labels: anns.map((a) => a.categoryId),
      iscrowd: anns.map((a) => a.iscrowd),
      area: anns.map((a) => a.area),
    };
    if (this.masks) {
      const planes = new Uint8Array(n * h * w);
      anns.forEach((a, i) => {
        if (a.segmentation === undefined) return; // no segmentation: an empty plane
        try {
          decodeSegmentation(a.segmentation, h, w, planes, i * h * w);
        } catch (cause) {
          throw new AnnotationError(
            this.annFile,
            `CocoDetection: ${this.annFile}: annotation ${a.id ?? `#${i}`} of image ${info.id} has a segmentation pycocotools cannot decode: ${(cause as Error).message}`,
            { cause },
          );
        }
      });
      target.masks = mask(planes, h, w, n);
    }
    if (this.keypoints) {
      const k = Math.max(0, ...anns.map((a) => (a.keypoints ? a.keypoints.length / 3 : 0)));
      const points = new Float32Array(n * k * 2);
      const visibility = new Array<number>(n * k).fill(0);
      anns.forEach((a, i) => {
        const kp = a.keypoints;
        if (!kp || kp.length === 0) return; // no key points: K points at (0, 0), visibility 0
        if (kp.length !== k * 3) {
          throw new AnnotationError(
            this.annFile,
            `CocoDetection: ${this.annFile}: annotation ${a.id ?? `#${i}`} of image ${info.id} has ${kp.length / 3} key points but another annotation of the image has ${k}`,
          );
        }
        for (let j = 0; j < k; j++) {
          points[(i * k + j) * 2] = kp[j * 3]!;
          points[(i * k + j) * 2 + 1] = kp[j * 3 + 1]!;
          visibility[i * k + j] = kp[j * 3 + 2]!;
        }
      });
      target.keypoints = keyPoints(points, { canvasSize: [h, w] });
      target.keypointsVisibility = visibility;
    }
    return target;
  }

  /**
   * What a worker thread needs to rebuild this dataset: `{ type: 'CocoDetection', options: { imagesDir,
   * annFile, masks, keypoints, transforms } }` (`transforms` as its JSON or null). The worker parses the
   * annotation file itself, once.
   *
   * @example
   * ```ts
   * const copy = CocoDetection.fromWorkerSpec(coco.toWorkerSpec().options);
   * ```
   */
  toWorkerSpec(): WorkerDatasetSpec {
    return {
      type: 'CocoDetection',
      options: {
        imagesDir: this.imagesDir,
        annFile: this.annFile,
        masks: this.masks,
        keypoints: this.keypoints,
        transforms: this.transforms ? (this.transforms.toJSON() as unknown as JsonValue) : null,
      },
    };
  }

  /**
   * Rebuilds a CocoDetection from the `options` of {@link CocoDetection.toWorkerSpec} (in a worker thread);
   * the annotation file is parsed once per thread and cached. A `TypeError` for malformed options.
   *
   * @example
   * ```ts
   * const copy = CocoDetection.fromWorkerSpec(coco.toWorkerSpec().options);
   * ```
   */
  static fromWorkerSpec(options: JsonValue): CocoDetection {
    const o = options as { imagesDir?: unknown; annFile?: unknown; masks?: unknown; keypoints?: unknown; transforms?: unknown };
    if (o === null || typeof o !== 'object' || typeof o.imagesDir !== 'string' || typeof o.annFile !== 'string' ||
      typeof o.masks !== 'boolean' || typeof o.keypoints !== 'boolean') {
      throw new TypeError(`CocoDetection.fromWorkerSpec: options must be { imagesDir, annFile, masks, keypoints, transforms }, got ${describeValue(options)}`);
    }
    const transforms = o.transforms === null || o.transforms === undefined
      ? undefined
      : (transformFromJSON(o.transforms as TransformSpec) as unknown as CocoTransforms);
    return new CocoDetection(o.imagesDir, o.annFile, { transforms, masks: o.masks, keypoints: o.keypoints });
  }
}
