import * as tf from '@tensorflow/tfjs-core';
import { tryImport, type LoadOutcome } from './module-loader.js';
import type { ModuleImporter } from './types.js';

/** The CUDA stack @tensorflow/tfjs-node-gpu 4.x is built against. */
export const CUDA_REQUIREMENT = 'an NVIDIA GPU with CUDA 11.2 and cuDNN 8.1';

/** The result of trying one native (libtensorflow) package. */
export type NativeOutcome =
  | { ok: true; package: string; gpu: boolean }
  | { ok: false; package: string; reason: string; kind: Exclude<LoadOutcome, { ok: true }>['kind'] | 'no-cuda' };

interface GpuAwareBackend {
  isUsingGpuDevice?: () => boolean;
}

/**
 * Loads a native package (`@tensorflow/tfjs-node` or `@tensorflow/tfjs-node-gpu`), which registers the
 * `'tensorflow'` tfjs backend, then selects that backend. For the GPU package it also asks the binding
 * whether a CUDA device is in use, and restores the previous backend when none is.
 */
export async function loadNative(importer: ModuleImporter, pkg: '@tensorflow/tfjs-node' | '@tensorflow/tfjs-node-gpu'): Promise<NativeOutcome> {
  const loaded = await tryImport(importer, pkg);
  if (!loaded.ok) return { ok: false, package: pkg, reason: loaded.reason, kind: loaded.kind };
  if (tf.findBackendFactory('tensorflow') === null) {
    return { ok: false, package: pkg, kind: 'failed', reason: `${pkg} loaded but registered no 'tensorflow' backend (is it a different copy of @tensorflow/tfjs-core?)` };
  }
  const previous = tf.getBackend();
  let selected = false;
  try {
    selected = await tf.setBackend('tensorflow');
  } catch (error) {
    return { ok: false, package: pkg, kind: 'failed', reason: `${pkg} failed to start: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!selected) return { ok: false, package: pkg, kind: 'failed', reason: `${pkg} failed to initialise its 'tensorflow' backend` };
  if (pkg === '@tensorflow/tfjs-node-gpu') {
    const backend = tf.backend() as unknown as GpuAwareBackend;
    const gpu = typeof backend.isUsingGpuDevice === 'function' ? backend.isUsingGpuDevice() : false;
    if (!gpu) {
      if (previous) await tf.setBackend(previous);
      return { ok: false, package: pkg, kind: 'no-cuda', reason: `no CUDA device found (${pkg} needs ${CUDA_REQUIREMENT})` };
    }
    return { ok: true, package: pkg, gpu: true };
  }
  return { ok: true, package: pkg, gpu: false };
}
