import * as tf from '@tensorflow/tfjs-core';
import { tryImport } from './module-loader.js';
import { packageDir } from './package-dir.js';
import type { ModuleImporter } from './types.js';
import { instantiateWasmModule, releaseWasmWorkers, type WasmModule } from './wasm-module.js';

/** The npm package of the wasm backend. */
export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

interface WasmPackage {
  BackendWasm: new (module: WasmModule) => tf.KernelBackend;
  setThreadsCount: (threads: number) => void;
  getThreadsCount: () => number;
}

function isWasmPackage(value: unknown): value is WasmPackage {
  const m = value as Partial<WasmPackage> | null;
  return typeof m === 'object' && m !== null && typeof m.BackendWasm === 'function' && typeof m.setThreadsCount === 'function';
}

/** The thread count of the 'wasm' backend aug registered, or null when aug has not registered one. */
let registeredThreads: number | null = null;

/** The outcome of starting the wasm backend. */
export type WasmOutcome = { ok: true; threads: number } | { ok: false; reason: string };

/**
 * Loads @tensorflow/tfjs-backend-wasm, instantiates its module from the installed package's files
 * (no fetch, no `setWasmPaths` needed) with `threads` XNNPACK threads, registers it as tfjs's
 * `'wasm'` backend and selects it. Asking again with another thread count replaces the backend
 * (its tensors are lost, as with `tf.removeBackend`). `_wasmPaths` is for the browser build (see
 * `wasm.browser.ts`); under Node the files come from the installed package.
 */
export async function startWasm(importer: ModuleImporter, threads: number, _wasmPaths?: string | Record<string, string>): Promise<WasmOutcome> {
  const loaded = await tryImport(importer, WASM_PACKAGE);
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const pkg = (loaded.module as { default?: unknown }).default !== undefined && !isWasmPackage(loaded.module)
    ? (loaded.module as { default: unknown }).default
    : loaded.module;
  if (!isWasmPackage(pkg)) return { ok: false, reason: `${WASM_PACKAGE} loaded but does not export BackendWasm/setThreadsCount (expected version 4.x)` };
  if (registeredThreads !== threads || tf.findBackend('wasm') === null) {
    const root = packageDir(WASM_PACKAGE);
    if (root === null) return { ok: false, reason: `${WASM_PACKAGE} loaded but its folder (with the .wasm files) could not be resolved from @aug/backend` };
    let backend: tf.KernelBackend;
    try {
      const module = await instantiateWasmModule(root, threads);
      pkg.setThreadsCount(threads);
      backend = new pkg.BackendWasm(module);
      releaseWasmWorkers(module);
    } catch (error) {
      return { ok: false, reason: `${WASM_PACKAGE} failed to start: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
    tf.registerBackend('wasm', () => backend, 2);
    registeredThreads = threads;
  }
  if (!(await tf.setBackend('wasm'))) return { ok: false, reason: `${WASM_PACKAGE} failed to initialise` };
  let actual = threads;
  try {
    actual = pkg.getThreadsCount();
  } catch {
    // older builds: keep the requested count
  }
  return { ok: true, threads: actual };
}
