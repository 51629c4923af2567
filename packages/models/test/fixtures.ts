// Reads test/fixtures/resnet18_w8.{json,bin}, written by scripts/make_fixtures.py.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TorchArray } from '../src/import-torch-state-dict.js';

interface Entry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

export interface TorchFixture {
  config: { width: number; inChannels: number; numClasses: number; inputSize: number; batch: number };
  labels: number[];
  trainLoss: number;
  batchCount: Record<string, number>;
  bnMomentum: number;
  get(name: string): TorchArray;
  stateDict(): Record<string, TorchArray>;
}

export function loadTorchFixture(): TorchFixture {
  const dir = join(import.meta.dirname, 'fixtures');
  const manifest = JSON.parse(readFileSync(join(dir, 'resnet18_w8.json'), 'utf8')) as Omit<
    TorchFixture,
    'get' | 'stateDict'
  > & { entries: Entry[]; binary: string };
  const bytes = readFileSync(join(dir, manifest.binary));
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const byName = new Map(manifest.entries.map((e) => [e.name, e]));
  const get = (name: string): TorchArray => {
    const e = byName.get(name);
    if (!e) throw new Error(`fixture entry ${name} missing`);
    return { shape: e.shape, data: floats.subarray(e.offset, e.offset + e.length) };
  };
  const stateDict = (): Record<string, TorchArray> => {
    const out: Record<string, TorchArray> = {};
    for (const e of manifest.entries) if (e.name.startsWith('state/')) out[e.name.slice(6)] = get(e.name);
    return out;
  };
  return { ...manifest, get, stateDict };
}
