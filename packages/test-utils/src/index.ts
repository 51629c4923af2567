/**
 * `@aug/test-utils`: helpers shared by the `@aug` packages' test suites. Private, source-only; the common
 * vitest setup is the `@aug/test-utils/setup` entry.
 */
export { maxAbs, maxAbsDiff } from './max-abs-diff.js';
export type { Values } from './max-abs-diff.js';
export { recorder } from './recorder.js';
export { sinFill } from './sin-fill.js';
export type { Recorder } from './recorder.js';
export { removeTempDirs, tempDir } from './temp-dir.js';
export { tarBytes } from './tar.js';
export type { TarEntry } from './tar.js';
export {
  CLASSES, TRAIN, archiveBytes, batchBytes, label, learnablePixel, makeLayout, md5, noise, pixel, writeLayout, writeTinyCifar,
} from './tiny-cifar.js';
export type { Layout, TinyCifarOptions } from './tiny-cifar.js';
export { checkKernel } from './check-kernel.js';
export type { CheckKernelOptions, ImageLike } from './check-kernel.js';
export { documentedApi, exportedTypes } from './public-api.js';
export type { ApiEntry } from './public-api.js';
export { describePublicApi } from './public-api-suite.js';
export type { ApiEntryPoint } from './public-api-suite.js';
export { describeErrorClasses } from './error-classes.js';
export type { ErrorFactory } from './error-classes.js';
export { describeStrictOptions } from './strict-options-suite.js';
export type { OptionsCaller } from './strict-options-suite.js';
