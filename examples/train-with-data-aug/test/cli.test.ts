import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { batchNormSettling } from '@aug/train';
import { useBackend } from '@aug/train/backend';
import { resnet18 } from '@aug/models';
import { EVIDENCE_PRESET, QUICK_PRESET, SAMPLE_PRESET, SEED_PRESET, UsageError, parseCli, resolveConfig } from '../src/cli.js';

const main = path.resolve(__dirname, '../src/main.ts');
const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');

describe('parseCli', () => {
  it('accepts every flag, with or without a leading --', () => {
    const argv = ['--augs', 'full', '--epochs', '3', '--batch-size', '64', '--lr', '0.01', '--backend', 'cpu', '--data-dir', '/d', '--subset', '500', '--workers', '2', '--seed', '7', '--out', '/o', '--resume', '--preset', 'seed', '--width', '16'];
    const flags = parseCli(argv);
    expect(parseCli(['--', ...argv])).toEqual(flags);
    expect(flags).toEqual({ augs: 'full', epochs: 3, batchSize: 64, lr: 0.01, backend: 'cpu', dataDir: '/d', subset: 500, workers: 2, seed: 7, out: '/o', resume: true, preset: 'seed', width: 16 });
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--augs', 'all'], /--augs must be one of flip\|none\|full\|randaugment\|trivialaugment\|autoaugment\|mixup\|cutmix, got "all"/],
    [['--epochs', '0'], /--epochs must be an integer >= 1, got "0"/],
    [['--epochs', '2.5'], /--epochs/],
    [['--batch-size', 'x'], /--batch-size/],
    [['--lr=-1'], /--lr must be a positive number/],
    [['--lr', 'abc'], /--lr must be a positive number/],
    [['--backend', 'cuda'], /--backend must be one of/],
    [['--preset', 'slow'], /--preset/],
    [['--resume'], /--resume needs --out/],
    [['positional'], /positional/i],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe('resolveConfig', () => {
  it('runs the seed exactly on a GPU and says what the CPU preset reduces', () => {
    expect(resolveConfig({}, true)).toMatchObject({ config: { ...SEED_PRESET, preset: 'seed' }, reduced: [] });
    const quick = resolveConfig({}, false);
    expect(quick.config).toMatchObject({ ...QUICK_PRESET, preset: 'quick' });
    expect(quick.reduced.join('; ')).toContain('epochs');
    expect(resolveConfig({ epochs: 4, augs: 'none' }, true).config).toMatchObject({ epochs: 4, augs: 'none', batchSize: 256 });
  });
});

describe('the presets', () => {
  /** The README's preset table row for `name`: epochs, training images, test images, batch, width. */
  function readmeRow(name: string): { epochs: number; train: number; test: number | null; batch: number; width: number } {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const line = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    expect(line, `README has a row for ${name}`).toBeDefined();
    const cells = line!.split('|').map((c) => c.trim());
    const num = (c: string): number => Number(c.replace(/[,*]/g, ''));
    return {
      epochs: num(cells[2]!),
      train: num(cells[3]!),
      test: /^all/.test(cells[4]!) ? null : num(cells[4]!),
      batch: num(cells[5]!),
      width: Number(/width (\d+)/.exec(cells[6]!)?.[1] ?? NaN),
    };
  }

  it('are configured as the README says', () => {
    for (const [name, preset] of [['quick', QUICK_PRESET], ['evidence', EVIDENCE_PRESET]] as const) {
      const row = readmeRow(name);
      expect({ epochs: preset.epochs, train: preset.subset, test: preset.testSubset, batch: preset.batchSize, width: preset.width }, name).toEqual(row);
      expect(preset.lr).toBe(SEED_PRESET.lr); // the seed's optimiser and batch size stay
      expect(preset.batchSize).toBe(256);
    }
    expect(resolveConfig({ preset: 'evidence', augs: 'none' }, false).config).toMatchObject({ ...EVIDENCE_PRESET, augs: 'none', preset: 'evidence' });
    // The sample preset takes the whole shipped sample (2,500 training pictures, all 500 test pictures).
    const sample = readmeRow('sample');
    expect({ epochs: SAMPLE_PRESET.epochs, train: 2_500, test: SAMPLE_PRESET.testSubset, batch: SAMPLE_PRESET.batchSize, width: SAMPLE_PRESET.width }).toEqual(sample);
    expect(SAMPLE_PRESET.subset).toBeNull();
  });

  it('default to the sample preset on the shipped sample, on a GPU too; an explicit --preset wins', () => {
    expect(resolveConfig({}, false, true).config).toMatchObject({ ...SAMPLE_PRESET, preset: 'sample' });
    expect(resolveConfig({}, true, true).config.preset).toBe('sample');
    expect(resolveConfig({ preset: 'quick' }, false, true).config.preset).toBe('quick');
    expect(parseCli(['--preset', 'sample']).preset).toBe('sample');
  });

  it('give BatchNorm enough steps to settle, where the old quick preset (10 steps) did not', async () => {
    await useBackend('cpu');
    const model = resnet18({ width: 4, inputSize: 8 });
    const steps = (p: { epochs: number; subset: number | null; batchSize: number }): number => p.epochs * Math.ceil((p.subset ?? 50_000) / p.batchSize);
    for (const preset of [QUICK_PRESET, EVIDENCE_PRESET, SEED_PRESET]) expect(batchNormSettling(model, steps(preset)).warning).toBeNull();
    expect(batchNormSettling(model, steps({ ...SAMPLE_PRESET, subset: 2_500 })).warning).toBeNull();
    expect(batchNormSettling(model, steps({ epochs: 2, subset: 1280, batchSize: 256 })).warning).toMatch(/10 training steps/);
    model.dispose();
  });
});

describe('the command line', () => {
  it('exits 2 with the usage on an unknown flag or a bad value, and 0 on --help', () => {
    for (const argv of [['--nope'], ['--', '--epochs', 'zero']]) {
      const r = spawnSync(tsx, [main, ...argv], { encoding: 'utf8', env: { ...process.env, AUG_BACKEND: 'cpu' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('Usage: pnpm start');
    }
    const help = spawnSync(tsx, [main, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--augs flip|none|full');
  });

  it('stops with the official URL, the layout and --data-dir when the data is missing', () => {
    const r = spawnSync(tsx, [main, '--data-dir', '/nonexistent/cifar'], { encoding: 'utf8', env: { ...process.env, AUG_BACKEND: 'cpu' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cifar-10-batches-bin/);
    expect(r.stderr).toMatch(/--data-dir/);
  });
});
