// Every public options object of @aug/models rejects an unknown key with a TypeError naming it and the
// nearest valid key (one check for every package: @aug/internal's checkOptions).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { exportedTypes } from '@aug/test-utils';
import { describe, expect, it } from 'vitest';
import { getModel, initWeights, residualBlock, resnet18 } from '../src/index.js';
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
};

describe('strict options', () => {
  it('knows every exported options type of the package (a new one must be listed in src/option-keys.ts)', () => {
    const types = exportedTypes(index).filter((t) => t.endsWith('Options'));
    expect(types.sort()).toEqual(Object.keys(OPTION_KEYS).sort());
  });

  for (const type of Object.keys(OPTION_KEYS) as OptionsTypeName[]) {
    it(`${type}: each documented key with one letter dropped is a TypeError naming it and the key`, () => {
      const before = tf.memory().numTensors;
      for (const key of OPTION_KEYS[type]) {
        const typo = key.length > 3 ? key.slice(0, -2) + key.slice(-1) : `${key}x`;
        expect(() => callers[type]({ [typo]: 1 }), `${type}.${typo}`).toThrow(TypeError);
        expect(() => callers[type]({ [typo]: 1 })).toThrow(`unknown option "${typo}" (did you mean "${key}"?)`);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('getModel hands the options to the model builder, which checks them', () => {
    expect(() => getModel('resnet18', { numClass: 10 } as never)).toThrow('resnet18: unknown option "numClass" (did you mean "numClasses"?)');
  });
});
