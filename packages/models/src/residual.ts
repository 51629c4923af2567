import * as tfl from '@tensorflow/tfjs-layers';
import { relu, torchBatchNorm, torchConv2d } from './layer-blocks.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of one d2l `Residual` block.
 *
 * @example
 * ```ts
 * const down: ResidualOptions = { channels: 128, strides: 2, useShortcutConv: true, name: 'stage2_block1' };
 * ```
 */
export interface ResidualOptions {
  /** Output channels (`num_channels`). */
  readonly channels: number;
  /** Stride of `conv1` and of the shortcut conv (`strides`). */
  readonly strides: number;
  /** Whether the shortcut is a 1x1 conv (`use_1x1conv`). */
  readonly useShortcutConv: boolean;
  /** Layer-name prefix, e.g. `stage2_block1`. */
  readonly name: string;
}

/**
 * d2l's `Residual` block, channels last:
 * `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))` where `shortcut` is
 * the identity or `conv3` (1x1, same stride). Layer names: `<name>_conv1`,
 * `_bn1`, `_relu1`, `_conv2`, `_bn2`, `_shortcut_conv`, `_add`, `_relu`, and
 * `_pad1` in front of a strided `conv1`.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 *
 * const x = tfl.input({ shape: [16, 16, 8] });
 * const y = residualBlock(x, { channels: 16, strides: 2, useShortcutConv: true, name: 'down' });
 * const block = tfl.model({ inputs: x, outputs: y }); // output [null, 8, 8, 16]
 * ```
 */
export function residualBlock(x: tfl.SymbolicTensor, options: ResidualOptions): tfl.SymbolicTensor {
  checkOptionKeys(options, 'ResidualOptions', 'residualBlock');
  const { channels, strides, useShortcutConv, name } = options;
  let y = torchConv2d(x, channels, 3, strides, `${name}_conv1`, `${name}_pad1`);
  y = relu(torchBatchNorm(y, `${name}_bn1`), `${name}_relu1`);
  y = torchConv2d(y, channels, 3, 1, `${name}_conv2`, `${name}_pad2`);
  y = torchBatchNorm(y, `${name}_bn2`);
  const shortcut = useShortcutConv
    ? torchConv2d(x, channels, 1, strides, `${name}_shortcut_conv`, `${name}_shortcut_pad`)
    : x;
  const sum = tfl.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tfl.SymbolicTensor;
  return relu(sum, `${name}_relu`);
}
