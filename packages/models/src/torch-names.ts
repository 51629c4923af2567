/**
 * Where a PyTorch state_dict entry lives in the tfjs model.
 *
 * @example
 * ```ts
 * const ref: TfjsWeightRef = { layer: 'head_dense', weight: 'kernel', layout: 'linear-to-dense' };
 * ```
 */
export interface TfjsWeightRef {
  /** tfjs layer name, e.g. `stage2_block1_conv1`. */
  readonly layer: string;
  /** tfjs weight name within the layer. */
  readonly weight: 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';
  /** How to turn the PyTorch array into the tfjs one. */
  readonly layout: 'oihw-to-hwio' | 'linear-to-dense' | 'same';
}

const BN_WEIGHTS = {
  weight: 'gamma',
  bias: 'beta',
  running_mean: 'moving_mean',
  running_var: 'moving_variance',
} as const;
const MODULES = { conv1: 'conv1', conv2: 'conv2', conv3: 'shortcut_conv', bn1: 'bn1', bn2: 'bn2' } as const;

function conv(layer: string, param: string): TfjsWeightRef | null {
  if (param === 'weight') return { layer, weight: 'kernel', layout: 'oihw-to-hwio' };
  if (param === 'bias') return { layer, weight: 'bias', layout: 'same' };
  return null;
}

function bn(layer: string, param: string): TfjsWeightRef | null {
  const weight = BN_WEIGHTS[param as keyof typeof BN_WEIGHTS];
  return weight === undefined ? null : { layer, weight, layout: 'same' };
}

/**
 * Maps a key of d2l's PyTorch `resnet18(...).state_dict()` to the layer and
 * weight of {@link resnet18}, or `null` for keys without a counterpart
 * (`num_batches_tracked`) or unknown keys.
 *
 * | PyTorch key | tfjs layer / weight |
 * |---|---|
 * | `0.weight`, `0.bias` | `stem_conv` kernel (OIHW -> HWIO), bias |
 * | `1.weight/bias/running_mean/running_var` | `stem_bn` gamma/beta/moving_mean/moving_variance |
 * | `resnet_block{s}.{i}.conv1/conv2` | `stage{s}_block{i+1}_conv1/conv2` |
 * | `resnet_block{s}.{i}.conv3` | `stage{s}_block{i+1}_shortcut_conv` |
 * | `resnet_block{s}.{i}.bn1/bn2` | `stage{s}_block{i+1}_bn1/bn2` |
 * | `fc.1.weight`, `fc.1.bias` | `head_dense` kernel (transposed), bias |
 *
 * @example
 * ```ts
 * torchNameToLayer('resnet_block2.0.conv3.weight');
 * // { layer: 'stage2_block1_shortcut_conv', weight: 'kernel', layout: 'oihw-to-hwio' }
 * ```
 */
export function torchNameToLayer(key: string): TfjsWeightRef | null {
  let m = /^0\.(\w+)$/.exec(key);
  if (m) return conv('stem_conv', m[1]!);
  m = /^1\.(\w+)$/.exec(key);
  if (m) return bn('stem_bn', m[1]!);
  m = /^resnet_block([1-4])\.(\d+)\.(conv1|conv2|conv3|bn1|bn2)\.(\w+)$/.exec(key);
  if (m) {
    const layer = `stage${m[1]}_block${Number(m[2]) + 1}_${MODULES[m[3] as keyof typeof MODULES]}`;
    return m[3]!.startsWith('conv') ? conv(layer, m[4]!) : bn(layer, m[4]!);
  }
  m = /^fc\.1\.(weight|bias)$/.exec(key);
  if (m) {
    return m[1] === 'weight'
      ? { layer: 'head_dense', weight: 'kernel', layout: 'linear-to-dense' }
      : { layer: 'head_dense', weight: 'bias', layout: 'same' };
  }
  return null;
}
