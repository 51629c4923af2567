import * as tfl from '@tensorflow/tfjs-layers';
import { relu, torchBatchNorm, torchConv2d } from './layer-blocks.js';
import { residualBlock } from './residual.js';
import { assertInteger } from '@aug/internal';
import { checkOptionKeys } from './option-keys.js';

/**
 * Options of {@link resnet18}; every field is optional.
 *
 * @example
 * ```ts
 * const options: ResNet18Options = { numClasses: 10, inChannels: 1, inputSize: 28, width: 8 };
 * const net = resnet18(options);
 * ```
 */
export interface ResNet18Options {
  /** Number of output logits. Default 10. */
  readonly numClasses?: number;
  /** Input channels (3 for RGB, 1 for Fashion-MNIST). Default 3. */
  readonly inChannels?: number;
  /** Input height and width in pixels, at least 8. Default 32 (CIFAR-10). */
  readonly inputSize?: number;
  /**
   * Channels of the first stage; the stages use width, 2, 4 and 8 x width
   * channels. Default 64 (d2l's ResNet-18). Use 4 or 8 for fast test models.
   */
  readonly width?: number;
}

/** The smallest `inputSize`: three stride-2 stages need 2^3 pixels to reach a 1x1 map. */
export const MIN_INPUT_SIZE = 8;

/** The resolved options of a {@link resnet18} call (every field set). */
export type ResolvedResNet18Options = { readonly [K in keyof ResNet18Options]-?: number };

/**
 * Applies {@link resnet18}'s defaults and checks every option; throws a
 * TypeError/RangeError naming the bad option, its value and what to pass.
 *
 * @example
 * ```ts
 * resolveResNet18Options({ width: 8 });
 * // { numClasses: 10, inChannels: 3, inputSize: 32, width: 8 }
 * ```
 */
export function resolveResNet18Options(options: ResNet18Options = {}): ResolvedResNet18Options {
  checkOptionKeys(options, 'ResNet18Options', 'resnet18');
  const { numClasses = 10, inChannels = 3, inputSize = 32, width = 64 } = options ?? {};
  return {
    numClasses: assertInteger(numClasses, 'numClasses', { min: 1, where: 'resnet18', hint: 'pass the number of classes, e.g. 10' }),
    inChannels: assertInteger(inChannels, 'inChannels', { min: 1, where: 'resnet18', hint: 'pass 3 for RGB or 1 for grayscale' }),
    inputSize: assertInteger(inputSize, 'inputSize', {
      min: MIN_INPUT_SIZE,
      where: 'resnet18',
      hint: `three stride-2 stages need an input of at least ${MIN_INPUT_SIZE}x${MIN_INPUT_SIZE}; resize the images or pass a larger inputSize`,
    }),
    width: assertInteger(width, 'width', { min: 1, where: 'resnet18', hint: 'pass 64 for the d2l model or e.g. 8 for a small one' }),
  };
}

/**
 * d2l's ResNet-18 (`d2l.resnet18`, "Dive into Deep Learning" section 8.6/13.6)
 * as a `tf.LayersModel` built from built-in layers only, so `saveModel`,
 * `loadModel` and `model.save` work without registering classes.
 *
 * Architecture: 3x3 stride-1 conv with bias, BatchNorm, ReLU (no max-pool);
 * four stages of two residual blocks with width x [1, 2, 4, 8] channels, the
 * first block of stages 2-4 with stride 2 and a 1x1 stride-2 shortcut conv;
 * global average pool; Dense to `numClasses` logits (no softmax).
 * BatchNorm uses PyTorch's defaults (Keras momentum 0.9, epsilon 1e-5).
 * At the defaults: 11,176,970 trainable and 7,808 non-trainable parameters.
 *
 * Differences forced by tfjs: input is NHWC `[batch, inputSize, inputSize,
 * inChannels]` (PyTorch: NCHW); kernels are HWIO (PyTorch: OIHW); in train
 * mode the BatchNorm moving variance is updated with the biased batch variance
 * (PyTorch: unbiased), see the README. Layer names (`stem_conv`,
 * `stage2_block1_conv1`, `stage2_block1_shortcut_conv`, `head_dense`, ...) map
 * one to one to PyTorch's state_dict keys, see `torchNameToLayer`.
 *
 * The weights come from tfjs's unseeded Glorot initialiser; call
 * `initWeights(model, { seed })` for reproducible, PyTorch-equal init.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { resnet18, initWeights } from '@aug/models';
 *
 * const net = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32 });
 * initWeights(net, { init: 'xavierUniform', seed: 42 });
 * const logits = tf.tidy(() => net.predict(tf.zeros([2, 32, 32, 3])) as tf.Tensor);
 * console.log(logits.shape); // [2, 10]
 * logits.dispose();
 * ```
 */
export function resnet18(options: ResNet18Options = {}): tfl.LayersModel {
  const { numClasses, inChannels, inputSize, width } = resolveResNet18Options(options);
  const input = tfl.input({ shape: [inputSize, inputSize, inChannels], name: 'input' });
  let x = torchConv2d(input, width, 3, 1, 'stem_conv', 'stem_pad');
  x = relu(torchBatchNorm(x, 'stem_bn'), 'stem_relu');
  const channels = [width, 2 * width, 4 * width, 8 * width];
  channels.forEach((c, i) => {
    const stage = i + 1;
    for (let block = 1; block <= 2; block++) {
      const downsample = stage > 1 && block === 1;
      x = residualBlock(x, {
        channels: c,
        strides: downsample ? 2 : 1,
        useShortcutConv: downsample,
        name: `stage${stage}_block${block}`,
      });
    }
  });
  x = tfl.layers.globalAveragePooling2d({ name: 'global_avg_pool' }).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: numClasses, useBias: true, name: 'head_dense' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'resnet18' });
}
