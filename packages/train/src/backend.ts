export { useBackend, activeBackend, AUTO_ORDER } from './backend/use-backend.js';
export { BackendUnavailableError } from './backend/backend-error.js';
export { BACKEND_NAMES, type BackendName, type BackendInfo, type SkippedBackend, type UseBackendOptions, type ModuleImporter, type WebgpuRouteLike, type WebgpuRouteReport } from './backend/types.js';
export { recommendedMicroBatchSize, WASM_HEAP_BYTES, BYTES_PER_ACTIVATION, type MicroBatchOptions } from './backend/micro-batch.js';
export { installTrainingKernels, uninstallTrainingKernels, type KernelBackendName } from './backend/kernels/install.js';
export { probeWebgpu, initWebgpu, WebgpuUnavailableError, type WebgpuReport, type WebgpuInitOptions, type WebgpuFailure } from './backend/webgpu.js';
