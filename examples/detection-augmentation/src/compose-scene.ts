// One synthetic detection picture: real CIFAR-10 pictures pasted onto a larger canvas, with their exact
// boxes and polygon outlines (the pasted rectangle, or an ellipse cut out of it).
import type { Image, Rng } from '@aug/transforms';
import { resize } from '@aug/transforms/functional';
import type { Picture } from './cifar-source.js';

/** One pasted object: its box (COCO `[x, y, w, h]`), outline polygon and class. */
export interface SceneObject {
  /** CIFAR-10 label 0..9. */
  label: number;
  bbox: [number, number, number, number];
  /** `[x1, y1, x2, y2, ...]`, COCO's polygon segmentation (continuous pixel-edge coordinates). */
  polygon: number[];
  shape: 'rect' | 'ellipse';
}

/** A composed picture and its objects. */
export interface Scene {
  image: Image;
  objects: SceneObject[];
}

/** Options of {@link composeScene}. */
export interface SceneOptions {
  /** Canvas side in pixels (default 160). */
  size?: number;
  /** Most objects per picture (default 4); at least 1. */
  maxObjects?: number;
  /** Share of ellipse cut-outs (default 0.4). */
  ellipseShare?: number;
}

const ELLIPSE_VERTICES = 32;

/** The ellipse inscribed in the box, as a polygon whose extreme vertices lie on the box edges. */
export function ellipsePolygon(x: number, y: number, w: number, h: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < ELLIPSE_VERTICES; k++) {
    const t = (2 * Math.PI * k) / ELLIPSE_VERTICES;
    out.push(Math.round((x + w / 2 + (w / 2) * Math.cos(t)) * 100) / 100, Math.round((y + h / 2 + (h / 2) * Math.sin(t)) * 100) / 100);
  }
  return out;
}

/** Even-odd point-in-polygon test. */
export function insidePolygon(px: number, py: number, poly: readonly number[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
    const [xi, yi, xj, yj] = [poly[i]!, poly[i + 1]!, poly[j]!, poly[j + 1]!];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** A seeded smooth background: two gradients and low-amplitude noise, so pasted objects stand out. */
function background(size: number, rng: Rng): Uint8Array {
  const data = new Uint8Array(size * size * 3);
  const base = [60 + rng.next() * 120, 60 + rng.next() * 120, 60 + rng.next() * 120];
  const gx = [rng.next() - 0.5, rng.next() - 0.5, rng.next() - 0.5];
  const gy = [rng.next() - 0.5, rng.next() - 0.5, rng.next() - 0.5];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        const v = base[c]! + gx[c]! * (x - size / 2) * 0.8 + gy[c]! * (y - size / 2) * 0.8 + (rng.next() - 0.5) * 16;
        data[(y * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return data;
}

const overlaps = (a: readonly number[], b: readonly number[], gap: number): boolean =>
  a[0]! < b[0]! + b[2]! + gap && b[0]! < a[0]! + a[2]! + gap && a[1]! < b[1]! + b[3]! + gap && b[1]! < a[1]! + a[3]! + gap;

/**
 * Pastes 1..`maxObjects` of `pictures` (chosen by `rng`, scaled to 32, 48 or 64 px with bilinear resizing)
 * at random, non-overlapping places (2 px apart) of a `size` x `size` canvas. A rectangle object's polygon is
 * its box; an ellipse object keeps only the pixels whose centre is inside its 32-gon and its polygon is
 * that 32-gon, whose bounding box is the pasted box, so boxes are exact either way.
 *
 * @example
 * ```ts
 * const { image, objects } = composeScene(pictures, createRng(3), { size: 160 });
 * ```
 */
export function composeScene(pictures: readonly Picture[], rng: Rng, options: SceneOptions = {}): Scene {
  const size = options.size ?? 160;
  const maxObjects = options.maxObjects ?? 4;
  const ellipseShare = options.ellipseShare ?? 0.4;
  if (pictures.length === 0) throw new RangeError('pictures is empty; pass at least one CIFAR-10 picture');
  const data = background(size, rng);
  const want = 1 + Math.floor(rng.next() * maxObjects);
  const objects: SceneObject[] = [];
  for (let k = 0; k < want; k++) {
    const pic = pictures[Math.floor(rng.next() * pictures.length)]!;
    const side = [32, 48, 64][Math.floor(rng.next() * 3)]!;
    if (side > size) continue;
    let placed: [number, number, number, number] | undefined;
    for (let t = 0; t < 50 && !placed; t++) {
      const cand: [number, number, number, number] = [Math.floor(rng.next() * (size - side + 1)), Math.floor(rng.next() * (size - side + 1)), side, side];
      if (!objects.some((o) => overlaps(o.bbox, cand, 2))) placed = cand;
    }
    if (!placed) continue;
    const shape = rng.next() < ellipseShare ? 'ellipse' : 'rect';
    const [x0, y0, w, h] = placed;
    const scaled = side === 32 ? pic.image : resize(pic.image, [side, side], { interpolation: 'bilinear' });
    const polygon = shape === 'rect' ? [x0, y0, x0 + w, y0, x0 + w, y0 + h, x0, y0 + h] : ellipsePolygon(x0, y0, w, h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (shape === 'ellipse' && !insidePolygon(x0 + x + 0.5, y0 + y + 0.5, polygon)) continue;
        for (let c = 0; c < 3; c++) data[((y0 + y) * size + x0 + x) * 3 + c] = scaled.data[(y * w + x) * 3 + c]!;
      }
    }
    objects.push({ label: pic.label, bbox: placed, polygon, shape });
  }
  return { image: { data, height: size, width: size, channels: 3 }, objects };
}
