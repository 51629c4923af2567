// The training page: d2l 14.1's experiment in the browser. ResNet-18 (a small width) on the shipped
// CIFAR-10 sample, --augs flip or none, Adam 1e-3, the Animator's SVG redrawn at every update, on the best
// backend useBackend('auto') finds in this page (hardware WebGPU, hardware WebGL, then wasm with aug's
// training kernels), named with the reason.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendInfo, type BackendName } from '@aug/backend';
import { initWeights, resnet18 } from '@aug/models';
import { train, type TrainHistory, type UpdatePoint } from '@aug/train';
import { Animator } from '@aug/viz';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { augsFor, RECORD_BYTES, SampleLoader, type SampleInfo } from './cifar-sample.js';
import { benchSteps, type BenchResult } from './bench.js';

interface RunConfig {
  augs: 'flip' | 'none';
  backend: BackendName;
  width: number;
  epochs: number;
  batch: number;
  train: number;
  test: number;
  seed: number;
}
/** What the page exposes for tests and measurements. */
interface TrainState {
  backend: BackendInfo | null;
  running: boolean;
  runs: { config: RunConfig; points: UpdatePoint[]; history: TrainHistory | null; error: string | null }[];
}

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const exposed: TrainState = { backend: null, running: false, runs: [] };
(window as unknown as { augTrain: TrainState }).augTrain = exposed;
const WASM_PATHS = {
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
};

let sample: { bytes: Uint8Array; info: SampleInfo } | null = null;
let controller: AbortController | null = null;

function showError(text: string | null): void {
  const box = $('message');
  box.hidden = text === null;
  box.className = text === null ? '' : 'error';
  box.textContent = text ?? '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function loadSample(): Promise<{ bytes: Uint8Array; info: SampleInfo }> {
  if (sample !== null) return sample;
  $('status').textContent = 'loading the CIFAR-10 sample...';
  const info = (await (await fetch('./data/cifar10-sample.json')).json()) as SampleInfo;
  const response = await fetch('./data/cifar10-sample.bin');
  if (!response.ok) throw new Error(`could not load cifar10-sample.bin: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== (info.train + info.test) * RECORD_BYTES) {
    throw new Error(`cifar10-sample.bin has ${bytes.length} bytes, expected ${(info.train + info.test) * RECORD_BYTES} (${info.train} + ${info.test} records of ${RECORD_BYTES})`);
  }
  sample = { bytes, info };
  return sample;
}

/** The runs a submit asks for: one per augmentation ('both': flip, then none, as the seed's two runs). */
function readConfigs(form: HTMLFormElement): RunConfig[] {
  const both = new FormData(form).get('augs') === 'both';
  const config = readConfig(form);
  return both ? [{ ...config, augs: 'flip' }, { ...config, augs: 'none' }] : [config];
}

function readConfig(form: HTMLFormElement): RunConfig {
  const data = new FormData(form);
  const int = (name: string, min: number, max: number): number => {
    const v = Number(data.get(name));
    if (!Number.isInteger(v) || v < min || v > max) throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got "${String(data.get(name))}"`);
    return v;
  };
  return {
    augs: data.get('augs') === 'none' ? 'none' : 'flip',
    backend: String(data.get('backend')) as BackendName,
    width: int('width', 1, 64),
    epochs: int('epochs', 1, 100),
    batch: int('batch', 1, 256),
    train: int('train', 1, 2000),
    test: int('test', 1, 500),
    seed: int('seed', 0, 2 ** 31 - 1),
  };
}

async function chooseBackend(name: BackendName): Promise<BackendInfo> {
  if (exposed.backend !== null && (name === 'auto' || exposed.backend.name === name) && tf.getBackend() === exposed.backend.tfBackend) return exposed.backend;
  $('backend').textContent = `choosing a backend (${name})...`;
  // An explicit choice may use a software adapter (to measure it); 'auto' skips them and says why.
  const info = await useBackend(name, { wasmPaths: WASM_PATHS, allowSoftwareWebgpu: name !== 'auto', log: (line) => console.info(line) });
  exposed.backend = info;
  $('backend').innerHTML = '';
  const strong = document.createElement('strong');
  strong.textContent = info.description;
  $('backend').append(strong, document.createTextNode(`: ${info.reason}`));
  $('skipped').replaceChildren(...info.skipped.map((s) => Object.assign(document.createElement('li'), { textContent: `skipped ${s.name}: ${s.reason}` })));
  return info;
}

function addEpochRow(run: number, config: RunConfig, e: { epoch: number; trainLoss: number; trainAcc: number; testAcc: number | null }, imgPerSec: number): void {
  const row = document.createElement('tr');
  for (const v of [`${run} (${config.augs})`, String(e.epoch), e.trainLoss.toFixed(3), e.trainAcc.toFixed(3), e.testAcc === null ? '-' : e.testAcc.toFixed(3), imgPerSec.toFixed(1)]) {
    row.append(Object.assign(document.createElement('td'), { textContent: v }));
  }
  $('epochs-table').querySelector('tbody')!.append(row);
}

