import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { computeFans } from '../src/fans.js';
import { initWeights } from '../src/init-weights.js';
import { resnet18 } from '../src/resnet18.js';

const weight = (m: tfl.LayersModel, layer: string, i = 0): Float32Array =>
  m.getLayer(layer).weights[i]!.read().dataSync() as Float32Array;

function stats(a: Float32Array): { mean: number; variance: number; min: number; max: number } {
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of a) {
    s += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / a.length;
  let q = 0;
  for (const v of a) q += (v - mean) ** 2;
  return { mean, variance: q / a.length, min, max };
}

describe('computeFans', () => {
  it('uses PyTorch fan definitions on HWIO / [in, out] kernels', () => {
    expect(computeFans([3, 3, 64, 128])).toEqual({ fanIn: 576, fanOut: 1152 });
    expect(computeFans([1, 1, 64, 128])).toEqual({ fanIn: 64, fanOut: 128 });
    expect(computeFans([512, 10])).toEqual({ fanIn: 512, fanOut: 10 });
    expect(() => computeFans([5])).toThrow(/at least 2 dimensions/);
  });
});

describe('initWeights', () => {
  it("xavierUniform: every conv/dense kernel within +-sqrt(6/(fan_in+fan_out)) with variance b^2/3; others untouched", () => {
    const net = resnet18({ width: 16, inputSize: 8 });
    const biasBefore = Array.from(weight(net, 'stem_conv', 1));
    const gammaBefore = Array.from(weight(net, 'stem_bn', 0));
    tf.tidy(() => {
      net.getLayer('stem_conv').weights[1]!.write(tf.fill([16], 0.25));
    });
    const before = tf.memory().numTensors;
    initWeights(net, { init: 'xavierUniform', seed: 7 });
    expect(tf.memory().numTensors).toBe(before);
    let checked = 0;
    for (const layer of net.layers) {
      const cls = layer.getClassName();
      if (cls !== 'Conv2D' && cls !== 'Dense') continue;
      const k = layer.weights[0]!;
      const { fanIn, fanOut } = computeFans(k.shape as number[]);
      const b = Math.sqrt(6 / (fanIn + fanOut));
      const s = stats(k.read().dataSync() as Float32Array);
      expect(s.min).toBeGreaterThanOrEqual(-b);
      expect(s.max).toBeLessThanOrEqual(b);
      const n = k.read().size;
      if (n >= 4000) {
        // Var of U(-b, b) is b^2/3; the sample variance's relative sd is ~sqrt(0.8/n) <= 1.4%.
        expect(Math.abs(s.variance / (b * b / 3) - 1), layer.name).toBeLessThan(0.06);
        expect(Math.abs(s.mean), layer.name).toBeLessThan(4 * b / Math.sqrt(3 * n));
        expect(s.max).toBeGreaterThan(0.98 * b);
        expect(s.min).toBeLessThan(-0.98 * b);
      }
      checked++;
    }
    expect(checked).toBe(21); // stem conv + 16 block convs + 3 shortcut convs + dense
    expect(Array.from(weight(net, 'stem_conv', 1))).toEqual(new Array(16).fill(0.25));
    expect(Array.from(weight(net, 'stem_bn', 0))).toEqual(gammaBefore);
    expect(biasBefore).toEqual(new Array(16).fill(0)); // tfjs default bias init
    net.dispose();
  });

  it('is reproducible per seed and differs across seeds and layers', () => {
    const a = resnet18({ width: 4, inputSize: 8 });
    const b = resnet18({ width: 4, inputSize: 8 });
    initWeights(a, { seed: 3 });
    initWeights(b, { seed: 3 });
    expect(Array.from(weight(a, 'stage2_block1_conv1'))).toEqual(Array.from(weight(b, 'stage2_block1_conv1')));
    expect(Array.from(weight(a, 'head_dense'))).toEqual(Array.from(weight(b, 'head_dense')));
    initWeights(b, { seed: 4 });
    expect(Array.from(weight(a, 'head_dense'))).not.toEqual(Array.from(weight(b, 'head_dense')));
    // seed 0 is a real seed too (tfjs treats a raw 0 as "unseeded")
    initWeights(a, { seed: 0 });
    initWeights(b, { seed: 0 });
    expect(Array.from(weight(a, 'stem_conv'))).toEqual(Array.from(weight(b, 'stem_conv')));
    const c1 = weight(a, 'stage1_block1_conv1');
    const c2 = weight(a, 'stage1_block1_conv2');
    expect(Array.from(c1.subarray(0, 20))).not.toEqual(Array.from(c2.subarray(0, 20)));
    a.dispose();
    b.dispose();
  });

  it('kaimingNormal: N(0, 2/fan_in); default: PyTorch reset_parameters and BatchNorm identity', () => {
    const net = resnet18({ width: 16, inputSize: 8 });
    initWeights(net, { init: 'kaimingNormal', seed: 1 });
    const k = net.getLayer('stage4_block2_conv2').weights[0]!; // 3x3x128x128
    const s = stats(k.read().dataSync() as Float32Array);
    expect(Math.abs(s.variance / (2 / (9 * 128)) - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.mean)).toBeLessThan(4 * Math.sqrt(2 / (9 * 128) / k.read().size));

    tf.tidy(() => {
      net.getLayer('stage2_block1_bn1').weights[2]!.write(tf.fill([32], 5));
    });
    initWeights(net, { init: 'default', seed: 1 });
    const conv = net.getLayer('stage4_block2_conv2');
    const bound = 1 / Math.sqrt(9 * 128);
    const kw = stats(conv.weights[0]!.read().dataSync() as Float32Array);
    expect(kw.max).toBeLessThanOrEqual(bound);
    expect(kw.min).toBeGreaterThanOrEqual(-bound);
    expect(Math.abs(kw.variance / (bound * bound / 3) - 1)).toBeLessThan(0.03);
    const kb = stats(conv.weights[1]!.read().dataSync() as Float32Array);
    expect(kb.max).toBeLessThanOrEqual(bound);
    expect(kb.max - kb.min).toBeGreaterThan(bound); // biases re-drawn, not zero
    const bn = net.getLayer('stage2_block1_bn1').weights.map((w) => Array.from(w.read().dataSync()));
    expect(bn).toEqual([new Array(32).fill(1), new Array(32).fill(0), new Array(32).fill(0), new Array(32).fill(1)]);
    net.dispose();
  });

  it('rejects unknown init, bad seed and bad options', () => {
    const net = resnet18({ width: 2, inputSize: 8 });
    expect(() => initWeights(net, { init: 'xavier' as 'xavierUniform' })).toThrow(
      /unknown init "xavier"; use one of 'xavierUniform', 'kaimingNormal', 'default'/,
    );
    expect(() => initWeights(net, { seed: 1.5 })).toThrow(/seed must be a safe integer, got 1.5/);
    expect(() => initWeights(net, { sed: 1 } as unknown as object)).toThrow(/unknown option "sed"/);
    expect(() => initWeights({} as tfl.LayersModel)).toThrow(/model must be a tf.LayersModel/);
    net.dispose();
  });
});
