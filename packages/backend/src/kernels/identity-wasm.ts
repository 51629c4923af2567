import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';

/** The part of tfjs-backend-wasm's `BackendWasm` the zero-copy `Identity` uses. */
interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * `Identity` for tfjs-backend-wasm without a copy: the output shares the input's heap buffer and
 * the backend's reference count keeps it alive until both tensors are disposed — what the cpu and
 * webgl backends' `Identity` and the wasm backend's own `Reshape` already do (tfjs tensors are
 * immutable; a variable's `assign` swaps buffers, it never writes into one). The stock wasm kernel
 * copies the whole tensor: ~100 activation-sized copies per ResNet-18 training step (tfjs's gradient
 * bookkeeping, `tf.customGrad`, layers' `training` passes). Strings go to the stock kernel.
 */
export function wasmIdentityKernel(fallback: KernelFunc | null): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs['x'] as TensorInfo;
    const backend = args.backend as unknown as Partial<RefCountingBackend>;
    if (x.dtype === 'string' || typeof backend.incRef !== 'function') {
      if (fallback === null) throw new BackendError('KERNEL_MISSING', '@aug/backend: no stock wasm Identity kernel to fall back to');
      return fallback(args);
    }
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
  return { kernelName: 'Identity', backendName: 'wasm', kernelFunc };
}
