import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { useBackend } from '@aug/train/backend';
import { PRESET_REASONS, USAGE, UsageError, parseCli, resolveConfig, type CliFlags } from './cli.js';
import { DataUnavailableError, FULL_DATA_HINT, SAMPLE_CAVEAT, locateData } from './data.js';
import { galleryMain } from './gallery.js';
import { defaultOutDir, runExperiment } from './run.js';

const GPU_BACKENDS = new Set(['tensorflow-gpu', 'webgpu']);

/**
 * `pnpm start [--] [flags]`: the d2l image-augmentation experiment (`pnpm gallery [--] [flags]`, i.e. a first
 * argument `gallery`: only its pictures). Exit codes: 0 done (or stopped by Ctrl-C
 * after a checkpoint), 1 failed, 2 bad command line or no data.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  // `pnpm gallery` (= `pnpm start -- gallery`): only the pictures, no training.
  if (args[0] === 'gallery') return galleryMain(args.slice(1));
  const log = (line: string): void => console.log(line);
  let flags: CliFlags;
  try {
    flags = parseCli(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags.version) {
    console.log(versions());
    return 0;
  }

  // useBackend prints the one backend line (the choice, why, and what it skipped).
  const backend = await useBackend(flags.backend ?? 'auto', { log });
  const onGpu = GPU_BACKENDS.has(backend.name);

  let source;
  try {
    source = await locateData(flags.dataDir ?? null, log);
  } catch (err) {
    if (err instanceof DataUnavailableError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const { config, reduced } = resolveConfig(flags, onGpu, source.sample);
  if (!onGpu) {
    log(`No GPU backend here (see the README's GPU section to add one): running the "${config.preset}" preset on the CPU.`);
  }
  if (reduced.length > 0 || source.sample) {
    if (reduced.length > 0) log(`Reduced from the seed's configuration: ${reduced.join('; ')}.`);
    log(`Why: ${PRESET_REASONS[config.preset ?? 'quick']}.`);
    if (!source.sample) log('The full configuration: pnpm start -- --preset seed   (10 epochs of 50,000 images at batch 256)');
  } else {
    log("Running the seed's exact configuration: batch 256, Adam lr 0.001, 10 epochs, RandomHorizontalFlip.");
  }
  log(`data: ${source.how}`);

  const outDir = config.out ? path.resolve(config.out) : defaultOutDir();
  const outInfo = fs.statSync(outDir, { throwIfNoEntry: false });
  if (outInfo && !outInfo.isDirectory()) {
    console.error(`error: --out ${outDir} is a file, not a folder. Pass a folder for the run's outputs (it is created if missing).`);
    return 2;
  }
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    console.error('\nStopping after this step and writing a checkpoint (Ctrl-C again to quit at once)...');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await runExperiment(config, source, outDir, {
      log,
      // Progress and the live chart on stderr; stdout keeps the results (the seed's two lines, the summary).
      live: process.stderr.isTTY ? process.stderr : null,
      progress: process.stderr,
      signal: controller.signal,
      backendLabel: backend.description,
      // The wasm heap stops at 4 GiB: let train() split a batch-256 step into micro-batches when it would not fit.
      microBatchSize: 'auto',
    });
    log(`wall time ${result.wallSeconds.toFixed(0)} s; wrote ${result.artefacts.join(', ')} to ${result.outDir}`);
    if (result.history.aborted) log(`stopped early; continue with: pnpm start -- --resume --out ${result.outDir}`);
    if (source.sample) {
      log(SAMPLE_CAVEAT);
      log(FULL_DATA_HINT);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `train-with-data-aug 0.0.0 (@aug/train 0.1.0, ..., @tensorflow/tfjs-core 4.22.0)` */
function versions(): string {
  const require = createRequire(import.meta.url);
  const version = (name: string): string => (require(`${name}/package.json`) as { version: string }).version;
  const own = require('../package.json') as { name: string; version: string };
  const libs = ['@aug/train', '@aug/models', '@aug/cifar10', '@aug/transforms', '@aug/viz', '@tensorflow/tfjs-core'];
  return `${own.name} ${own.version} (${libs.map((n) => `${n} ${version(n)}`).join(', ')})`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exit(1);
  },
);