async function runOnce(config: RunConfig): Promise<void> {
  const { bytes, info } = await loadSample();
  const backend = await chooseBackend(config.backend);
  const runIndex = exposed.runs.length + 1;
  const record: TrainState['runs'][number] = { config, points: [], history: null, error: null };
  exposed.runs.push(record);
  const trainIter = new SampleLoader(bytes, 0, Math.min(config.train, info.train), config.batch, augsFor(config.augs), { shuffle: true, seed: config.seed });
  const testIter = new SampleLoader(bytes, info.train, Math.min(config.test, info.test), config.batch, augsFor('none'), { shuffle: false, seed: config.seed });
  const model = resnet18({ numClasses: info.classes.length, inChannels: 3, inputSize: 32, width: config.width });
  initWeights(model, { init: 'xavierUniform', seed: config.seed });
  const animator = new Animator({ xlabel: 'epoch', xlim: config.epochs > 1 ? [1, config.epochs] : [0, 1], legend: ['train loss', 'train acc', 'test acc'], onWarning: (m) => console.info(m) });
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = `run ${runIndex}: --augs ${config.augs}, width ${config.width}, ${config.train} pictures, batch ${config.batch}, ${backend.name}`;
  const chart = document.createElement('div');
  figure.append(chart, caption);
  $('curves').prepend(figure);
  controller = new AbortController();
  const started = performance.now();
  let lastEpoch = 0;
  try {
    record.history = await train(model, trainIter, testIter, {
      epochs: config.epochs,
      optimizer: 'adam',
      lr: 1e-3,
      signal: controller.signal,
      progress: false,
      backendLabel: backend.name,
      log: (line) => console.info(line),
      onUpdate: (p) => {
        record.points.push(p);
        animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc]);
        chart.innerHTML = animator.toSVG();
        const seconds = (performance.now() - started) / 1000;
        $('status').textContent = `run ${runIndex}: epoch ${p.epoch.toFixed(2)} of ${config.epochs}, train loss ${p.trainLoss.toFixed(3)}, train acc ${p.trainAcc.toFixed(3)}${p.testAcc === null ? '' : `, test acc ${p.testAcc.toFixed(3)}`} (${seconds.toFixed(0)} s)`;
        if (p.testAcc !== null && Math.round(p.epoch) > lastEpoch) {
          lastEpoch = Math.round(p.epoch);
          addEpochRow(runIndex, config, { epoch: lastEpoch, trainLoss: p.trainLoss, trainAcc: p.trainAcc, testAcc: p.testAcc }, (lastEpoch * config.train) / seconds);
        }
      },
    });
    const h = record.history;
    $('status').textContent = `run ${runIndex} ${h.aborted ? `stopped at epoch ${h.stoppedAt.epoch}, step ${h.stoppedAt.step}` : 'finished'}: train loss ${h.trainLoss.toFixed(3)}, train acc ${h.trainAcc.toFixed(3)}, test acc ${h.testAcc === null ? '-' : h.testAcc.toFixed(3)}, ${h.examplesPerSec.toFixed(1)} examples/s on ${backend.description}`;
  } finally {
    model.dispose();
    controller = null;
  }
}

function setRunning(running: boolean): void {
  exposed.running = running;
  ($('start') as HTMLButtonElement).disabled = running;
  ($('stop') as HTMLButtonElement).disabled = !running;
}

async function onSubmit(form: HTMLFormElement): Promise<void> {
  let configs: RunConfig[];
  try {
    configs = readConfigs(form);
  } catch (error) {
    showError(messageOf(error));
    return;
  }
  showError(null);
  setRunning(true);
  try {
    for (const config of configs) {
      await runOnce(config);
      if (exposed.runs.at(-1)?.history?.aborted === true) break;
    }
  } catch (error) {
    const run = exposed.runs.at(-1);
    if (run !== undefined && run.history === null) run.error = messageOf(error);
    showError(`Training failed: ${messageOf(error)}`);
    $('status').textContent = 'failed';
  } finally {
    setRunning(false);
  }
}

/** `augBench(backend, { width, batch, steps })`: the step-time benchmark (bench/page-speed.mjs). */
(window as unknown as { augBench: (backend: BackendName, o: { width: number; batch: number; steps: number }) => Promise<BenchResult> }).augBench = async (backend, o) =>
  benchSteps((await loadSample()).bytes, backend, { ...o, wasmPaths: WASM_PATHS });

function start(): void {
  window.addEventListener('error', (e) => showError(`Unexpected error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => showError(`Unexpected error: ${messageOf(e.reason)}`));
  const form = $('train-form') as HTMLFormElement;
  // ?width=8&epochs=1&train=128... fill the form (links and tests); ?autostart=1 starts a run.
  const params = new URLSearchParams(location.search);
  for (const [key, value] of params) {
    const field = form.elements.namedItem(key);
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void onSubmit(form);
  });
  $('stop').addEventListener('click', () => {
    $('status').textContent = 'stopping after the current step...';
    controller?.abort();
  });
  if (params.get('autostart') === '1') void onSubmit(form);
}

start();
