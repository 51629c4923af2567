import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { sinFill } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import { fuseConvBnEval, initWeights, resnet18 } from '../src/index.js';

/** Gives every BatchNorm of `model` non-trivial, seeded statistics, scale and shift (fresh models have 0/1). */
function perturbBatchNorms(model: tfl.LayersModel): void {
  let seed = 1;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const values = layer.weights.map((w) => {
      // gamma and the moving variance stay positive; beta and the moving mean take either sign.
      const kind = w.originalName.split('/').pop()!;
      const positive = kind.startsWith('gamma') || kind.startsWith('moving_variance');
      const n = w.shape.reduce<number>((a, b) => a * (b ?? 1), 1);
      return tf.tensor(sinFill(n, seed++, (v) => (positive ? 0.5 + Math.abs(v) : v * 0.7)), w.shape as number[]);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

function images(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(sinFill(shape.reduce((a, b) => a * b, 1), seed, (s) => s * 1.3), shape);
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): { diff: number; scale: number } {
  return tf.tidy(() => ({ diff: tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!, scale: Math.max(1, tf.max(tf.abs(b)).dataSync()[0]!) }));
}

describe('fuseConvBnEval', () => {
  it("folds ResNet-18's 17 conv-BatchNorm pairs and 9 ReLUs and predicts what the model predicts in inference mode", () => {
    const net = resnet18({ width: 4, inputSize: 16 });
    initWeights(net, { seed: 3 });
    perturbBatchNorms(net);
    const x = images([3, 16, 16, 3], 5);
    const want = net.predict(x) as tf.Tensor;
    const before = tf.memory().numTensors;
    const fused = fuseConvBnEval(net);
    expect(fused.fusedPairs).toHaveLength(17);
    expect(fused.fusedPairs.filter((p) => p.relu !== null).map((p) => p.relu)).toEqual([
      'stem_relu', 'stage1_block1_relu1', 'stage1_block2_relu1', 'stage2_block1_relu1', 'stage2_block2_relu1',
      'stage3_block1_relu1', 'stage3_block2_relu1', 'stage4_block1_relu1', 'stage4_block2_relu1',
    ]);
    expect(fused.fusedPairs[0]).toEqual({ conv: 'stem_conv', batchNorm: 'stem_bn', relu: 'stem_relu' });
    expect(fused.layers.map((l) => l.getClassName())).not.toContain('BatchNormalization');
    expect(fused.layers).toHaveLength(net.layers.length - 17 - 9);
    const conv = fused.getLayer('stage1_block1_conv2').getConfig();
    expect([conv['useBias'], conv['activation']]).toEqual([true, 'linear']);
    expect(fused.getLayer('stage1_block1_conv1').getConfig()['activation']).toBe('relu');
    const got = fused.predict(x) as tf.Tensor;
    const { diff, scale } = maxAbsDiff(got, want);
    expect(diff).toBeLessThanOrEqual(1e-4 * scale);
    expect(diff).toBeGreaterThan(0); // a different computation (float32 rounding), not the same one
    got.dispose();
    fused.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The original model is untouched (its weights were shared, not moved) and still trains.
    const again = net.predict(x) as tf.Tensor;
    expect(Array.from(again.dataSync())).toEqual(Array.from(want.dataSync()));
    tf.dispose([again, want, x]);
    net.dispose();
  });

  it('differs from the model in training mode only as BatchNorm does (the fold uses the moving statistics)', () => {
    const net = resnet18({ width: 4, inputSize: 8 });
    perturbBatchNorms(net);
    const x = images([4, 8, 8, 3], 9);
    const fused = fuseConvBnEval(net);
    tf.tidy(() => {
      const inference = maxAbsDiff(fused.predict(x) as tf.Tensor, net.apply(x, { training: false }) as tf.Tensor);
      const training = maxAbsDiff(fused.predict(x) as tf.Tensor, net.apply(x, { training: true }) as tf.Tensor);
      expect(inference.diff).toBeLessThanOrEqual(1e-4 * inference.scale);
      expect(training.diff).toBeGreaterThan(1e-2);
    });
    fused.dispose();
    net.dispose();
    x.dispose();
  });

  it('folds Sequential models, convolutions without a bias, BatchNorms without scale or shift (or with a positive axis), and ReLU layers', () => {
    const make = (): tfl.Sequential =>
      tfl.sequential({
        layers: [
          tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', useBias: false, name: 'c1' }),
          tfl.layers.batchNormalization({ center: false, name: 'b1' }),
          tfl.layers.reLU({ name: 'r1' }),
          tfl.layers.conv2d({ filters: 4, kernelSize: 1, name: 'c2' }),
          tfl.layers.batchNormalization({ scale: false, name: 'b2' }),
          tfl.layers.activation({ activation: 'relu', name: 'r2' }),
          tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'c3' }),
          tfl.layers.batchNormalization({ axis: 3, name: 'b3' }),
          tfl.layers.flatten({ name: 'flat' }),
          tfl.layers.dense({ units: 3, name: 'head' }),
          tfl.layers.batchNormalization({ name: 'b4' }), // after a Dense: left as it is
        ],
      });
    const net = make();
    perturbBatchNorms(net);
    const x = images([2, 6, 6, 2], 4);
    const before = tf.memory().numTensors;
    const fused = fuseConvBnEval(net);
    expect(fused.fusedPairs).toEqual([
      { conv: 'c1', batchNorm: 'b1', relu: 'r1' },
      { conv: 'c2', batchNorm: 'b2', relu: 'r2' },
      { conv: 'c3', batchNorm: 'b3', relu: null },
    ]);
    expect(fused.layers.map((l) => l.name).slice(1)).toEqual(['c1', 'c2', 'c3', 'flat', 'head', 'b4']);
    tf.tidy(() => {
      const { diff, scale } = maxAbsDiff(fused.predict(x) as tf.Tensor, net.predict(x) as tf.Tensor);
      expect(diff).toBeLessThanOrEqual(1e-4 * scale);
    });
    const keepRelu = fuseConvBnEval(net, { relu: false });
    expect(keepRelu.fusedPairs.map((p) => p.relu)).toEqual([null, null, null]);
    expect(keepRelu.layers.map((l) => l.name)).toContain('r1');
    keepRelu.dispose();
    fused.dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    x.dispose();
  });

  it('folds channels-first convolutions with a BatchNorm over axis 1', () => {
    const conv = tfl.layers.conv2d({ inputShape: [2, 6, 6], filters: 3, kernelSize: 3, dataFormat: 'channelsFirst', name: 'conv' });
    const bn = tfl.layers.batchNormalization({ axis: 1, name: 'bn' });
    const net = tfl.sequential({ layers: [conv, bn] });
    perturbBatchNorms(net);
    const fused = fuseConvBnEval(net);
    expect(fused.fusedPairs).toEqual([{ conv: 'conv', batchNorm: 'bn', relu: null }]);
    const x = images([2, 2, 6, 6], 8);
    tf.tidy(() => {
      // BatchNorm written out with [1, C, 1, 1] parameters: tfjs-backend-cpu's own kernel (which net.predict
      // would use) broadcasts per-channel parameters over the last axis only, so it is wrong for axis 1.
      const [gamma, beta, mean, variance] = bn.getWeights().map((w) => tf.reshape(w, [1, 3, 1, 1]));
      const y = conv.apply(x) as tf.Tensor;
      const want = tf.add(tf.mul(tf.div(tf.sub(y, mean!), tf.sqrt(tf.add(variance!, 1e-3))), gamma!), beta!);
      const { diff, scale } = maxAbsDiff(fused.predict(x) as tf.Tensor, want);
      expect(diff).toBeLessThanOrEqual(1e-4 * scale);
    });
    fused.dispose();
    net.dispose();
    x.dispose();
  });

  it('leaves shared layers, convolutions used elsewhere and ReLUs used elsewhere as they are', () => {
    const input = tfl.input({ shape: [5, 5, 2] });
    const shared = tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', name: 'shared' });
    const a = tfl.layers.batchNormalization({ name: 'bn_a' }).apply(shared.apply(input)) as tfl.SymbolicTensor;
    const b = tfl.layers.batchNormalization({ name: 'bn_b' }).apply(shared.apply(a)) as tfl.SymbolicTensor;
    const used = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'used_twice' }).apply(b) as tfl.SymbolicTensor;
    const normed = tfl.layers.batchNormalization({ name: 'bn_c' }).apply(used) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({ name: 'sum' }).apply([used, normed]) as tfl.SymbolicTensor;
    const plain = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'plain' }).apply(sum) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization({ name: 'bn_d' }).apply(plain) as tfl.SymbolicTensor;
    const r = tfl.layers.activation({ activation: 'relu', name: 'relu_d' }).apply(bn) as tfl.SymbolicTensor;
    const net = tfl.model({ inputs: input, outputs: [r, bn] });
    perturbBatchNorms(net);
    const fused = fuseConvBnEval(net);
    // bn_d is an output itself, so its ReLU stays; the shared conv and the conv used twice are not folded.
    expect(fused.fusedPairs).toEqual([{ conv: 'plain', batchNorm: 'bn_d', relu: null }]);
    const x = images([2, 5, 5, 2], 6);
    tf.tidy(() => {
      const want = net.predict(x) as tf.Tensor[];
      const got = fused.predict(x) as tf.Tensor[];
      for (let i = 0; i < 2; i++) {
        const { diff, scale } = maxAbsDiff(got[i]!, want[i]!);
        expect(diff).toBeLessThanOrEqual(1e-4 * scale);
      }
    });
    fused.dispose();
    net.dispose();
    x.dispose();
  });

  it('names a bad argument', () => {
    expect(() => fuseConvBnEval({} as never)).toThrow(/fuseConvBnEval: model must be a tf.LayersModel/);
    const net = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    expect(() => fuseConvBnEval(net, { relu: 'yes' } as never)).toThrow(/options.relu must be true or false; got "yes"/);
    net.dispose();
  });
});
