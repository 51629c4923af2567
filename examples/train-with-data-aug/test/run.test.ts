import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '@aug/train/backend';
import { decodePng } from '@aug/viz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/cli.js';
import { locateData } from '../src/data.js';
import { runExperiment } from '../src/run.js';
import { writeTinyCifar } from './fixtures.js';

let dataRoot: string;
let outDir: string;

beforeAll(async () => {
  await useBackend('cpu');
  dataRoot = writeTinyCifar(16, 16);
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aug-run-'));
});
afterAll(() => {
  fs.rmSync(dataRoot, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('the experiment end to end on a tiny synthetic CIFAR-10', () => {
  it('writes the grid, the galleries, curves, metrics, checkpoint, summary and report, and leaks no tensors', async () => {
    const { config } = resolveConfig({ epochs: 2, batchSize: 16, subset: 80, workers: 0, width: 2, augs: 'full', preset: 'quick' }, false);
    config.testSubset = 16;
    const lines: string[] = [];
    const source = await locateData(path.join(dataRoot, 'cifar-10-batches-bin'), (l) => lines.push(l));
    expect(source).toMatchObject({ layout: 'cifar10-binary', verify: 'size' });
    const before = tf.memory().numTensors;
    const result = await runExperiment(config, source, outDir, {
      log: (l) => lines.push(l),
      live: null,
      progress: false,
      backendLabel: 'cpu',
      microBatchSize: null,
    });
    expect(tf.memory().numTensors).toBe(before);
    for (const name of [
      'cifar10-first-32.png', 'cifar10-first-32.svg', 'augs-hflip.png', 'augs-vflip.png', 'augs-resized-crop.png',
      'augs-brightness.png', 'augs-hue.png', 'augs-color.png', 'augs-compose.png', 'curves.svg', 'curves.png',
      'metrics.jsonl', 'summary.json', 'index.html',
    ]) {
      expect(fs.statSync(path.join(outDir, name)).size, name).toBeGreaterThan(0);
      expect(result.artefacts).toContain(name);
    }
    expect(fs.readdirSync(path.join(outDir, 'checkpoint')).length).toBeGreaterThan(0);
    const grid = decodePng(fs.readFileSync(path.join(outDir, 'cifar10-first-32.png')));
    expect(grid.width).toBeGreaterThan(grid.height); // 8 columns by 4 rows
    const metrics = fs.readFileSync(path.join(outDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(metrics.length).toBeGreaterThanOrEqual(2 * 5);
    const summary = JSON.parse(fs.readFileSync(path.join(outDir, 'summary.json'), 'utf8'));
    expect(summary.epochs).toHaveLength(2);
    expect(summary.summary.testAcc).toBeGreaterThanOrEqual(0);
    expect(lines.join('\n')).toMatch(/loss \d\.\d{3}, train acc \d\.\d{3}, test acc \d\.\d{3}/);
    expect(lines.join('\n')).toMatch(/examples\/sec on cpu/);
    // 2 epochs of 5 batches: 10 steps, too few for BatchNorm's running statistics; the run says so.
    expect(lines.join('\n')).toMatch(/warning: this run makes 10 training steps, fewer than 50: .*BatchNorm/);
    const svg = fs.readFileSync(path.join(outDir, 'curves.svg'), 'utf8');
    for (const label of ['train loss', 'train acc', 'test acc']) expect(svg).toContain(label);
  });
});
