import { describeValue, fsReadAdvice } from '@aug/internal';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AnnotationError } from './errors.js';

/** One `images` entry of a COCO file. */
export interface CocoImageInfo {
  id: number;
  fileName: string;
  width: number;
  height: number;
}

/** One `annotations` entry of a COCO file, checked. */
export interface CocoAnnotation {
  id: number | undefined;
  imageId: number;
  categoryId: number;
  /** `[x, y, width, height]`. */
  bbox: [number, number, number, number];
  segmentation: unknown;
  iscrowd: number;
  area: number;
  /** COCO's `[x, y, v]` triplets, or undefined. */
  keypoints: number[] | undefined;
}

/** A parsed and checked COCO annotation file, indexed as pycocotools' `COCO.createIndex`. */
export interface CocoIndex {
  file: string;
  /** Image ids sorted ascending (`list(sorted(coco.imgs.keys()))`). */
  ids: number[];
  images: Map<number, CocoImageInfo>;
  /** The annotations of each image, in file order (`coco.imgToAnns`). */
  annotationsByImage: Map<number, CocoAnnotation[]>;
  categoryIds: Set<number>;
  hasSegmentation: boolean;
  hasKeypoints: boolean;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Parses and checks a COCO annotation file's JSON text (`file` names it in errors). Every problem is an
 * {@link AnnotationError} naming the file, the entry and the values.
 *
 * @example
 * ```ts
 * const index = parseCocoAnnotations(readFileSync('instances_val2017.json', 'utf8'), 'instances_val2017.json');
 * ```
 */
export function parseCocoAnnotations(text: string, file: string): CocoIndex {
  const fail = (message: string, cause?: unknown): never => {
    throw new AnnotationError(file, `CocoDetection: ${file}: ${message}`, cause === undefined ? undefined : { cause });
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    fail(`is not JSON (${(cause as Error).message})`, cause);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    fail(`must hold a JSON object with "images", "annotations" and "categories" arrays, got ${show(data)}`);
  }
  const d = data as { images?: unknown; annotations?: unknown; categories?: unknown };
  for (const key of ['images', 'annotations', 'categories'] as const) {
    if (!Array.isArray(d[key])) fail(`has no "${key}" array (got ${show(d[key])}); a COCO file needs "images", "annotations" and "categories"`);
  }
  const categoryIds = new Set<number>();
  (d.categories as unknown[]).forEach((c, i) => {
    const id = (c as { id?: unknown } | null)?.id;
    if (!isFiniteNumber(id)) fail(`categories[${i}] has no numeric "id": ${show(c)}`);
    categoryIds.add(id as number);
  });
  const images = new Map<number, CocoImageInfo>();
  (d.images as unknown[]).forEach((img, i) => {
    const o = (img ?? {}) as { id?: unknown; file_name?: unknown; width?: unknown; height?: unknown };
    if (!isFiniteNumber(o.id)) fail(`images[${i}] has no numeric "id": ${show(img)}`);
    const id = o.id as number;
    if (images.has(id)) fail(`images[${i}] repeats the image id ${id}`);
    if (typeof o.file_name !== 'string' || o.file_name.length === 0) fail(`image ${id} has no "file_name" string: ${show(img)}`);
    if (!Number.isInteger(o.width) || !Number.isInteger(o.height) || (o.width as number) < 1 || (o.height as number) < 1) {
      fail(`image ${id} ("${String(o.file_name)}") must have positive integer "width" and "height", got width ${show(o.width)}, height ${show(o.height)}`);
    }
    images.set(id, { id, fileName: o.file_name as string, width: o.width as number, height: o.height as number });
  });
  const annotationsByImage = new Map<number, CocoAnnotation[]>();
  let hasSegmentation = false;
  let hasKeypoints = false;
  (d.annotations as unknown[]).forEach((ann, i) => {
    const a = (ann ?? {}) as {
      id?: unknown; image_id?: unknown; category_id?: unknown; bbox?: unknown; segmentation?: unknown;
      iscrowd?: unknown; area?: unknown; keypoints?: unknown;
    };
    const name = isFiniteNumber(a.id) ? `annotation ${a.id} (annotations[${i}])` : `annotations[${i}]`;
    if (!isFiniteNumber(a.image_id) || !images.has(a.image_id)) {
      fail(`${name} has image_id ${show(a.image_id)}, which is not the id of any entry of "images"`);
    }
    if (!isFiniteNumber(a.category_id) || !categoryIds.has(a.category_id)) {
      fail(`${name} has category_id ${show(a.category_id)}, which is not the id of any entry of "categories" (ids: ${[...categoryIds].join(', ')})`);
    }
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4 || !a.bbox.every(isFiniteNumber)) {
      fail(`${name} must have "bbox": [x, y, width, height] (4 finite numbers), got ${show(a.bbox)}`);
    }
    const bbox = a.bbox as [number, number, number, number];
    if (a.iscrowd !== undefined && a.iscrowd !== 0 && a.iscrowd !== 1 && a.iscrowd !== true && a.iscrowd !== false) {
      fail(`${name} has iscrowd ${show(a.iscrowd)}; COCO's iscrowd is 0 or 1`);
    }
    if (a.area !== undefined && !isFiniteNumber(a.area)) fail(`${name} has area ${show(a.area)}, not a number`);
    let keypoints: number[] | undefined;
    if (a.keypoints !== undefined) {
      if (!Array.isArray(a.keypoints) || a.keypoints.length % 3 !== 0 || !a.keypoints.every(isFiniteNumber)) {
        fail(`${name} must have "keypoints" as [x, y, v] triplets of numbers, got ${show(a.keypoints)}`);
      }
      keypoints = a.keypoints as number[];
      hasKeypoints = true;
    }
    if (a.segmentation !== undefined) hasSegmentation = true;
    const imageId = a.image_id as number;
    let list = annotationsByImage.get(imageId);
    if (!list) annotationsByImage.set(imageId, (list = []));
    list.push({
      id: isFiniteNumber(a.id) ? a.id : undefined,
      imageId,
      categoryId: a.category_id as number,
      bbox,
      segmentation: a.segmentation,
      iscrowd: a.iscrowd === 1 || a.iscrowd === true ? 1 : 0,
      area: isFiniteNumber(a.area) ? a.area : bbox[2] * bbox[3],
      keypoints,
    });
  });
  const ids = [...images.keys()].sort((p, q) => p - q);
  return { file, ids, images, annotationsByImage, categoryIds, hasSegmentation, hasKeypoints };
}

const cache = new Map<string, { mtimeMs: number; size: number; index: CocoIndex }>();

/**
 * Reads, parses and checks a COCO annotation file, once per (resolved path, modification time, size): a
 * worker thread rebuilding {@link CocoDetection} for every spec parses the file once. A missing or
 * unreadable file is an {@link AnnotationError}.
 *
 * @example
 * ```ts
 * const index = loadCocoAnnotations('annotations/instances_val2017.json');
 * ```
 */
export function loadCocoAnnotations(file: string): CocoIndex {
  const key = resolve(file);
  let st;
  let text: string;
  try {
    st = statSync(key);
    const hit = cache.get(key);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.index;
    text = readFileSync(key, 'utf8');
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const what = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a JSON file' : `cannot be read: ${fsReadAdvice(cause)}`;
    throw new AnnotationError(file, `CocoDetection: the annotation file ${describeValue(file)} ${what}`, { cause });
  }
  const index = parseCocoAnnotations(text, file);
  cache.set(key, { mtimeMs: st.mtimeMs, size: st.size, index });
  return index;
}
