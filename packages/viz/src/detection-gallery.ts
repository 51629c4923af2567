import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image, Rng, Transform } from '@aug/transforms';
import { resize } from '@aug/transforms/functional';
import { defaultRng } from './default-rng.js';
import { drawBoundingBoxes } from './draw-bounding-boxes.js';
import { canvasImage, toCanvas, type Rgb } from './draw-canvas.js';
import { drawKeypoints } from './draw-keypoints.js';
import { drawSegmentationMasks } from './draw-segmentation-masks.js';
import { Figure, type CellBox } from './figure.js';
import { FONT_STACK } from './font.js';
import { imageToPng } from './png.js';
import { findTargets } from './sample-targets.js';
import { escapeXml, fitText, num } from './text.js';
import { checkOptions } from '@aug/internal';
import { DRAW_SAMPLE_KEYS, checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link detectionGallery}.
 *
 * @example
 * ```ts
 * detectionGallery(sample, pipeline, { rows: 2, cols: 4, rng: createRng(1), classes: ['', 'cat', 'dog'] });
 * ```
 */
export interface DetectionGalleryOptions {
  /** Rows of augmented draws (default 2). */
  rows?: number;
  /** Columns of augmented draws (default 4). */
  cols?: number;
  /** Where the transform draws its randomness; default `createRng(0)`. */
  rng?: Rng;
  /** Inches per augmented cell (default 1.5); the original is drawn `rows` cells tall. */
  scale?: number;
  /** PNG pixels per inch (default 100). */
  dpi?: number;
  /** Names of the label ids (`classes[label]`), written on the boxes; without it the ids are written. */
  classes?: readonly string[] | Readonly<Record<number, string>>;
  /** Write labels on the boxes (default true when the sample has `labels`). */
  showLabels?: boolean;
  /** Mask opacity (default 0.35). */
  maskAlpha?: number;
  /** Box outline width in figure pixels (default 2; `drawSample`: in image pixels, default 1). */
  boxWidth?: number;
}

/** matplotlib's tab10: distinct colours, picked by label id so a class keeps its colour across draws. */
const TAB10: readonly Rgb[] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

/**
 * Draws a sample's masks, boxes (with labels) and key points on its image, as a new uint8 RGB `Image`:
 * {@link drawSegmentationMasks}, then {@link drawBoundingBoxes}, then {@link drawKeypoints}. Colours follow
 * the label ids (matplotlib's tab10), or the instance order without labels.
 *
 * @example
 * ```ts
 * writeFileSync('sample.png', imageToPng(drawSample(await coco.get(0))));
 * ```
 */
export function drawSample(sample: object, options: Pick<DetectionGalleryOptions, 'classes' | 'showLabels' | 'maskAlpha' | 'boxWidth'> = {}, name = 'sample'): Image {
  checkOptions(options, DRAW_SAMPLE_KEYS, 'drawSample');
  const { image, boxes, masks, keypoints, labels } = findTargets(sample, name);
  const n = boxes ? boxes.data.length / 4 : masks?.count ?? 0;
  const ids = labels !== undefined && labels.length === n ? labels : Array.from({ length: n }, (_, i) => i);
  const colors = ids.map((id) => TAB10[((id % 10) + 10) % 10]!);
  let out: Image = image;
  if (masks && masks.count > 0) {
    const planeColors = masks.count === n ? colors : Array.from({ length: masks.count }, (_, i) => TAB10[i % 10]!);
    out = drawSegmentationMasks(out, masks, { alpha: options.maskAlpha ?? 0.35, colors: planeColors });
  }
  if (boxes && n > 0) {
    const names = options.classes;
    const show = (options.showLabels ?? true) && labels !== undefined && labels.length === n;
    const text = show ? ids.map((id) => (names ? (names as Record<number, string>)[id] ?? String(id) : String(id))) : undefined;
    out = drawBoundingBoxes(out, boxes, { colors, width: options.boxWidth ?? 1, ...(text ? { labels: text } : {}) });
  }
  if (keypoints && keypoints.data.length > 0) out = drawKeypoints(out, keypoints, { colors: 'white', radius: 1 });
  return out === image ? canvasImage(toCanvas(image, `${name} image`)) : out;
}

/** The display size of an `h` x `w` picture in a `box` x `box` square: whole multiples when it is smaller. */
function fitSize(h: number, w: number, box: number): [number, number] {
  const side = Math.max(h, w);
  const k = box / side >= 1 ? Math.floor(box / side) : box / side;
  return [Math.max(1, Math.round(h * k)), Math.max(1, Math.round(w * k))];
}

/**
 * The sample scaled to fit a `box` x `box` cell before drawing, so outlines and labels keep their pixel size:
 * the image with nearest neighbours when enlarged (crisp pixels) or antialiased bilinear when shrunk, and
 * the boxes, masks and key points with the same `resize` kernel (targets move exactly with the picture).
 */
