import type { JsonValue } from '../transform.js';
import { describeValue } from '@aug/internal';
import type { Image } from '../image.js';
import { assertImage } from '../image.js';
import type { Transform, TransformSpec } from '../transform.js';
import { applyToImages } from '../sample/apply-sample.js';
import { isSampleInput } from '../sample/sample-tree.js';
import type { Rng } from '../rng.js';

/**
 * Subtracts `meanVector` and multiplies by a square `transformationMatrix` (torchvision
 * `LinearTransformation`, e.g. ZCA whitening): `out = (x - mean) @ M` on the flattened image. aug
 * flattens in HWC order (torchvision: CHW), so D = height * width * channels and the matrix indices follow
 * HWC. Float images only. The matrix is D x D, as `number[][]` or a row-major `Float32Array` of D*D.
 *
 * @example
 * ```ts
 * const identity = Array.from({ length: 12 }, (_, i) => Array.from({ length: 12 }, (_, j) => (i === j ? 1 : 0)));
 * const t = new LinearTransformation(identity, new Array(12).fill(0.5)); // on 2x2x3 images
 * ```
 */
export class LinearTransformation implements Transform {
  /**
   * Rebuilds a `LinearTransformation` from the `options` of its `toJSON()` spec (what `transformFromJSON` calls).
   * @example `const same = LinearTransformation.fromJSON(spec.options ?? {})`
   */
  static fromJSON(options: { [key: string]: JsonValue }): LinearTransformation {
    type Args = ConstructorParameters<typeof LinearTransformation>;
    const { transformationMatrix, meanVector } = options;
    return new LinearTransformation(transformationMatrix as Args[0], meanVector as Args[1]);
  }

  readonly dim: number;
  readonly matrix: Float64Array;
  readonly meanVector: Float64Array;

  constructor(transformationMatrix: readonly (readonly number[])[] | Float32Array | Float64Array, meanVector: readonly number[] | Float32Array | Float64Array) {
    let d: number;
    let m: Float64Array;
    if (Array.isArray(transformationMatrix)) {
      d = transformationMatrix.length;
      m = new Float64Array(d * d);
      transformationMatrix.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== d) throw new RangeError(`transformationMatrix should be square, row ${i} has ${Array.isArray(row) ? row.length : describeValue(row)} values for ${d} rows`);
        row.forEach((v, j) => (m[i * d + j] = v));
      });
    } else if (transformationMatrix instanceof Float32Array || transformationMatrix instanceof Float64Array) {
      d = Math.round(Math.sqrt(transformationMatrix.length));
      if (d * d !== transformationMatrix.length) throw new RangeError(`transformationMatrix should be square: ${transformationMatrix.length} values is not D*D`);
      m = Float64Array.from(transformationMatrix);
    } else {
      throw new TypeError(`transformationMatrix must be number[][] or a row-major Float32Array, got ${describeValue(transformationMatrix)}`);
    }
    if (!m.every(Number.isFinite)) throw new TypeError('transformationMatrix must hold finite numbers');
    if (meanVector === null || typeof meanVector !== 'object' || meanVector.length !== d) {
      throw new RangeError(`meanVector should have the same length ${d} as any one of the dimensions of the transformation_matrix, got ${meanVector === null || typeof meanVector !== 'object' ? describeValue(meanVector) : meanVector.length}`);
    }
    this.dim = d;
    this.matrix = m;
    this.meanVector = Float64Array.from(meanVector);
    if (!this.meanVector.every(Number.isFinite)) throw new TypeError('meanVector must hold finite numbers');
  }

  apply(img: Image, rng?: Rng): Image;
  apply<T extends object>(sample: T, rng?: Rng): T;
  apply(input: object, rng?: Rng): object {
    if (isSampleInput(input)) return applyToImages(input, rng, 'LinearTransformation', (im, r) => this.apply(im, r));
    const img = input as Image;
    assertImage(img);
    if (!(img.data instanceof Float32Array)) throw new TypeError('LinearTransformation needs a float image (Float32Array): apply ToTensor first');
    const d = this.dim;
    if (img.data.length !== d) {
      throw new RangeError(`Input tensor and transformation matrix have incompatible shape: height*width*channels = ${img.data.length}, matrix is ${d}x${d}`);
    }
    const x = new Float64Array(d);
    for (let i = 0; i < d; i++) x[i] = img.data[i]! - this.meanVector[i]!;
    const out = new Float32Array(d);
    for (let j = 0; j < d; j++) {
      let acc = 0;
      for (let i = 0; i < d; i++) acc += x[i]! * this.matrix[i * d + j]!;
      out[j] = acc;
    }
    return { data: out, height: img.height, width: img.width, channels: img.channels };
  }

  toJSON(): TransformSpec {
    const rows: number[][] = [];
    for (let i = 0; i < this.dim; i++) rows.push(Array.from(this.matrix.subarray(i * this.dim, (i + 1) * this.dim)));
    return { type: 'LinearTransformation', options: { transformationMatrix: rows, meanVector: Array.from(this.meanVector) } };
  }
}
