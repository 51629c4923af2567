import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTorchStateDict, torchToTfjs } from '../src/import-torch-state-dict.js';
import { resnet18 } from '../src/resnet18.js';
import { torchNameToLayer } from '../src/torch-names.js';
import { maxAbs, maxAbsDiff } from '@aug/test-utils';
import { loadTorchFixture } from './fixtures.js';

// PyTorch 1.13 (Debian python3-torch) vs tfjs-layers 4.22 on the cpu backend,
// d2l's ResNet-18 at width 8, 16x16x3 inputs, batch 4 (scripts/make_fixtures.py).
const fx = loadTorchFixture();
let net: tfl.LayersModel;

function variable(model: tfl.LayersModel, name: string): tfl.LayerVariable {
  for (const layer of model.layers) for (const w of layer.weights) if (w.originalName === name) return w;
  throw new Error(`no weight ${name}`);
}

function freshNet(): tfl.LayersModel {
  const { width, inChannels, numClasses, inputSize } = fx.config;
  const m = resnet18({ width, inChannels, numClasses, inputSize });
  importTorchStateDict(m, fx.stateDict());
  return m;
}

beforeAll(() => {
  net = freshNet();
});
afterAll(() => net.dispose());

describe('resnet18 equals d2l PyTorch ResNet-18', () => {
  it('imports every weight, transposing OIHW kernels to HWIO and Linear to Dense', () => {
    const torchKernel = fx.get('state/0.weight');
    const [o, i, h, w] = torchKernel.shape as [number, number, number, number];
    const tfKernel = variable(net, 'stem_conv/kernel').read().dataSync();
    // element (kh=1, kw=2, in=0, out=5) of HWIO is element (5, 0, 1, 2) of OIHW
    expect(tfKernel[((1 * w + 2) * i + 0) * o + 5]).toBe(torchKernel.data[((5 * i + 0) * h + 1) * w + 2]);
    const dense = fx.get('state/fc.1.weight'); // [out, in]
    const tfDense = variable(net, 'head_dense/kernel').read().dataSync(); // [in, out]
    const inF = dense.shape[1]!;
    expect(tfDense[7 * 10 + 3]).toBe(dense.data[3 * inF + 7]);
    expect(Array.from(variable(net, 'stage4_block2_bn2/moving_variance').read().dataSync())).toEqual(
      Array.from(fx.get('state/resnet_block4.1.bn2.running_var').data),
    );
  });

  it('eval-mode logits match within 1e-4', () => {
    const before = tf.memory().numTensors;
    const x = fx.get('input');
    const logits = tf.tidy(() => net.predict(tf.tensor4d(x.data, x.shape as [number, number, number, number])) as tf.Tensor);
    const expected = fx.get('eval_logits');
    expect(logits.shape).toEqual(expected.shape);
    const got = logits.dataSync();
    logits.dispose();
    expect(maxAbs(expected.data)).toBeGreaterThan(0.1); // non-trivial logits
    expect(maxAbsDiff(got, expected.data)).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('train-mode loss, gradients and BatchNorm running stats match', () => {
    const m = freshNet();
    const before = tf.memory().numTensors;
    const x = fx.get('input');
    const trainable = m.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const input = tf.tensor4d(x.data, x.shape as [number, number, number, number]);
      const logits = m.apply(input, { training: true }) as tf.Tensor2D;
      const onehot = tf.oneHot(tf.tensor1d(fx.labels, 'int32'), fx.config.numClasses);
      // nn.CrossEntropyLoss(reduction='mean')
      return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
    }, trainable);
    expect(Math.abs(value.dataSync()[0]! - fx.trainLoss)).toBeLessThan(1e-5);

    const byName = new Map(m.trainableWeights.map((w) => [w.originalName, grads[(w.read() as tf.Variable).name]!]));
    const gradNames = [
      '0.weight',
      '0.bias',
      '1.weight',
      'resnet_block2.0.bn1.weight',
      'resnet_block3.0.conv3.weight',
      'resnet_block4.1.bn2.bias',
      'fc.1.weight',
      'fc.1.bias',
    ];
    for (const name of gradNames) {
      const ref = torchNameToLayer(name)!;
      const expected = torchToTfjs(fx.get(`grad/${name}`), ref.layout);
      const got = byName.get(`${ref.layer}/${ref.weight}`)!;
      expect(got.shape).toEqual(expected.shape);
      // Tolerance: |tfjs - torch| <= 1e-5 x max(1, max|torch grad|) (measured: <= 2.2e-6 relative).
      // The stem conv bias gradient is ~0 in exact arithmetic (BatchNorm cancels it): absolute check.
      const tol = 1e-5 * Math.max(1, maxAbs(expected.dataSync()));
      expect(maxAbsDiff(got.dataSync(), expected.dataSync()), name).toBeLessThan(tol);
      expected.dispose();
    }

    // BatchNorm running stats after one train-mode forward. running_mean: identical
    // semantics. running_var: PyTorch mixes in the UNBIASED batch variance
    // (n / (n - 1) x biased), tfjs-layers the biased one.
    const momentum = fx.bnMomentum;
    for (const bn of ['1', 'resnet_block2.0.bn1', 'resnet_block4.1.bn2']) {
      const meanRef = torchNameToLayer(`${bn}.running_mean`)!;
      const gotMean = variable(m, `${meanRef.layer}/moving_mean`).read().dataSync();
      expect(maxAbsDiff(gotMean, fx.get(`running/${bn}.running_mean`).data), bn).toBeLessThan(1e-5);

      const n = fx.batchCount[bn]!;
      const v0 = fx.get(`state/${bn}.running_var`).data;
      const torchVar = fx.get(`running/${bn}.running_var`).data;
      const gotVar = variable(m, `${meanRef.layer}/moving_variance`).read().dataSync();
      const torchUnbiased = Array.from(torchVar, (v, c) => (v - (1 - momentum) * v0[c]!) / momentum);
      const expectedTfjs = Array.from(torchUnbiased, (u, c) => (1 - momentum) * v0[c]! + momentum * u * ((n - 1) / n));
      expect(maxAbsDiff(gotVar, expectedTfjs), bn).toBeLessThan(1e-5);
      // and the difference from PyTorch is real where n is small (stage 4: n = 16)
      if (n <= 64) expect(maxAbsDiff(gotVar, torchVar), bn).toBeGreaterThan(1e-4);
    }
    value.dispose();
    for (const g of Object.values(grads)) g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    m.dispose();
  });

  it('importTorchStateDict rejects a wrong width, unknown keys and incomplete state_dicts', () => {
    const sd = fx.stateDict();
    const wide = resnet18({ width: 16, inputSize: 16 });
    expect(() => importTorchStateDict(wide, sd)).toThrow(
      /0\.weight \[8, 3, 3, 3\] becomes \[3, 3, 3, 8\] but stem_conv\/kernel is \[3, 3, 3, 16\]/,
    );
    wide.dispose();
    const m = resnet18({ width: 8, inputSize: 16 });
    const before = tf.memory().numTensors;
    const kernelBefore = Array.from(m.getLayer('stem_conv').getWeights()[0]!.dataSync());
    expect(() => importTorchStateDict(m, { ...sd, 'fc.2.weight': sd['fc.1.weight']! })).toThrow(
      /key "fc\.2\.weight" has no weight in model/,
    );
    const partial = { ...sd };
    delete partial['resnet_block2.0.bn1.running_var'];
    expect(() => importTorchStateDict(m, partial)).toThrow(/sets no value for 1 weight\(s\).*stage2_block1_bn1\/moving_variance/);
    expect(() => importTorchStateDict(m, partial)).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
    // nothing was written on failure
    expect(Array.from(m.getLayer('stem_conv').getWeights()[0]!.dataSync())).toEqual(kernelBefore);
    m.dispose();
  });
});
