import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { useBackend } from '@aug/train/backend';
import { PRESET_REASONS, USAGE, UsageError, parseCli, resolveConfig, type CliFlags } from './cli.js';
import { DataUnavailableError, FULL_DATA_HINT, SAMPLE_CAVEAT, locateData } from './data.js';
import { galleryMain } from './gallery.js';
import { defaultOutDir, runExperiment } from './run.js';
import { CHECKPOINT_SUBDIR, MAY_CHANGE_ON_RESUME, recordedConfig, resumeConfig } from './resume.js';
import { interruptExitCode, watchSignals } from './signals.js';
import type { RunConfig } from './cli.js';

const GPU_BACKENDS = new Set(['tensorflow-gpu', 'webgpu']);

/**
 * `pnpm start [--] [flags]`: the d2l image-augmentation experiment (`pnpm gallery [--] [flags]`, i.e. a first
 * argument `gallery`: only its pictures). Exit codes: 0 done, 1 failed, 2 bad command line or no data,
 * 128 + the signal's number when SIGINT (130), SIGTERM (143) or SIGHUP (129) stopped it after a checkpoint.
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

  // --resume: the run's own configuration, recorded in its checkpoint; conflicting flags are errors.
  let resumed: { config: RunConfig; changed: string[] } | null = null;
  if (flags.resume) {
    try {
      resumed = resumeConfig(await recordedConfig(path.resolve(flags.out!)), flags);
    } catch (err) {
      if (err instanceof UsageError) {
        console.error(`error: ${err.message}`);
        return 2;
      }
      throw err;
    }
  }

  // useBackend prints the one backend line (the choice, why, and what it skipped).
  const backend = await useBackend(flags.backend ?? resumed?.config.backend ?? 'auto', { log });
  const onGpu = GPU_BACKENDS.has(backend.name);

  let source;
  try {
    source = await locateData(resumed ? resumed.config.dataDir : (flags.dataDir ?? null), log);
  } catch (err) {
    if (err instanceof DataUnavailableError) {
      console.error(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }

  const { config, reduced } = resumed ? { config: resumed.config, reduced: [] } : resolveConfig(flags, onGpu, source.sample);
  // Record the data the run actually reads (absolute), so that --resume reads the same.
  config.dataDir = source.root;
  if (resumed) {
    const { augs, batchSize, lr, subset, seed, width, epochs, preset } = config;
    log(
      `resuming with the run's recorded configuration: preset ${String(preset)}, --augs ${augs}, --batch-size ${batchSize}, --lr ${lr}, ` +
        `--subset ${subset ?? 'all'}, --seed ${seed}, --width ${width}, --epochs ${epochs}, data ${source.root}`,
    );
    log(
      resumed.changed.length > 0
        ? `changed on resume: ${resumed.changed.join('; ')}`
        : `(on resume only ${MAY_CHANGE_ON_RESUME.map((k) => `--${k}`).join(', ')} may differ from the run's)`,
    );
  } else if (!onGpu) {
    log(`No GPU backend here (see the README's GPU section to add one): running the "${config.preset}" preset on the CPU.`);
  }
  if (resumed) {
    // The configuration was printed above.
  } else if (reduced.length > 0 || source.sample) {
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
  if (!resumed && fs.existsSync(path.join(outDir, CHECKPOINT_SUBDIR, 'latest.json'))) {
    console.error(
      `error: --out ${outDir} already holds a run with a checkpoint. Continue it with: pnpm start -- --resume --out ${outDir} ; ` +
        'or choose another --out for a new run. Nothing was written.',
    );
    return 2;
  }
  // Ctrl-C, SIGTERM (docker stop, a job scheduler) and SIGHUP: finish the step, checkpoint, say how to resume.
  const signals = watchSignals((signal) => {
    console.error(`\nStopping after this step and writing a checkpoint (${signal}; Ctrl-C again to quit at once)...`);
  });
  try {
    const result = await runExperiment(config, source, outDir, {
      log,
      // Progress and the live chart on stderr; stdout keeps the results (the seed's two lines, the summary).
      live: process.stderr.isTTY ? process.stderr : null,
      progress: process.stderr,
      signal: signals.signal,
      backendLabel: backend.description,
      // The wasm heap stops at 4 GiB: let train() split a batch-256 step into micro-batches when it would not fit.
      microBatchSize: 'auto',
    });
    log(`wall time ${result.wallSeconds.toFixed(0)} s; wrote ${result.artefacts.join(', ')} to ${result.outDir}`);
    if (result.history.aborted) {
      log(`stopped early; continue with: pnpm start -- --resume --out ${result.outDir}`);
      log(`(the resume restores this run's configuration; only ${MAY_CHANGE_ON_RESUME.map((k) => `--${k}`).join(', ')} may be changed)`);
    }
    if (source.sample) {
      log(SAMPLE_CAVEAT);
      log(FULL_DATA_HINT);
    }
    return result.history.aborted && signals.received ? interruptExitCode(signals.received) : 0;
  } finally {
    signals.dispose();
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

/** Errors about what the user asked for (a folder, a batch size): exit 2, as a bad command line. */
const USAGE_LIKE = new Set(['FolderNotWritableError', 'BatchTooLargeError']);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exit(err instanceof Error && USAGE_LIKE.has(err.name) ? 2 : 1);
  },
);
