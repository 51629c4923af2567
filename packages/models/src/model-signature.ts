import type * as tfl from '@tensorflow/tfjs-layers';

function shape(s: readonly (number | null)[]): string {
  return `[${s.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

/**
 * A readable fingerprint of a model's architecture: input and output shapes,
 * then every layer's name, class and weight shapes, in order. Two models have
 * the same signature exactly when a checkpoint of one fits the other, so a
 * trainer can refuse "a checkpoint from a different model" with a clear diff.
 *
 * @example
 * ```ts
 * const a = resnet18({ width: 8, inputSize: 16 });
 * const b = await loadModel('./ckpt');
 * if (modelSignature(a) !== modelSignature(b)) throw new Error('checkpoint from a different model');
 * ```
 */
export function modelSignature(model: tfl.LayersModel): string {
  const inputs = model.inputs.map((t) => shape(t.shape)).join(',');
  const outputs = model.outputs.map((t) => shape(t.shape)).join(',');
  const layers = model.layers.map((layer) => {
    const weights = layer.weights.map((w) => `${w.originalName.slice(layer.name.length + 1)}${shape(w.shape)}`);
    return `${layer.name}:${layer.getClassName()}(${weights.join(',')})`;
  });
  return [`inputs=${inputs}`, `outputs=${outputs}`, ...layers].join('\n');
}
