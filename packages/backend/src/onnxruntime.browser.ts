// The browser build's onnxruntime module: onnxruntime-node is a native Node addon, so in a page the
// route is never available and the engine never runs.
import type { OrtEngine } from './onnxruntime/ort-engine.js';
import type { ModuleImporter } from './types.js';

export { ORT_BACKEND_NAME } from './onnxruntime/conv-kernels.js';
export { ORT_PACKAGE } from './onnxruntime/ort-engine.js';
export const ORT_INSTALL_HINT = 'onnxruntime-node runs only under Node; in a browser use the wasm route (useBackend(\'wasm\'))';

/** Always null in a browser. */
export function currentOrtEngine(): OrtEngine | null {
  return null;
}

/** Nothing to release in a browser. */
export function releaseOrtEngine(): void {}

export type OnnxruntimeOutcome = { ok: true; threads: number } | { ok: false; reason: string };

/** Never starts in a browser: says why. */
export async function startOnnxruntime(_importer: ModuleImporter, _threads: number): Promise<OnnxruntimeOutcome> {
  return { ok: false, reason: 'onnxruntime-node is a native Node addon: it cannot run in a browser' };
}
