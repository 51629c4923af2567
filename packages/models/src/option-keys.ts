import { checkOptions, optionKeys } from '@aug/internal';
import type { FuseConvBnEvalOptions } from './fuse-conv-bn.js';
import type { InitWeightsOptions } from './init-weights.js';
import type { ResidualOptions } from './residual.js';
import type { ResNet18Options } from './resnet18.js';

/**
 * The keys of every public options type of `@aug/models`, by type name; the compiler checks each list
 * against its interface (a key added to an interface and not here fails to compile). The functions
 * taking these options pass them through {@link checkOptionKeys}, so a misspelled key (`numClass`, `sed`)
 * is a `TypeError` naming it and the nearest valid key instead of being ignored.
 */
export const OPTION_KEYS = {
  ResNet18Options: optionKeys<ResNet18Options>({ numClasses: true, inChannels: true, inputSize: true, width: true }),
  ResidualOptions: optionKeys<ResidualOptions>({ channels: true, strides: true, useShortcutConv: true, name: true }),
  InitWeightsOptions: optionKeys<InitWeightsOptions>({ init: true, seed: true }),
  FuseConvBnEvalOptions: optionKeys<FuseConvBnEvalOptions>({ relu: true }),
} as const;

/** Name of a public options type of `@aug/models`. */
export type OptionsTypeName = keyof typeof OPTION_KEYS;

/**
 * Throws a `TypeError` when `options` is not an object or holds a key that `type` does not have.
 * @example `checkOptionKeys(options, 'ResNet18Options', 'resnet18')`
 */
export function checkOptionKeys(options: unknown, type: OptionsTypeName, where: string): void {
  checkOptions(options, OPTION_KEYS[type], where);
}
