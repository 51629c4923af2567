import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

/**
 * The difference between a batch's shape and the model's input shape (rank, height, width or channels),
 * as a sentence naming both shapes, or null when they agree. Checked before a step, so that 1-channel
 * images fed to a 3-channel model are named as such instead of surfacing as tfjs' bare `ValueError` from
 * deep inside the first layer.
 *
 * @example
 * ```ts
 * inputShapeProblem(model, tf.zeros([8, 32, 32, 1]));
 * // 'the batch is [8, 32, 32, 1] (1 channel) but the model takes [batch, 32, 32, 3] (3 channels) ...'
 * ```
 */
export function inputShapeProblem(model: LayersModel, x: tf.Tensor): string | null {
  const want = model.inputs[0]?.shape;
  if (!want) return null;
  const got = x.shape;
  const dims = ['batch', 'height', 'width', 'channels'];
  const mismatch =
    got.length !== want.length ? 'rank' : want.findIndex((d, i) => i > 0 && d !== null && d !== got[i]) >= 0 ? 'dims' : null;
  if (mismatch === null) return null;
  const channels = (s: readonly (number | null)[]): string => (s.length === 4 ? ` (${s[3]} channel${s[3] === 1 ? '' : 's'})` : '');
  const which =
    mismatch === 'rank'
      ? `a rank-${got.length} tensor where the model takes rank ${want.length}`
      : want
          .map((d, i) => (i > 0 && d !== null && d !== got[i] ? `${want.length === 4 ? dims[i] : `dimension ${i}`} ${got[i]} vs ${d}` : null))
          .filter((s) => s !== null)
          .join(', ');
  return (
    `the batch is ${shapeText(got)}${channels(got)} but the model takes ${shapeText(want)}${channels(want)} (${which}); ` +
    'build the model for the data (e.g. resnet18({ inChannels, inputSize })) or convert the images (e.g. Grayscale(3), Resize)'
  );
}
