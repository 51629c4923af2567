// Shared by the webgpu*.test.ts files: a small d2l ResNet-18 and the cpu-vs-webgpu comparison helpers.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A d2l ResNet-18 of the given width; `@aug/models`' `resnet18` when its build exports it, else the same graph built here. */
export async function smallResnet18(width: number, inputSize: number, numClasses: number): Promise<{ model: tfl.LayersModel; source: string }> {
  try {
    const models = (await import('@aug/models')) as { resnet18?: (o: object) => tfl.LayersModel };
    if (typeof models.resnet18 === 'function') {
      return { model: models.resnet18({ width, inputSize, numClasses, inChannels: 3 }), source: '@aug/models resnet18' };
    }
  } catch {
    // not built yet: fall through to the local builder
  }
  return { model: localResnet18(width, inputSize, numClasses), source: 'local d2l builder (test/webgpu-fixtures.ts)' };
}

function conv(x: tfl.SymbolicTensor, filters: number, k: number, strides: number): tfl.SymbolicTensor {
  const pad = (k - 1) / 2;
  if (strides === 1 || pad === 0) {
    return tfl.layers.conv2d({ filters, kernelSize: k, strides, padding: pad === 0 ? 'valid' : 'same' }).apply(x) as tfl.SymbolicTensor;
  }
  const padded = tfl.layers.zeroPadding2d({ padding: pad }).apply(x) as tfl.SymbolicTensor;
  return tfl.layers.conv2d({ filters, kernelSize: k, strides, padding: 'valid' }).apply(padded) as tfl.SymbolicTensor;
}

function bn(x: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return tfl.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5 }).apply(x) as tfl.SymbolicTensor;
}

function relu(x: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
}

function residual(x: tfl.SymbolicTensor, c: number, strides: number, shortcutConv: boolean): tfl.SymbolicTensor {
  let y = relu(bn(conv(x, c, 3, strides)));
  y = bn(conv(y, c, 3, 1));
  const s = shortcutConv ? conv(x, c, 1, strides) : x;
  return relu(tfl.layers.add().apply([y, s]) as tfl.SymbolicTensor);
}

function localResnet18(width: number, inputSize: number, numClasses: number): tfl.LayersModel {
  const input = tfl.input({ shape: [inputSize, inputSize, 3] });
  let x = relu(bn(conv(input, width, 3, 1)));
  [width, 2 * width, 4 * width, 8 * width].forEach((c, i) => {
    for (let b = 0; b < 2; b++) x = residual(x, c, i > 0 && b === 0 ? 2 : 1, i > 0 && b === 0);
  });
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: numClasses }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

/** Deterministic values in [-1, 1) from a 32-bit LCG (no Math.random). */
export function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
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
export async function forwardAndStep(opts: { width: number; inputSize: number; batch: number; numClasses: number; seed: number }): Promise<StepResult & { source: string }> {
  const { model, source } = await smallResnet18(opts.width, opts.inputSize, opts.numClasses);
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
  return { logits, loss, grads: gradArrays, after, source };
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
