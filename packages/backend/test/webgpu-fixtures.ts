// Shared by the webgpu*.test.ts files: a small d2l ResNet-18 and the cpu-vs-webgpu comparison helpers.
import { resnet18 } from '@aug/models';
import { createRng } from '@aug/transforms';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** @aug/models' d2l ResNet-18 at a test size: `width` channels in the first stage, 3-channel `inputSize` images. */
export function smallResnet18(width: number, inputSize: number, numClasses: number): tfl.LayersModel {
  return resnet18({ width, inputSize, numClasses, inChannels: 3 });
}

/** `n` deterministic values in [-1, 1) from the seeded generator of @aug/transforms (no Math.random). */
export function seeded(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = 2 * rng.next() - 1;
  return out;
}

/** Sets every weight of `model` (in `model.weights` order) to seeded values scaled for stable activations. */
export function setSeededWeights(model: tfl.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => {
    const shape = w.shape as number[];
    const n = shape.reduce((a, b) => a * b, 1);
    const name = w.name;
    if (/moving_variance|gamma/.test(name)) return tf.tensor(seeded(n, seed + i).map((v) => 1 + 0.25 * v), shape);
    if (/moving_mean|beta|bias/.test(name)) return tf.tensor(seeded(n, seed + i).map((v) => 0.1 * v), shape);
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const scale = Math.sqrt(3 / fanIn);
    return tf.tensor(seeded(n, seed + i).map((v) => v * scale), shape);
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** The largest |a - b| / (atol + rtol * |b|) over two arrays: <= 1 means within tolerance. */
export function toleranceRatio(a: ArrayLike<number>, b: ArrayLike<number>, atol: number, rtol: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const r = Math.abs(a[i]! - b[i]!) / (atol + rtol * Math.abs(b[i]!));
    if (!(r <= worst)) worst = Number.isNaN(r) ? Infinity : r;
  }
  return worst;
}


/** What one forward pass and one SGD training step give on the current backend. */
export interface StepResult {
  logits: Float32Array;
  loss: number;
  /** Gradients in `model.trainableWeights` order. */
  grads: Float32Array[];
  after: Float32Array[];
}

/**
 * Builds the small ResNet-18 on the current backend with seeded weights, runs an inference forward
 * pass, then one training step (BatchNorm in training mode, softmax cross-entropy, SGD lr 0.1), and
 * reads everything back with `await data()`. Disposes every tensor it creates.
 */
export async function forwardAndStep(opts: { width: number; inputSize: number; batch: number; numClasses: number; seed: number }): Promise<StepResult> {
  const model = smallResnet18(opts.width, opts.inputSize, opts.numClasses);
  setSeededWeights(model, opts.seed);
  const { batch, inputSize, numClasses } = opts;
  const x = tf.tensor4d(seeded(batch * inputSize * inputSize * 3, opts.seed + 1000).map((v) => 0.5 + 0.5 * v), [batch, inputSize, inputSize, 3]);
  const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => (i * 7 + 3) % numClasses), 'int32');
  const y = tf.oneHot(labels, numClasses);
  const logitsT = model.predict(x) as tf.Tensor;
  const logits = (await logitsT.data()) as Float32Array;
  logitsT.dispose();
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(() => {
    const out = model.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar;
  }, vars);
  const loss = (await value.data())[0]!;
  const gradArrays: Float32Array[] = [];
  for (const v of vars) gradArrays.push((await grads[v.name]!.data()) as Float32Array);
  const optimizer = tf.train.sgd(0.1);
  optimizer.applyGradients(grads);
  optimizer.dispose();
  tf.dispose([value, ...Object.values(grads), x, labels, y]);
  const after: Float32Array[] = [];
  for (const w of model.trainableWeights) after.push((await w.read().data()) as Float32Array);
  model.dispose();
  return { logits, loss, grads: gradArrays, after };
}

/**
 * One SGD training step of `model` on the current backend (BatchNorm in training mode, mean softmax
 * cross-entropy over int32 labels `y`), read back with `await data()`: the step's loss and the number of
 * correct predictions. Disposes every tensor it creates.
 */
export async function sgdStep(model: tfl.LayersModel, x: tf.Tensor4D, y: tf.Tensor1D, optimizer: tf.Optimizer): Promise<{ loss: number; correct: number }> {
  const numClasses = model.outputs[0]!.shape[1] as number;
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  let correctT: tf.Tensor | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.apply(x, { training: true }) as tf.Tensor2D;
    correctT = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32')));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), logits) as tf.Scalar;
  }, vars);
  optimizer.applyGradients(grads);
  const loss = (await value.data())[0]!;
  const correct = (await correctT!.data())[0]!;
  tf.dispose([value, correctT!, ...Object.values(grads)]);
  return { loss, correct };
}
