import type { JsonValue } from '../transform.js';
import { assertPositiveInteger, describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { crop } from '../kernels/crop.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import type { BoundingBoxes } from '../targets/bounding-boxes.js';
import { makeBoundingBoxes } from '../targets/bounding-boxes.js';
import { toXyxyInPlace } from '../targets/formats.js';
import type { TransformSpec } from '../transform.js';
import { cropGeometry } from '../sample/geometries.js';
import type { FlatSample } from '../sample/sample-tree.js';
import type { TargetGeometry } from '../sample/target-geometry.js';
import type { CropBox } from '../crop-box.js';
import { checkOptions } from '../validate.js';
import { RandomTransform } from './random-transform.js';

/** Options of {@link RandomIoUCrop}, torchvision v2's argument names. */
export interface RandomIoUCropOptions {
  /** Smallest crop side as a fraction of the image's. Default 0.3. */
  minScale?: number;
  /** Largest crop side as a fraction of the image's. Default 1. */
  maxScale?: number;
  /** Smallest crop aspect ratio (width / height). Default 0.5. */
  minAspectRatio?: number;
  /** Largest crop aspect ratio. Default 2. */
  maxAspectRatio?: number;
  /** The minimum IoUs to draw from; a value >= 1 means "leave the sample as it is". Default [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]. */
  samplerOptions?: number[];
  /** Tries per drawn minimum IoU. Default 40. */
  trials?: number;
}

/** RandomIoUCrop's draw: the crop, and which boxes have their centre inside it (the others are marked `[0, 0, 0, 0]`). */
export interface IoUCropParams extends CropBox {
  withinCrop: Uint8Array;
}

/** A guard against an endless loop when no option can ever succeed (no option >= 1 and no box fits). */
const MAX_ROUNDS = 10_000;

/**
 * SSD's IoU crop (torchvision v2 `RandomIoUCrop`): draws a minimum IoU from `samplerOptions` (>= 1 leaves the
 * sample unchanged), then up to `trials` crops of random size and place until one has a box whose centre lies
 * strictly inside it and whose IoU with the crop reaches the minimum; else draws another option. Boxes whose
 * centre is outside the kept crop become `[0, 0, 0, 0]` (follow with `SanitizeBoundingBoxes`). Needs an image
 * and bounding boxes in the sample.
 *
 * @example
 * ```ts
 * const out = new RandomIoUCrop().apply({ image, boxes, labels }, createRng(0));
 * ```
 */
export class RandomIoUCrop extends RandomTransform<IoUCropParams | null> {
  /**
   * Rebuilds a `RandomIoUCrop` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = RandomIoUCrop.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): RandomIoUCrop {
    type Args = ConstructorParameters<typeof RandomIoUCrop>;
    return new RandomIoUCrop(options as Args[0]);
  }

  protected readonly type = 'RandomIoUCrop';
  readonly minScale: number;
  readonly maxScale: number;
  readonly minAspectRatio: number;
  readonly maxAspectRatio: number;
  readonly samplerOptions: number[];
  readonly trials: number;

  constructor(options?: RandomIoUCropOptions) {
    super();
    const o = checkOptions(options, ['minScale', 'maxScale', 'minAspectRatio', 'maxAspectRatio', 'samplerOptions', 'trials'], 'RandomIoUCrop');
    const num = (v: unknown, name: string, fallback: number): number => {
      const x = v ?? fallback;
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) throw new RangeError(`${name} must be a non-negative finite number, got ${describeValue(x)}`);
      return x;
    };
    this.minScale = num(o.minScale, 'minScale', 0.3);
    this.maxScale = num(o.maxScale, 'maxScale', 1);
    if (this.minScale > this.maxScale) throw new RangeError(`minScale must be <= maxScale, got ${this.minScale} > ${this.maxScale}`);
    this.minAspectRatio = num(o.minAspectRatio, 'minAspectRatio', 0.5);
    this.maxAspectRatio = num(o.maxAspectRatio, 'maxAspectRatio', 2);
    const opts: unknown = o.samplerOptions ?? [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1];
    if (!Array.isArray(opts) || opts.length === 0 || !opts.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TypeError(`samplerOptions must be a non-empty array of minimum IoUs, got ${describeValue(opts)}`);
    }
    this.samplerOptions = [...(opts as number[])];
    this.trials = assertPositiveInteger(o.trials ?? 40, 'trials');
  }

  /**
   * v2's `_get_params` on boxes in `'xyxy'` (N x 4) for an image of `height` x `width`; `null` for "leave
   * as is". Draw order per round: the option index (`randint(0, options)`); per trial two scale draws
   * (width, height), and when the aspect ratio passes, two position draws (left, top).
   *
   * @example `const p = RandomIoUCrop.getParams(300, 300, xyxy, new RandomIoUCrop(), rng);`
   */
  static getParams(height: number, width: number, xyxy: Float32Array, o: RandomIoUCrop, rng: Rng): IoUCropParams | null {
    const n = xyxy.length >> 2;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const minIoU = o.samplerOptions[randint(rng, 0, o.samplerOptions.length)]!;
      if (minIoU >= 1) return null;
      for (let t = 0; t < o.trials; t++) {
        const newW = Math.trunc(width * (o.minScale + (o.maxScale - o.minScale) * rng.next()));
        const newH = Math.trunc(height * (o.minScale + (o.maxScale - o.minScale) * rng.next()));
        const aspect = newW / newH;
        if (!(o.minAspectRatio <= aspect && aspect <= o.maxAspectRatio)) continue;
        const left = Math.trunc((width - newW) * rng.next());
        const top = Math.trunc((height - newH) * rng.next());
        const right = left + newW;
        const bottom = top + newH;
        if (left === right || top === bottom) continue;
        const within = new Uint8Array(n);
        let any = false;
        let best = -Infinity;
        for (let i = 0; i < n; i++) {
          const [x1, y1, x2, y2] = [xyxy[i * 4]!, xyxy[i * 4 + 1]!, xyxy[i * 4 + 2]!, xyxy[i * 4 + 3]!];
          const cx = 0.5 * (x1 + x2);
          const cy = 0.5 * (y1 + y2);
          if (!(left < cx && cx < right && top < cy && cy < bottom)) continue;
          within[i] = 1;
          any = true;
          const iw = Math.max(Math.min(x2, right) - Math.max(x1, left), 0);
          const ih = Math.max(Math.min(y2, bottom) - Math.max(y1, top), 0);
          const inter = iw * ih;
          const iou = inter / ((x2 - x1) * (y2 - y1) + newW * newH - inter);
          if (iou > best) best = iou;
        }
        if (!any || best < minIoU) continue;
        return { top, left, height: newH, width: newW, withinCrop: within };
      }
    }
    return null;
  }

  protected makeParams(rng: Rng, [h, w]: [number, number], source?: Image | FlatSample): IoUCropParams | null {
    const leaves = source !== undefined && 'leaves' in source ? source.leaves : [];
    const boxes = leaves.find((l) => l.kind === 'boundingBoxes');
    if (boxes === undefined || !leaves.some((l) => l.kind === 'image')) {
      throw new TypeError('RandomIoUCrop requires the sample to contain an image and bounding boxes (it may also contain masks)');
    }
    const b = boxes.value as BoundingBoxes;
    const xyxy = new Float32Array(b.data);
    toXyxyInPlace(xyxy, b.format);
    return RandomIoUCrop.getParams(h, w, xyxy, this, rng);
  }

  protected transformImage(img: Image, p: IoUCropParams): Image {
    return crop(img, p.top, p.left, p.height, p.width);
  }

  /** The crop; boxes whose centre is outside it become `[0, 0, 0, 0]`. */
  protected override geometry(p: IoUCropParams): TargetGeometry {
    const g = cropGeometry(p.top, p.left, p.height, p.width);
    const boxes = (bb: BoundingBoxes): BoundingBoxes => {
      const moved = g.boxes(bb);
      if (moved.data.length !== p.withinCrop.length * 4) return moved;
      const d = new Float32Array(moved.data);
      for (let i = 0; i < p.withinCrop.length; i++) if (p.withinCrop[i] === 0) d.fill(0, i * 4, i * 4 + 4);
      return makeBoundingBoxes(d, moved.format, moved.canvasSize);
    };
    return { ...g, boxes };
  }

  toJSON(): TransformSpec {
    return {
      type: this.type,
      options: {
        minScale: this.minScale,
        maxScale: this.maxScale,
        minAspectRatio: this.minAspectRatio,
        maxAspectRatio: this.maxAspectRatio,
        samplerOptions: [...this.samplerOptions],
        trials: this.trials,
      },
    };
  }
}