function fitSample(sample: object, box: number, name: string): object {
  const t = findTargets(sample, name);
  const [h, w] = fitSize(t.image.height, t.image.width, box);
  if (h === t.image.height && w === t.image.width) return sample;
  const enlarge = h > t.image.height;
  return {
    image: resize(t.image, [h, w], enlarge ? { interpolation: 'nearest' } : { interpolation: 'bilinear', antialias: true }),
    ...(t.boxes ? { boxes: resize(t.boxes, [h, w]) } : {}),
    ...(t.masks ? { masks: resize(t.masks, [h, w], { interpolation: 'nearest' }) } : {}),
    ...(t.keypoints ? { keypoints: resize(t.keypoints, [h, w]) } : {}),
    ...(t.labels ? { labels: t.labels } : {}),
  };
}

/**
 * d2l's `apply(img, aug)` for detection: the sample with its targets drawn (boxes, masks, labels, key
 * points), then `rows * cols` draws of `transform.apply(sample, rng)` with their transformed targets drawn,
 * so you can see that boxes and masks move with the picture. Returns a {@link Figure} (`save(path)` as PNG or
 * SVG); the original is on the left, `rows` cells tall, each draw in its own square cell over its size.
 * Each picture is scaled to its cell together with its targets (`resize` on the image, boxes, masks and key
 * points) before the targets are drawn, so outlines and labels keep their size whatever the draw's size.
 *
 * `sample`: any object with an `Image` leaf and `BoundingBoxes` / `Mask` / `KeyPoints` leaves (found by kind,
 * e.g. `{ image, target: { boxes, labels, masks } }` from `CocoDetection`); a `labels` leaf colours and names
 * the boxes. Outputs of different sizes (zoom-out, crops) are scaled to fit their cells.
 *
 * @example
 * ```ts
 * import { Compose, RandomIoUCrop, RandomHorizontalFlip, SanitizeBoundingBoxes, createRng } from '@aug/transforms';
 * const pipeline = new Compose([new RandomIoUCrop(), new RandomHorizontalFlip(), new SanitizeBoundingBoxes()]);
 * detectionGallery(await coco.get(0), pipeline, { rows: 2, cols: 4, rng: createRng(0) }).save('detection.png');
 * ```
 */
export function detectionGallery(sample: object, transform: Transform, options: DetectionGalleryOptions = {}): Figure {
  checkOptionKeys(options, 'DetectionGalleryOptions', 'detectionGallery');
  if (transform === null || typeof transform !== 'object' || typeof transform.apply !== 'function') {
    throw new TypeError(`transform must have apply(sample, rng) (an @aug/transforms transform), got ${describeValue(transform)}`);
  }
  if (sample === null || typeof sample !== 'object') throw new TypeError(`sample must be an object with an Image and targets, got ${describeValue(sample)}`);
  const rows = options.rows ?? 2;
  const cols = options.cols ?? 4;
  assertPositiveInteger(rows, 'rows');
  assertPositiveInteger(cols, 'cols');
  const scale = options.scale ?? 1.5;
  const dpi = options.dpi ?? 100;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`scale must be a positive number of inches, got ${scale}`);
  if (!(Number.isFinite(dpi) && dpi > 0)) throw new RangeError(`dpi must be a positive number, got ${dpi}`);
  const rng = options.rng ?? defaultRng();
  const drawOptions = {
    ...(options.classes !== undefined ? { classes: options.classes } : {}), ...(options.showLabels !== undefined ? { showLabels: options.showLabels } : {}),
    ...(options.maskAlpha !== undefined ? { maskAlpha: options.maskAlpha } : {}), boxWidth: options.boxWidth ?? 2,
  };
  const outputs = Array.from({ length: rows * cols }, () => transform.apply(sample, rng));

  const cell = Math.max(8, Math.round(scale * dpi));
  const pad = Math.max(2, Math.round(cell * 0.04));
  const fontPx = (9 * dpi) / 72;
  const titleH = Math.ceil(fontPx * 1.6);
  const cellH = cell + titleH;
  const leftW = rows * cellH - titleH;
  const W = leftW + pad * 2 + cols * cell;
  const H = rows * cellH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_STACK}" font-size="${num(fontPx)}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  const cells: CellBox[] = [];
  const place = (s: object, x0: number, y0: number, box: number, title: string, key: string): void => {
    const shown = drawSample(fitSample(s, box - 2 * pad, key), drawOptions, key);
    const x = x0 + Math.floor((box - shown.width) / 2);
    const y = y0 + Math.floor((box - shown.height) / 2);
    cells.push({ x, y, width: shown.width, height: shown.height });
    parts.push(`<image x="${x}" y="${y}" width="${shown.width}" height="${shown.height}" href="data:image/png;base64,${imageToPng(shown, key).toString('base64')}"/>`);
    parts.push(`<text x="${num(x0 + box / 2)}" y="${num(y0 + box + fontPx * 1.1)}" text-anchor="middle">${escapeXml(fitText(title, fontPx, box - 2))}</text>`);
  };
  const sizeOf = (s: object, name: string): string => {
    const { image } = findTargets(s, name);
    return `${image.width}x${image.height}`;
  };
  place(sample, 0, 0, leftW, `original ${sizeOf(sample, 'sample')}`, 'sample');
  outputs.forEach((out, i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    const key = `transform.apply(sample) (draw ${i})`;
    place(out, leftW + pad * 2 + c * cell, r * cellH, cell, sizeOf(out, key), key);
  });
  parts.push('</svg>');
  return new Figure(parts.join('\n'), W, H, cells);
}
