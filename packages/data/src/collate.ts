import { UINT8_TO_UNIT } from '@aug/internal';
import type { Image } from '@aug/transforms';

/**
 * A batch being assembled into one packed buffer: an `Int32Array` header `[n, h, w, c]`, then the NHWC
 * float32 pixels, then the int32 labels. One buffer means one transfer from a worker thread.
 */
export interface PackedBatch {
  buffer: ArrayBuffer;
  n: number;
  shape: [number, number, number, number];
  x: Float32Array;
  y: Int32Array;
}

/**
 * Collects transformed samples into a {@link PackedBatch}. uint8 images are scaled to [0, 1] exactly as
 * `ToTensor` does (`v / 255`); float32 images are copied as they are. Every sample must have the shape
 * of the first.
 *
 * @example
 * ```ts
 * const b = new BatchCollector(2);
 * b.add(0, img0, 3); b.add(1, img1, 7);
 * b.packed().x; // Float32Array of 2*h*w*c
 * ```
 */
export class BatchCollector {
  readonly #n: number;
  #packed: PackedBatch | undefined;

  constructor(n: number) {
    this.#n = n;
  }

  add(slot: number, image: Image, label: number, where: () => string = () => `sample ${slot}`): void {
    const { height: h, width: w, channels: c, data } = image;
    if (!this.#packed) {
      const pixels = this.#n * h * w * c;
      const buffer = new ArrayBuffer(16 + pixels * 4 + this.#n * 4);
      const header = new Int32Array(buffer, 0, 4);
      header.set([this.#n, h, w, c]);
      this.#packed = {
        buffer,
        n: this.#n,
        shape: [this.#n, h, w, c],
        x: new Float32Array(buffer, 16, pixels),
        y: new Int32Array(buffer, 16 + pixels * 4, this.#n),
      };
    }
    const p = this.#packed;
    const [, ph, pw, pc] = p.shape;
    if (h !== ph || w !== pw || c !== pc) {
      throw new RangeError(
        `DataLoader: ${where()} has shape ${h}x${w}x${c} (HxWxC) but the batch's first sample has ${ph}x${pw}x${pc}; ` +
          'images in a batch must match: add a Resize/RandomResizedCrop/CenterCrop to the transform, or use batchSize 1',
      );
    }
    const size = h * w * c;
    if (!(data instanceof Uint8Array || data instanceof Float32Array) || data.length !== size) {
      throw new TypeError(`DataLoader: ${where()}'s image.data must be a Uint8Array or Float32Array of length ${size}`);
    }
    if (!Number.isInteger(label)) throw new TypeError(`DataLoader: ${where()} has label ${String(label)}, expected an integer`);
    const x = p.x;
    const off = slot * size;
    if (data instanceof Uint8Array) {
      for (let i = 0; i < size; i++) x[off + i] = UINT8_TO_UNIT[data[i]!]!;
    } else {
      x.set(data, off);
    }
    p.y[slot] = label;
  }

  packed(): PackedBatch {
    if (!this.#packed) throw new RangeError('DataLoader: an empty batch cannot be collated');
    return this.#packed;
  }
}

/**
 * Reads a buffer made by {@link BatchCollector} (e.g. after a transfer from a worker).
 *
 * @example
 * ```ts
 * const { x, y, shape } = unpackBatch(buffer);
 * ```
 */
export function unpackBatch(buffer: ArrayBuffer): PackedBatch {
  const [n, h, w, c] = new Int32Array(buffer, 0, 4) as unknown as [number, number, number, number];
  const pixels = n * h * w * c;
  return { buffer, n, shape: [n, h, w, c], x: new Float32Array(buffer, 16, pixels), y: new Int32Array(buffer, 16 + pixels * 4, n) };
}
