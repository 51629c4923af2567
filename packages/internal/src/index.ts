/**
 * `@aug/internal`: small pure helpers shared by the `@aug` packages, one home each. Private: consumers
 * list it in devDependencies and bundle it (tsup `noExternal`), and never expose its types (the shared public
 * types live in `../types.ts`, `@aug/internal/types`, which the builds copy into each package's d.ts).
 */
export { describeValue } from './describe-value.js';
export { assertInteger, assertPositiveInteger } from './integer.js';
export type { IntegerCheck } from './integer.js';
export { fisherYates, permutation } from './permutation.js';
export type { UniformSource } from './permutation.js';
export { UINT8_TO_UNIT, clampByte, toUint8 } from './pixels.js';
export { fsAdvice, fsReadAdvice } from './fs-advice.js';
export { checkOptions, nearestKey, optionKeys } from './strict-options.js';
export { errorBaseClass } from './error-class.js';
export { formatDuration } from './format-duration.js';
