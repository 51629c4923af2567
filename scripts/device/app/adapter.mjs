// `adapter`: the WebGPU adapter report (what useBackend('webgpu') found, vendor, architecture, limits).
import { adapterLine, startWebgpu } from './gpu.mjs';
import { options, writeJson } from './io.mjs';

const USAGE = 'usage: main.mjs adapter --out FILE';

export async function adapterCommand(argv) {
  const o = options(argv, { out: { type: 'string' } }, USAGE);
  if (!o.out) throw new TypeError(`adapter: --out is required\n${USAGE}`);
  const report = await startWebgpu((line) => console.log(line));
  console.log(adapterLine(report));
  console.log(`features: ${report.features.join(', ') || '(none)'}`);
  console.log(`adapter limits: ${JSON.stringify(report.adapterLimits)}`);
  console.log(`device limits (what tfjs asked for): ${JSON.stringify(report.deviceLimits)}`);
  writeJson(o.out, { ok: true, ...report });
}
