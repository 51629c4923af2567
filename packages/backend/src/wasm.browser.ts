// The browser build's wasm route: tfjs-backend-wasm's own init (it fetches its .wasm files; threads
// where the page is cross-origin isolated), then aug's training kernels as under Node.
import * as tf from '@tensorflow/tfjs-core';
import { tryImport } from './module-loader.js';
import type { ModuleImporter } from './types.js';

/** The npm package of the wasm backend. */
export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

interface WasmPackage {
  setWasmPaths: (prefixOrFileMap: string | Record<string, string>, usePlatformFetch?: boolean) => void;
  setThreadsCount: (threads: number) => void;
  getThreadsCount: () => number;
}

function isWasmPackage(value: unknown): value is WasmPackage {
  const m = value as Partial<WasmPackage> | null;
  return typeof m === 'object' && m !== null && typeof m.setWasmPaths === 'function' && typeof m.setThreadsCount === 'function';
}

/** The outcome of starting the wasm backend. */
export type WasmOutcome = { ok: true; threads: number } | { ok: false; reason: string };

/**
 * Loads @tensorflow/tfjs-backend-wasm (which registers `'wasm'`), points it at the page's `.wasm`
 * files when `wasmPaths` is given, asks for `threads` threads (it uses one unless the page is
 * cross-origin isolated) and selects it.
 */
export async function startWasm(importer: ModuleImporter, threads: number, wasmPaths?: string | Record<string, string>): Promise<WasmOutcome> {
  const loaded = await tryImport(importer, WASM_PACKAGE);
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const pkg = loaded.module;
  if (!isWasmPackage(pkg)) return { ok: false, reason: `${WASM_PACKAGE} loaded but does not export setWasmPaths/setThreadsCount (expected version 4.x)` };
  if (tf.engine().registry['wasm'] === undefined) {
    if (wasmPaths !== undefined) pkg.setWasmPaths(wasmPaths);
    pkg.setThreadsCount(threads);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend('wasm');
  } catch (error) {
    return { ok: false, reason: `${WASM_PACKAGE} failed to start: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!ok) return { ok: false, reason: `${WASM_PACKAGE} failed to initialise (are its .wasm files served? pass wasmPaths)` };
  let actual = 1;
  try {
    actual = pkg.getThreadsCount();
  } catch {
    // not reported: one thread
  }
  return { ok: true, threads: actual };
}
