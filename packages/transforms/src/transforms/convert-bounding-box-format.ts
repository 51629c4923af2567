import type { JsonValue } from '../transform.js';
import type { Image } from '../image.js';
import type { Rng } from '../rng.js';
import type { BoundingBoxFormat } from '../targets/bounding-boxes.js';
import { checkBoundingBoxFormat } from '../targets/bounding-boxes.js';
import { convertBoundingBoxFormat } from '../targets/formats.js';
import type { Transform, TransformSpec } from '../transform.js';
import { mapBoxLeaves } from './clamp-bounding-boxes.js';

/**
 * Converts every set of bounding boxes of a sample to `format` (torchvision v2 `ConvertBoundingBoxFormat`);
 * everything else passes through unchanged.
 *
 * @example
 * ```ts
 * const out = new ConvertBoundingBoxFormat('xyxy').apply({ image, boxes: cocoBoxes });
 * ```
 */
export class ConvertBoundingBoxFormat implements Transform {
  /**
   * Rebuilds a `ConvertBoundingBoxFormat` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = ConvertBoundingBoxFormat.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): ConvertBoundingBoxFormat {
    type Args = ConstructorParameters<typeof ConvertBoundingBoxFormat>;
    const { format } = options;
    return new ConvertBoundingBoxFormat(format as Args[0]);
  }

  readonly format: BoundingBoxFormat;

  constructor(format: BoundingBoxFormat) {
    this.format = checkBoundingBoxFormat(format, 'format');
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object): object {
    return mapBoxLeaves(input, (b) => convertBoundingBoxFormat(b, this.format));
  }

  toJSON(): TransformSpec {
    return { type: 'ConvertBoundingBoxFormat', options: { format: this.format } };
  }
}
