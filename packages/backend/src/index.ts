export { useBackend, activeBackend, AUTO_ORDER } from './use-backend.js';
export { BACKEND_NAMES, type BackendName, type BackendInfo, type SkippedBackend, type UseBackendOptions } from './types.js';
export { BackendError, BackendUnavailableError, type BackendErrorCode } from './errors.js';
export { WebgpuUnavailableError, type WebgpuFailure } from './webgpu/errors.js';
export { recommendedMicroBatchSize, defaultMemoryBudget, WASM_HEAP_BYTES, BYTES_PER_ACTIVATION, type MicroBatchOptions } from './micro-batch.js';
export { FusedAdamOptimizer, ADAM_UPDATE_KERNEL } from './fused-adam.js';
export { installTrainingKernels, uninstallTrainingKernels, type KernelBackendName } from './kernels/install.js';
export { installWebgpuKernels, uninstallWebgpuKernels } from './webgpu/kernels.js';
export { probeWebgpu, initWebgpu, type WebgpuReport, type WebgpuInitOptions } from './webgpu/index.js';
