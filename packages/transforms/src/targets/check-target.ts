import { describeValue } from '@aug/internal';
import type { BoundingBoxes } from './bounding-boxes.js';
import { checkBoundingBoxFormat } from './bounding-boxes.js';
import { checkCanvasSize } from './canvas-size.js';
import type { KeyPoints } from './key-points.js';
import type { Mask } from './mask.js';
import type { Target } from './target.js';

/**
 * Checks, in O(1), that an object with a `kind` is a well-formed {@link Target} before a kernel transforms
 * it (the constructors already check; this catches hand-made objects): the typed array, its length, the
 * format and the canvas size. Throws a `TypeError`/`RangeError` naming `name`, the kernel and the value.
 *
 * @example
 * ```ts
 * const t = checkTarget(input, 'hflip'); // the same object, typed
 * ```
 */
export function checkTarget(input: unknown, kernel: string, name = 'input'): Target {
  const kind = (input as { kind?: unknown }).kind;
  const where = `${kernel}: ${name}`;
  if (kind === 'boundingBoxes') {
    const b = input as BoundingBoxes;
    if (!(b.data instanceof Float32Array) || b.data.length % 4 !== 0) {
      throw new TypeError(`${where} is bounding boxes whose data must be a Float32Array of N*4 values (use boundingBoxes(...)), got ${describeValue(b.data)}`);
    }
    checkBoundingBoxFormat(b.format, `${name}.format`);
    checkCanvasSize(b.canvasSize, `${name}.canvasSize`);
    return b;
  }
  if (kind === 'keyPoints') {
    const k = input as KeyPoints;
    if (!(k.data instanceof Float32Array) || k.data.length % 2 !== 0) {
      throw new TypeError(`${where} is key points whose data must be a Float32Array of N*2 values (use keyPoints(...)), got ${describeValue(k.data)}`);
    }
    checkCanvasSize(k.canvasSize, `${name}.canvasSize`);
    return k;
  }
  if (kind === 'mask') {
    const m = input as Mask;
    const ok = [m.height, m.width].every((v) => Number.isSafeInteger(v) && v > 0) && Number.isSafeInteger(m.count) && m.count >= 0;
    if (!ok || !(m.data instanceof Uint8Array) || m.data.length !== m.count * m.height * m.width) {
      throw new TypeError(`${where} is a mask that is not well formed (a Uint8Array of count*height*width values; use mask(...)): count ${describeValue(m.count)}, height ${describeValue(m.height)}, width ${describeValue(m.width)}`);
    }
    return m;
  }
  throw new TypeError(`${where} must be an Image, BoundingBoxes, Mask or KeyPoints, got an object of unknown kind ${describeValue(kind)}`);
}

/** The kinds a geometric kernel takes: an {@link Image}-like object has no `kind`. @example `hasKind(img) // false` */
export function hasKind(input: unknown): boolean {
  return input !== null && typeof input === 'object' && (input as { kind?: unknown }).kind !== undefined;
}
