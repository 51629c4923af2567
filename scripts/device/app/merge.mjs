// `merge`: one results JSON from the steps' own files in the parts folder. Each step left
// NAME.status.json (exit code, seconds, time limit, or why it was skipped), usually NAME.json (its
// results, possibly partial) and NAME.log (its output); a failed step's error is its own recorded
// error or else the tail of its log, so one failure never hides another step's numbers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { options, round, writeJson } from './io.mjs';

const USAGE = 'usage: main.mjs merge --parts DIR --out FILE [--kit DIR] [--mode full|smoke] [--started ISO]';
const STEPS = ['unpack', 'adapter', 'webgpu_speed', 'torch', 'train'];
/** The issue's first target: WebGPU training at least this fraction of PyTorch fp32 on the same GPU. */
const TARGET_RATIO = 0.25;

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { unreadable: `${path}: ${error.message}` };
  }
}

function tail(path, lines = 25) {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8').trimEnd().split('\n');
  return text.slice(-lines).join('\n');
}

function rate(entry) {
  return entry && typeof entry.imagesPerSec === 'number' ? entry.imagesPerSec : null;
}

function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 3) : null;
}

function summarize(steps) {
  const wg = steps.webgpu_speed?.result;
  const torch = steps.torch?.result;
  const tr = steps.train?.result;
  const modes = torch?.modes ?? {};
  const summary = { trainImagesPerSec: {}, inferImagesPerSec: {}, webgpuOverTorchFp32: {}, target: null, training: null };
  for (const b of Object.keys(wg?.train ?? {}).concat(Object.keys(modes.fp32?.train ?? {}))) {
    if (summary.trainImagesPerSec[b]) continue;
    summary.trainImagesPerSec[b] = {
      webgpu: rate(wg?.train?.[b]),
      torchFp32: rate(modes.fp32?.train?.[b]),
      torchFp32NoTf32: rate(modes.fp32_strict?.train?.[b]),
      torchChannelsLastAmp: rate(modes.channels_last_amp?.train?.[b]),
    };
    summary.webgpuOverTorchFp32[b] = ratio(summary.trainImagesPerSec[b].webgpu, summary.trainImagesPerSec[b].torchFp32);
  }
  summary.inferImagesPerSec = {
    batch: wg?.infer?.batch ?? torch?.inferBatch ?? null,
    webgpu: rate(wg?.infer),
    torchFp32: rate(modes.fp32?.infer),
    torchFp32NoTf32: rate(modes.fp32_strict?.infer),
    torchChannelsLastAmp: rate(modes.channels_last_amp?.infer),
  };
  const big = Object.keys(summary.webgpuOverTorchFp32).map(Number).sort((a, b) => b - a)[0];
  if (big !== undefined && summary.webgpuOverTorchFp32[big] !== null) {
    const r = summary.webgpuOverTorchFp32[big];
    summary.target = { what: `WebGPU training >= ${TARGET_RATIO}x PyTorch fp32 at batch ${big}`, ratio: r, met: r >= TARGET_RATIO };
  }
  if (tr) {
    summary.training = {
      data: tr.data?.kind ?? null,
      trainImages: tr.data?.trainImages ?? null,
      testImages: tr.data?.testImages ?? null,
      epochs: (tr.epochs ?? []).length,
      testAccPerEpoch: (tr.epochs ?? []).map((e) => e.testAcc),
      secondsPerEpoch: tr.secondsPerEpoch ?? null,
      projectedSecondsPerSeedEpoch: tr.projectedSecondsPerSeedEpoch ?? null,
      trainImagesPerSec: tr.trainImagesPerSec ?? null,
      stoppedBy: tr.stoppedBy ?? null,
    };
  }
  return summary;
}

export async function mergeCommand(argv) {
  const o = options(
    argv,
    { parts: { type: 'string' }, out: { type: 'string' }, kit: { type: 'string' }, mode: { type: 'string' }, started: { type: 'string' } },
    USAGE,
  );
  if (!o.parts || !o.out) throw new TypeError(`merge: --parts and --out are required\n${USAGE}`);
  const steps = {};
  for (const name of STEPS) {
    const status = readJson(join(o.parts, `${name}.status.json`));
    const result = readJson(join(o.parts, `${name}.json`));
    if (status === undefined && result === undefined) {
      steps[name] = { ok: false, error: 'did not run (the run stopped before this step)' };
      continue;
    }
    const ok = status?.skipped === undefined && status?.rc === 0 && (result === undefined || result.ok !== false);
    const entry = { ok, ...(status ?? {}) };
    if (status?.rc === 124 || status?.rc === 137) entry.timedOut = true;
    if (result !== undefined) entry.result = result;
    if (!ok && status?.skipped === undefined) {
      const own = result?.error?.message ?? result?.errors?.map((e) => `${e.what}: ${e.message}`).join('; ');
      const logTail = tail(join(o.parts, `${name}.log`));
      const lastLine = logTail?.split('\n').filter((l) => l.trim() !== '').pop();
      entry.error = own || (entry.timedOut ? `timed out after ${status?.limit} s` : undefined) || `exit code ${status?.rc}${lastLine ? `: ${lastLine}` : ''}`;
      entry.logTail = logTail;
    }
    steps[name] = entry;
  }
  const host = readJson(join(o.parts, 'host.json'));
  const kit = o.kit ? readJson(join(o.kit, 'manifest.json')) : undefined;
  const finished = new Date();
  const started = o.started ? new Date(o.started) : undefined;
  const results = {
    what: 'aug device run: ResNet-18 on WebGPU vs PyTorch on the same GPU, and the seed preset on WebGPU (scripts/device/README.md)',
    mode: o.mode ?? 'full',
    startedAt: started?.toISOString() ?? null,
    finishedAt: finished.toISOString(),
    totalSeconds: started ? round((finished.getTime() - started.getTime()) / 1000, 1) : null,
    ok: STEPS.every((s) => steps[s].ok),
    failed: STEPS.filter((s) => !steps[s].ok),
    summary: summarize(steps),
    host: host ?? null,
    kit: kit ?? null,
    steps,
  };
  writeJson(o.out, results);
  console.log(`results: ${o.out} (${results.ok ? 'every step ok' : `failed: ${results.failed.join(', ')}`})`);
  console.log(JSON.stringify(results.summary, null, 2));
}
