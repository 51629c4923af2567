import { describe, expect, it } from 'vitest';
import { modelSignature } from '../src/model-signature.js';
import { getModel, listModels } from '../src/registry.js';
import { resnet18 } from '../src/resnet18.js';
import { torchNameToLayer } from '../src/torch-names.js';

describe('registry', () => {
  it('lists and builds registered models, passing options through', () => {
    expect(listModels()).toEqual(['resnet18']);
    const a = getModel('resnet18', { width: 2, inputSize: 8, numClasses: 4 });
    const b = resnet18({ width: 2, inputSize: 8, numClasses: 4 });
    expect(modelSignature(a)).toBe(modelSignature(b));
    expect(a.outputs[0]!.shape).toEqual([null, 4]);
    a.dispose();
    b.dispose();
  });

  it('rejects unknown names and forwards option errors', () => {
    expect(() => getModel('resnet50' as 'resnet18')).toThrow(/unknown model name "resnet50"; use one of 'resnet18'/);
    expect(() => getModel('toString' as 'resnet18')).toThrow(/unknown model name/);
    expect(() => getModel('resnet18', { width: 0 })).toThrow(/width must be a positive integer/);
  });
});

describe('modelSignature', () => {
  it('describes architecture and weight shapes, and tells models apart', () => {
    const a = resnet18({ width: 2, inputSize: 8 });
    const sig = modelSignature(a);
    expect(sig.split('\n').slice(0, 4)).toEqual([
      'inputs=[?,8,8,3]',
      'outputs=[?,10]',
      'input:InputLayer()',
      'stem_conv:Conv2D(kernel[3,3,3,2],bias[2])',
    ]);
    expect(sig).toContain('stem_bn:BatchNormalization(gamma[2],beta[2],moving_mean[2],moving_variance[2])');
    const others = [
      resnet18({ width: 2, inputSize: 8, numClasses: 9 }),
      resnet18({ width: 4, inputSize: 8 }),
      resnet18({ width: 2, inputSize: 16 }),
      resnet18({ width: 2, inputSize: 8, inChannels: 1 }),
    ];
    for (const o of others) expect(modelSignature(o)).not.toBe(sig);
    for (const o of [a, ...others]) o.dispose();
  });
});

describe('torchNameToLayer', () => {
  it("maps d2l's state_dict keys to layer weights", () => {
    expect(torchNameToLayer('0.weight')).toEqual({ layer: 'stem_conv', weight: 'kernel', layout: 'oihw-to-hwio' });
    expect(torchNameToLayer('1.running_var')).toEqual({ layer: 'stem_bn', weight: 'moving_variance', layout: 'same' });
    expect(torchNameToLayer('resnet_block1.1.bn2.weight')).toEqual({ layer: 'stage1_block2_bn2', weight: 'gamma', layout: 'same' });
    expect(torchNameToLayer('resnet_block3.0.conv3.bias')).toEqual({ layer: 'stage3_block1_shortcut_conv', weight: 'bias', layout: 'same' });
    expect(torchNameToLayer('fc.1.weight')).toEqual({ layer: 'head_dense', weight: 'kernel', layout: 'linear-to-dense' });
    expect(torchNameToLayer('1.num_batches_tracked')).toBeNull();
    expect(torchNameToLayer('resnet_block5.0.conv1.weight')).toBeNull();
    expect(torchNameToLayer('fc.0.weight')).toBeNull();
  });
});
