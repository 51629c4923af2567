import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { resnet18, resolveResNet18Options } from '../src/resnet18.js';

function counts(model: tfl.LayersModel): { trainable: number; nonTrainable: number } {
  const size = (ws: tfl.LayerVariable[]): number =>
    ws.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
  return { trainable: size(model.trainableWeights), nonTrainable: size(model.nonTrainableWeights) };
}

describe('resnet18', () => {
  it('has d2l ResNet-18 parameter counts at the defaults (11,176,970 + 7,808)', () => {
    const before = tf.memory().numTensors;
    const net = resnet18();
    expect(counts(net)).toEqual({ trainable: 11_176_970, nonTrainable: 7_808 });
    expect(net.countParams()).toBe(11_176_970 + 7_808);
    expect(net.inputs[0]!.shape).toEqual([null, 32, 32, 3]);
    expect(net.outputs[0]!.shape).toEqual([null, 10]);
    // one full-width forward pass (batch 1, ~3 s on the cpu backend)
    const y = tf.tidy(() => net.predict(tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 3)) as tf.Tensor);
    expect(y.shape).toEqual([1, 10]);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    y.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('scales channels with width and counts params for other heads/inputs', () => {
    // 1 input channel, 100 classes: stem 3*3*1*64+64 instead of 3*3*3*64+64, head 512*100+100.
    const net = resnet18({ numClasses: 100, inChannels: 1, inputSize: 28 });
    expect(counts(net).trainable).toBe(11_176_970 - 2 * 9 * 64 - (512 * 10 + 10) + (512 * 100 + 100));
    net.dispose();
    const small = resnet18({ width: 8, inputSize: 16 });
    const kernel = (name: string): number[] => small.getLayer(name).getWeights()[0]!.shape;
    expect(kernel('stem_conv')).toEqual([3, 3, 3, 8]);
    expect(kernel('stage2_block1_conv1')).toEqual([3, 3, 8, 16]);
    expect(kernel('stage4_block2_conv2')).toEqual([3, 3, 64, 64]);
    expect(kernel('stage3_block1_shortcut_conv')).toEqual([1, 1, 16, 32]);
    expect(kernel('head_dense')).toEqual([64, 10]);
    small.dispose();
  });

  it('uses stable descriptive layer names and PyTorch BatchNorm defaults', () => {
    const net = resnet18({ width: 4, inputSize: 8 });
    const names = net.layers.map((l) => l.name);
    expect(names.slice(0, 4)).toEqual(['input', 'stem_conv', 'stem_bn', 'stem_relu']);
    for (const n of ['stage1_block1_conv1', 'stage1_block2_add', 'stage2_block1_pad1', 'stage2_block1_shortcut_conv']) {
      expect(names).toContain(n);
    }
    expect(names).not.toContain('stage1_block1_shortcut_conv'); // stage 1 keeps identity shortcuts
    expect(names).not.toContain('stage2_block2_shortcut_conv');
    expect(names.slice(-2)).toEqual(['global_avg_pool', 'head_dense']);
    expect(names.filter((n) => n.endsWith('_conv1') || n.endsWith('_conv2') || n.endsWith('_conv')).length).toBe(20);
    const bn = net.getLayer('stage3_block2_bn1').getConfig();
    expect(bn.momentum).toBe(0.9);
    expect(bn.epsilon).toBe(1e-5);
    net.dispose();
  });

  it('downsamples like PyTorch padding=1 (also for odd sizes) and outputs logits', () => {
    for (const [size, finalSize] of [
      [16, 2],
      [9, 2], // 9 -> 5 -> 3 -> 2
      [8, 1],
    ] as const) {
      const net = resnet18({ width: 2, inputSize: size, numClasses: 3 });
      expect(net.getLayer('stage4_block2_relu').outputShape).toEqual([null, finalSize, finalSize, 16]);
      net.dispose();
    }
    const before = tf.memory().numTensors;
    const net = resnet18({ width: 4, inputSize: 8, numClasses: 5 });
    const y = tf.tidy(() => net.predict(tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1)) as tf.Tensor);
    expect(y.shape).toEqual([2, 5]);
    const sums = tf.tidy(() => tf.sum(y, 1).arraySync() as number[]);
    expect(sums.some((s) => Math.abs(s - 1) > 1e-3)).toBe(true); // logits, not softmax
    y.dispose();
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad options with errors naming the option', () => {
    expect(() => resnet18({ numClasses: 0 })).toThrow(/numClasses must be a positive integer, got 0/);
    expect(() => resnet18({ numClasses: 2.5 })).toThrow(RangeError);
    expect(() => resnet18({ inChannels: -3 })).toThrow(/inChannels must be a positive integer, got -3/);
    expect(() => resnet18({ width: Number.NaN })).toThrow(/width must be a positive integer, got NaN/);
    expect(() => resnet18({ width: '8' as unknown as number })).toThrow(TypeError);
    expect(() => resnet18({ inputSize: 7 })).toThrow(/inputSize must be an integer >= 8, got 7; three stride-2 stages/);
    expect(() => resnet18({ numClass: 10 } as unknown as object)).toThrow(/unknown option "numClass"/);
    expect(() => resnet18(null as unknown as object)).toThrow(/options must be an object/);
    expect(resolveResNet18Options()).toEqual({ numClasses: 10, inChannels: 3, inputSize: 32, width: 64 });
  });
});
