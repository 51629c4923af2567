import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';

/**
 * Reversible kernel installation, for every backend aug adds kernels to (cpu, wasm, onnxruntime,
 * webgpu): remembers the kernel each backend had before aug replaced it, so uninstalling puts tfjs's
 * own back (or removes aug's where tfjs had none).
 */
class KernelRegistry {
  /** Key `backend/kernelName`: the kernel before aug's (undefined: it had none). */
  private readonly stock = new Map<string, KernelConfig | undefined>();

  /** tfjs's own kernel on `backend`, even when aug's is installed. */
  original(kernelName: string, backend: string): KernelConfig | undefined {
    const key = `${backend}/${kernelName}`;
    return this.stock.has(key) ? this.stock.get(key) : getKernel(kernelName, backend);
  }

  /** Registers `configs` on `backend` in place of what is there; returns their names. Idempotent. */
  install(backend: string, configs: readonly KernelConfig[]): string[] {
    const names: string[] = [];
    for (const config of configs) {
      const key = `${backend}/${config.kernelName}`;
      const current = getKernel(config.kernelName, backend);
      if (!this.stock.has(key)) this.stock.set(key, current);
      if (current !== undefined) unregisterKernel(config.kernelName, backend);
      registerKernel({ ...config, backendName: backend });
      names.push(config.kernelName);
    }
    return names;
  }

  /** Puts back what `backend` had before {@link install}; returns the kernel names restored. */
  uninstall(backend: string): string[] {
    const names: string[] = [];
    for (const [key, original] of this.stock) {
      const slash = key.indexOf('/');
      const owner = key.slice(0, slash);
      const kernelName = key.slice(slash + 1);
      if (owner !== backend) continue;
      if (getKernel(kernelName, backend) !== undefined) unregisterKernel(kernelName, backend);
      if (original !== undefined) registerKernel(original);
      this.stock.delete(key);
      names.push(kernelName);
    }
    return names;
  }
}

/** The one registry of the kernels aug installed, across backends. */
export const kernels = new KernelRegistry();
