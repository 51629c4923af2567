import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization } from './batch-normalization.js';

/**
 * PyTorch's `nn.BatchNorm2d` momentum 0.1 in Keras terms
 * (Keras: new = momentum * old + (1 - momentum) * batch).
 */
export const TORCH_BN_MOMENTUM = 0.9;
/** PyTorch's `nn.BatchNorm2d` default epsilon (Keras' default is 1e-3). */
export const TORCH_BN_EPSILON = 1e-5;

/**
 * A PyTorch-padded `nn.Conv2d(kernel_size=k, stride=s, padding=(k-1)/2, bias=True)`.
 *
 * Stride 1 uses `'same'` padding, which pads (k-1)/2 on every side like PyTorch.
 * Stride 2 with a 3x3 kernel adds an explicit `ZeroPadding2D(1)` layer named
 * `<name without _convN>_padN` and a `'valid'` conv: TensorFlow's `'same'` would
 * pad 0 on top/left and 1 on bottom/right for even sizes and shift every pixel.
 */
export function torchConv2d(
  x: tfl.SymbolicTensor,
  filters: number,
  kernelSize: number,
  strides: number,
  name: string,
  padName: string,
): tfl.SymbolicTensor {
  const pad = (kernelSize - 1) / 2;
  if (strides === 1 || pad === 0) {
    return tfl.layers
      .conv2d({ filters, kernelSize, strides, padding: pad === 0 ? 'valid' : 'same', useBias: true, name })
      .apply(x) as tfl.SymbolicTensor;
  }
  const padded = tfl.layers.zeroPadding2d({ padding: pad, name: padName }).apply(x) as tfl.SymbolicTensor;
  return tfl.layers
    .conv2d({ filters, kernelSize, strides, padding: 'valid', useBias: true, name })
    .apply(padded) as tfl.SymbolicTensor;
}

/** `nn.BatchNorm2d(c)` with PyTorch's momentum and epsilon, channels last (aug's {@link BatchNormalization}: fused training pass). */
export function torchBatchNorm(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return new BatchNormalization({ axis: -1, momentum: TORCH_BN_MOMENTUM, epsilon: TORCH_BN_EPSILON, name }).apply(x) as tfl.SymbolicTensor;
}

/** A named ReLU layer. */
export function relu(x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return tfl.layers.activation({ activation: 'relu', name }).apply(x) as tfl.SymbolicTensor;
}
