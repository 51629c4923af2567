import * as tf from '@tensorflow/tfjs-core';
import { beta } from '../distributions.js';
import type { Rng } from '../rng.js';
import { checkRng } from '../validate.js';
import type { LabelledBatch, MixOptions, SoftBatch } from './soft-labels.js';
import { checkLabelledBatch, checkMixOptions } from './soft-labels.js';
import { mixLabels } from './mix-labels.js';
import { mixUpImages } from '../batch/mix-images.js';

/**
 * MixUp (Zhang et al.; torchvision v2 `MixUp`) on a whole batch: one weight `lam ~ Beta(alpha, alpha)` per
 * call, images `lam * x + (1 - lam) * roll(x)` and one-hot labels mixed the same way (`roll` pairs each sample
 * with the one before it). Returns new tensors with soft labels `[N, numClasses]`; the input batch is not
 * disposed (dispose it yourself).
 *
 * @example
 * ```ts
 * const mixup = new MixUp({ alpha: 0.2, numClasses: 10 });
 * const mixed = mixup.apply(batch, rng); // { x, y: Tensor2D soft labels }
 * tf.dispose([batch.x, batch.y]);
 * ```
 */
export class MixUp {
  readonly alpha: number;
  readonly numClasses: number;

  constructor(options: MixOptions) {
    ({ alpha: this.alpha, numClasses: this.numClasses } = checkMixOptions(options, 'MixUp'));
  }

  /**
   * The mixing weight: one Beta(alpha, alpha) draw (torchvision v2's `_get_params`).
   * @example `MixUp.getParams(0.2, rng)`
   */
  static getParams(alpha: number, rng: Rng): number {
    return beta(rng, alpha, alpha);
  }

  apply(batch: LabelledBatch, rng?: Rng): SoftBatch {
    checkRng(rng, 'MixUp');
    checkLabelledBatch(batch, this.numClasses, 'MixUp');
    const lam = MixUp.getParams(this.alpha, rng);
    return tf.tidy(() => {
      return { x: mixUpImages(batch.x, lam), y: mixLabels(batch.y, this.numClasses, lam) };
    });
  }

  toJSON(): { type: 'MixUp'; options: { alpha: number; numClasses: number } } {
    return { type: 'MixUp', options: { alpha: this.alpha, numClasses: this.numClasses } };
  }
}
