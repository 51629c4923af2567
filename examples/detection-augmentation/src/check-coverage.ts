// The invariant the example checks: after augmentation every box still covers its object's mask, and
// boxes, labels and mask planes stay one per object.
import type { BoundingBoxes, Mask } from '@aug/transforms';

/** One broken promise found by {@link checkCoverage}. */
export interface Violation {
  object: number;
  message: string;
}

/** What {@link checkCoverage} counted for one sample. */
export interface CoverageResult {
  /** Boxes checked. */
  boxes: number;
  /** Of those, boxes whose mask plane is empty after the crop (covered trivially). */
  emptyMasks: number;
  violations: Violation[];
}

/**
 * Checks that box `k` (in `'xyxy'`) contains every set pixel of mask plane `k` (pixel `(x, y)` covers
 * `[x, x + 1] x [y, y + 1]`, so `x0 <= x` and `x + 1 <= x1`, within `eps`), that the box is inside its
 * canvas and not degenerate, and that there are as many boxes as labels and mask planes.
 *
 * @example
 * ```ts
 * const { violations } = checkCoverage(target.boxes, target.masks!, target.labels);
 * ```
 */
export function checkCoverage(boxes: BoundingBoxes, masks: Mask, labels: readonly number[], eps = 1e-3): CoverageResult {
  const n = boxes.data.length / 4;
  const violations: Violation[] = [];
  if (boxes.format !== 'xyxy') violations.push({ object: -1, message: `boxes are in '${boxes.format}', expected 'xyxy'` });
  if (masks.count !== n || labels.length !== n) {
    violations.push({ object: -1, message: `${n} boxes, ${labels.length} labels and ${masks.count} mask planes: expected one of each per object` });
  }
  const [H, W] = boxes.canvasSize;
  if (masks.height !== H || masks.width !== W) violations.push({ object: -1, message: `mask is ${masks.height}x${masks.width} but the boxes' canvas is ${H}x${W}` });
  let emptyMasks = 0;
  for (let k = 0; k < Math.min(n, masks.count); k++) {
    const [x0, y0, x1, y1] = [boxes.data[k * 4]!, boxes.data[k * 4 + 1]!, boxes.data[k * 4 + 2]!, boxes.data[k * 4 + 3]!];
    if (!(x1 > x0 && y1 > y0)) violations.push({ object: k, message: `box [${x0}, ${y0}, ${x1}, ${y1}] is degenerate` });
    if (x0 < -eps || y0 < -eps || x1 > W + eps || y1 > H + eps) violations.push({ object: k, message: `box [${x0}, ${y0}, ${x1}, ${y1}] leaves the ${W}x${H} canvas` });
    let mx0 = Infinity;
    let my0 = Infinity;
    let mx1 = -Infinity;
    let my1 = -Infinity;
    const plane = masks.data.subarray(k * H * W, (k + 1) * H * W);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        if (plane[y * W + x] !== 0) {
          if (x < mx0) mx0 = x;
          if (x + 1 > mx1) mx1 = x + 1;
          if (y < my0) my0 = y;
          my1 = y + 1;
        }
      }
    }
    if (mx1 < 0) {
      emptyMasks++;
      continue;
    }
    if (mx0 < x0 - eps || my0 < y0 - eps || mx1 > x1 + eps || my1 > y1 + eps) {
      violations.push({ object: k, message: `box [${x0}, ${y0}, ${x1}, ${y1}] does not cover its mask's pixels [${mx0}, ${my0}, ${mx1}, ${my1}]` });
    }
  }
  return { boxes: n, emptyMasks, violations };
}
