import { optionKeys } from '@aug/internal';
import type { MicroBatchOptions } from './micro-batch.js';
import type { UseBackendOptions } from './types.js';
import type { WebgpuInitOptions } from './webgpu/route.js';

// The full key list of every public options type of @aug/backend, checked by the compiler against the
// type (a key added to the type without being listed here fails to compile). The public functions pass
// their options through `checkOptions(options, KEYS, where)`, so a misspelled key is a TypeError naming
// the key and the nearest valid one instead of being dropped.

/** Every key of {@link UseBackendOptions}. */
export const USE_BACKEND_OPTION_KEYS = optionKeys<UseBackendOptions>({
  threads: true,
  log: true,
  allowSoftwareWebgpu: true,
  env: true,
  wasmPaths: true,
});

/** Every key of {@link MicroBatchOptions}. */
export const MICRO_BATCH_OPTION_KEYS = optionKeys<MicroBatchOptions>({
  inputShape: true,
  model: true,
  activationsPerSample: true,
  bytesPerExample: true,
  reservedBytes: true,
  backend: true,
  memoryBudgetBytes: true,
  equalSplit: true,
});

/** Every key of {@link WebgpuInitOptions}. */
export const WEBGPU_INIT_OPTION_KEYS = optionKeys<WebgpuInitOptions>({
  allowSoftware: true,
});
