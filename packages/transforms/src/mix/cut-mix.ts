import { assertPositiveInteger } from '@aug/internal';
import * as tf from '@tensorflow/tfjs-core';
import { beta } from '../distributions.js';
import type { Rng } from '../rng.js';
import { randint } from '../rng.js';
import { checkRng } from '../validate.js';
import type { LabelledBatch, MixOptions, SoftBatch } from './soft-labels.js';
import { checkLabelledBatch, checkMixOptions } from './soft-labels.js';
import { mixLabels } from './mix-labels.js';
import { cutMixImages } from '../batch/mix-images.js';

/** CutMix's draws: the pasted box `[x1, y1, x2, y2]` (end exclusive) and the label weight it implies. */
export interface CutMixParams {
  box: [number, number, number, number];
  /** 1 - box area / image area: the weight of each sample's own label. */
  lamAdjusted: number;
}

/**
 * CutMix (Yun et al.; torchvision v2 `CutMix`) on a whole batch: `lam ~ Beta(alpha, alpha)`, a box of
 * relative side `sqrt(1 - lam)` centred at a uniform pixel and clipped to the image, pasted from `roll(x)`
 * into every sample; labels mixed with the clipped box's actual area (`lamAdjusted`). Returns new tensors;
 * the input batch is not disposed.
 *
 * @example
 * ```ts
 * const cutmix = new CutMix({ alpha: 1, numClasses: 10 });
 * const mixed = cutmix.apply(batch, rng);
 * ```
 */
export class CutMix {
  readonly alpha: number;
  readonly numClasses: number;

  constructor(options: MixOptions) {
    ({ alpha: this.alpha, numClasses: this.numClasses } = checkMixOptions(options, 'CutMix'));
  }

  /**
   * torchvision v2's `CutMix._get_params`: `lam` from Beta(alpha, alpha), a uniform centre (x, then y), half
   * sides `int(0.5 * sqrt(1 - lam) * W)` and `... * H`, the box clipped to the image, and
   * `lamAdjusted = 1 - area / (W * H)`.
   *
   * @example
   * ```ts
   * const { box, lamAdjusted } = CutMix.getParams(1, 32, 32, rng);
   * ```
   */
  static getParams(alpha: number, height: number, width: number, rng: Rng): CutMixParams {
    assertPositiveInteger(height, 'height');
    assertPositiveInteger(width, 'width');
    const lam = beta(rng, alpha, alpha);
    const rx = randint(rng, 0, width);
    const ry = randint(rng, 0, height);
    const r = 0.5 * Math.sqrt(1 - lam);
    const rw = Math.trunc(r * width);
    const rh = Math.trunc(r * height);
    const x1 = Math.max(rx - rw, 0);
    const y1 = Math.max(ry - rh, 0);
    const x2 = Math.min(rx + rw, width);
    const y2 = Math.min(ry + rh, height);
    return { box: [x1, y1, x2, y2], lamAdjusted: 1 - ((x2 - x1) * (y2 - y1)) / (width * height) };
  }

  apply(batch: LabelledBatch, rng?: Rng): SoftBatch {
    checkRng(rng, 'CutMix');
    checkLabelledBatch(batch, this.numClasses, 'CutMix');
    const [, h, w] = batch.x.shape;
    const { box, lamAdjusted } = CutMix.getParams(this.alpha, h, w, rng);
    return tf.tidy(() => ({ x: cutMixImages(batch.x, box), y: mixLabels(batch.y, this.numClasses, lamAdjusted) }));
  }

  toJSON(): { type: 'CutMix'; options: { alpha: number; numClasses: number } } {
    return { type: 'CutMix', options: { alpha: this.alpha, numClasses: this.numClasses } };
  }
}
