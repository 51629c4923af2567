// Every public options object of @aug/models rejects an unknown key with a TypeError naming it and the
// nearest valid key (one check for every package: @aug/internal's checkOptions).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describeStrictOptions } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import { fuseConvBnEval, getModel, initWeights, residualBlock, resnet18 } from '../src/index.js';
import { OPTION_KEYS, type OptionsTypeName } from '../src/option-keys.js';

const index = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');

function tinyNet(): tfl.LayersModel {
  return tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
}

/** For each options type, a call that passes `options` where that type is taken. */
const callers: Record<OptionsTypeName, (options: Record<string, unknown>) => unknown> = {
  ResNet18Options: (o) => resnet18(o as never).dispose(),
  ResidualOptions: (o) => residualBlock(tfl.input({ shape: [8, 8, 4] }), { channels: 4, strides: 1, useShortcutConv: false, name: 'b', ...o } as never),
  InitWeightsOptions: (o) => {
    const net = tinyNet();
    try {
      initWeights(net, o as never);
    } finally {
      net.dispose();
    }
  },
  FuseConvBnEvalOptions: (o) => {
    const net = tinyNet();
    try {
      fuseConvBnEval(net, o as never).dispose();
    } finally {
      net.dispose();
    }
  },
};

describe('strict options', () => {
  describeStrictOptions(index, OPTION_KEYS, callers, () => tf.memory().numTensors);

  it('getModel hands the options to the model builder, which checks them', () => {
    expect(() => getModel('resnet18', { numClass: 10 } as never)).toThrow('resnet18: unknown option "numClass" (did you mean "numClasses"?)');
  });
});
