// Starts tfjs on WebGPU through @aug/backend's useBackend and describes the adapter: vendor,
// architecture, device, description, its features and limits, and the limits of the device tfjs got.
import * as tf from '@tensorflow/tfjs-core';
import { probeWebgpu, useBackend } from '@aug/backend';

const LIMIT_NAMES = [
  'maxTextureDimension2D',
  'maxBindGroups',
  'maxStorageBuffersPerShaderStage',
  'maxUniformBufferBindingSize',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'minStorageBufferOffsetAlignment',
  'subgroupMinSize',
  'subgroupMaxSize',
];

function readLimits(limits) {
  const out = {};
  if (limits === null || typeof limits !== 'object') return out;
  const names = new Set(LIMIT_NAMES);
  for (const k in limits) names.add(k); // Dawn's GPUSupportedLimits exposes more than the list above
  for (const name of names) {
    const v = limits[name];
    if (typeof v === 'number') out[name] = v;
  }
  return out;
}

/**
 * `useBackend('webgpu')` (a software adapter only with AUG_WEBGPU_ALLOW_SOFTWARE=1), then the report:
 * what useBackend said, the adapter's identity and whether it is software, features and limits.
 */
export async function startWebgpu(log) {
  const t0 = performance.now();
  const info = await useBackend('webgpu', { log });
  const startSeconds = (performance.now() - t0) / 1000;
  const probe = await probeWebgpu();
  const gpu = globalThis.navigator?.gpu;
  const adapter = gpu ? await gpu.requestAdapter({ powerPreference: 'high-performance' }) : null;
  const backend = tf.backend();
  const device = backend && typeof backend === 'object' ? backend.device : undefined;
  return {
    backend: tf.getBackend(),
    description: info.description,
    reason: info.reason,
    startSeconds,
    vendor: probe.vendor,
    architecture: probe.architecture,
    device: probe.device,
    adapterDescription: probe.description,
    isSoftware: probe.isSoftware,
    features: adapter ? [...adapter.features].sort() : [],
    adapterLimits: adapter ? readLimits(adapter.limits) : {},
    deviceLimits: device ? readLimits(device.limits) : {},
  };
}

/** One line for the log: `webgpu on nvidia hopper (NVIDIA H200), hardware`. */
export function adapterLine(r) {
  const head = [r.vendor, r.architecture].filter(Boolean).join(' ') || 'unknown vendor';
  const tail = r.adapterDescription || r.device;
  return `${r.backend} on ${head}${tail ? ` (${tail})` : ''}, ${r.isSoftware ? 'SOFTWARE adapter' : 'hardware adapter'}`;
}
