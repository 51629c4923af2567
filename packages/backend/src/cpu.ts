import * as tf from '@tensorflow/tfjs-core';
import { tryImport } from './module-loader.js';
import type { ModuleImporter } from './types.js';

/** The npm package of the pure-JavaScript cpu backend. */
export const CPU_PACKAGE = '@tensorflow/tfjs-backend-cpu';

/** Loads @tensorflow/tfjs-backend-cpu (which registers `'cpu'`) and selects it. */
export async function startCpu(importer: ModuleImporter): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (tf.findBackendFactory('cpu') === null) {
    const loaded = await tryImport(importer, CPU_PACKAGE);
    if (!loaded.ok) return { ok: false, reason: loaded.reason };
    if (tf.findBackendFactory('cpu') === null) {
      return { ok: false, reason: `${CPU_PACKAGE} loaded but registered no 'cpu' backend (is it a different copy of @tensorflow/tfjs-core?)` };
    }
  }
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: `${CPU_PACKAGE} failed to initialise` };
  return { ok: true };
}
