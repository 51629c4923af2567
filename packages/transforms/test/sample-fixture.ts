// A detection sample drawn in code: a textured picture with five objects (rectangles and polygons), their
// per-instance masks, their tight boxes, labels and a string id. Shared by the sample-* and
// detection-transforms* tests.
import type { Image } from '../src/image.js';
import type { BoundingBoxes, Mask } from '../src/targets/index.js';
import { boundingBoxes, convertBoundingBoxFormat, keyPoints, mask } from '../src/targets/index.js';

type Shape = { kind: 'rect'; x0: number; y0: number; x1: number; y1: number } | { kind: 'poly'; pts: [number, number][] };

export const SHAPES: readonly Shape[] = [
  { kind: 'rect', x0: 5, y0: 8, x1: 25, y1: 28 },
  { kind: 'poly', pts: [[40, 10], [70, 20], [50, 40]] },
  { kind: 'rect', x0: 30, y0: 45, x1: 60, y1: 60 },
  { kind: 'poly', pts: [[15, 42], [23, 50], [15, 58], [7, 50]] },
  { kind: 'rect', x0: 72, y0: 0, x1: 80, y1: 16 },
];

function inPoly(x: number, y: number, pts: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i]!;
    const [xj, yj] = pts[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The tight box `[x1, y1, x2, y2]` (pixel edges) of instance `k` of a mask, or null when it is empty. */
export function tightBox(m: Mask, k: number): [number, number, number, number] | null {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  const plane = m.height * m.width;
  for (let y = 0; y < m.height; y++) {
    for (let x = 0; x < m.width; x++) {
      if (m.data[k * plane + y * m.width + x] === 0) continue;
      if (x < x1) x1 = x;
      if (y < y1) y1 = y;
      if (x + 1 > x2) x2 = x + 1;
      if (y + 1 > y2) y2 = y + 1;
    }
  }
  return x1 === Infinity ? null : [x1, y1, x2, y2];
}

export interface DetectionSample {
  image: Image;
  target: { boxes: BoundingBoxes; centres: BoundingBoxes; masks: Mask; labels: number[]; corners: ReturnType<typeof keyPoints> };
  id: string;
}

/** The sample on an `h` x `w` canvas (default 64 x 80): the shapes are drawn at their coordinates (clipped). */
export function detectionSample(h = 64, w = 80, channels: 1 | 3 = 3): DetectionSample {
  const data = new Uint8Array(h * w * channels);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < channels; c++) data[(y * w + x) * channels + c] = (x * 3 + y * 2 + c * 70 + ((x * y) % 7) * 5) % 256;
    }
  }
  const planes = new Uint8Array(SHAPES.length * h * w);
  SHAPES.forEach((s, k) => {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const on = s.kind === 'rect' ? x >= s.x0 && x < s.x1 && y >= s.y0 && y < s.y1 : inPoly(x + 0.5, y + 0.5, s.pts);
        if (!on) continue;
        planes[k * h * w + y * w + x] = 1;
        for (let c = 0; c < channels; c++) data[(y * w + x) * channels + c] = (40 + k * 50 + c * 30 + ((x + y) % 3) * 10) % 256;
      }
    }
  });
  const masks = mask(planes, h, w, SHAPES.length);
  const tight = SHAPES.map((_, k) => tightBox(masks, k)!);
  const boxes = boundingBoxes(tight.flat(), { format: 'xyxy', canvasSize: [h, w] });
  const corners = keyPoints(tight.flatMap(([x1, y1]) => [x1, y1]), { canvasSize: [h, w] });
  return {
    image: { data, height: h, width: w, channels },
    target: { boxes, centres: convertBoundingBoxFormat(boxes, 'cxcywh'), masks, labels: SHAPES.map((_, k) => k + 1), corners },
    id: 'img-0007',
  };
}
