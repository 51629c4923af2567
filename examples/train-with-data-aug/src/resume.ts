import fs from 'node:fs';
import path from 'node:path';
import { loadCheckpoint, type UpdatePoint } from '@aug/train';
import { UsageError, type CliFlags, type RunConfig } from './cli.js';

/** Where a run keeps its checkpoint inside its `--out` folder. */
export const CHECKPOINT_SUBDIR = 'checkpoint';

/**
 * The settings a resumed run may change: they do not alter what is computed (`--workers`: each sample's
 * augmentation depends only on the seed, the epoch and its index; `--backend`: the same arithmetic on other
 * hardware, equal up to float rounding) or only how far it goes (`--epochs`, the run's total).
 */
export const MAY_CHANGE_ON_RESUME = ['epochs', 'workers', 'backend'] as const satisfies readonly (keyof RunConfig)[];

/** The flag of each configuration key, for messages. */
const FLAG: Record<keyof RunConfig, string> = {
  augs: '--augs',
  epochs: '--epochs',
  batchSize: '--batch-size',
  lr: '--lr',
  backend: '--backend',
  dataDir: '--data-dir',
  subset: '--subset',
  testSubset: '--subset',
  workers: '--workers',
  seed: '--seed',
  resume: '--resume',
  out: '--out',
  preset: '--preset',
  width: '--width',
};

/** What a folder holds, for the message of a `--resume` that finds no checkpoint there. */
function describeFolder(dir: string): string {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
  }
  if (entries.length === 0) return 'is empty';
  const shown = entries.sort().slice(0, 8).join(', ');
  return `holds ${shown}${entries.length > 8 ? `, ... (${entries.length} entries)` : ''} but no ${CHECKPOINT_SUBDIR}/latest.json`;
}

/**
 * The configuration recorded by the run in `outDir`: its checkpoint's `state.config` (written by
 * `train({ config })` with every checkpoint). No checkpoint there is a {@link UsageError} naming the folder and
 * what it holds (never a silent fresh start).
 */
export async function recordedConfig(outDir: string): Promise<RunConfig> {
  const dir = path.join(outDir, CHECKPOINT_SUBDIR);
  const checkpoint = await loadCheckpoint<{ config?: RunConfig }>(dir);
  if (checkpoint === null) {
    const where = fs.existsSync(dir) ? dir : outDir;
    throw new UsageError(
      `--resume: ${where} ${describeFolder(where)}: there is no checkpoint to continue. ` +
        `Check --out (it names the folder of the run to continue), or leave out --resume to start a new run there.`,
    );
  }
  const config = checkpoint.manifest.state.config;
  if (config === undefined || config === null || typeof config !== 'object') {
    throw new UsageError(
      `--resume: the checkpoint ${checkpoint.path} records no run configuration (it was written by an older version); ` +
        'start a new run with another --out.',
    );
  }
  return config;
}

/**
 * The curve's points recorded in the checkpoint in `checkpointDir` (empty without one), so that a resumed
 * run's Animator, live view and `curves.svg` show the whole run, not only what follows the resume.
 */
export async function recordedPoints(checkpointDir: string): Promise<UpdatePoint[]> {
  const checkpoint = await loadCheckpoint<{ points?: UpdatePoint[] }>(checkpointDir);
  return checkpoint?.manifest.state.points ?? [];
}

function same(key: keyof RunConfig, a: unknown, b: unknown): boolean {
  if (key === 'dataDir' && typeof a === 'string' && typeof b === 'string') {
    const real = (p: string): string => {
      try {
        return fs.realpathSync(p);
      } catch {
        return path.resolve(p);
      }
    };
    return real(a) === real(b);
  }
  return a === b;
}

/**
 * The configuration of a resumed run: the recorded one, with only the flags of {@link MAY_CHANGE_ON_RESUME}
 * taken from the command line. Any other flag given with `--resume` must equal the recorded value; one that
 * differs is a {@link UsageError} naming the flag, both values, and what to do. Returns the configuration and
 * a line per setting the resume changes.
 */
export function resumeConfig(recorded: RunConfig, flags: CliFlags): { config: RunConfig; changed: string[] } {
  const config: RunConfig = { ...recorded, resume: true, out: flags.out ?? recorded.out };
  const changed: string[] = [];
  for (const [key, value] of Object.entries(flags) as [keyof RunConfig, unknown][]) {
    if (value === undefined || key === 'resume' || key === 'out' || !(key in FLAG)) continue;
    const before = recorded[key];
    if ((MAY_CHANGE_ON_RESUME as readonly string[]).includes(key)) {
      if (!same(key, value, before)) changed.push(`${FLAG[key]} ${String(value)} (the run had ${String(before)})`);
      (config as unknown as Record<string, unknown>)[key] = value;
      continue;
    }
    if (!same(key, value, before)) {
      throw new UsageError(
        `${FLAG[key]} ${String(value)} disagrees with the run being resumed, which has ${FLAG[key]} ${String(before ?? 'all')} ` +
          `(recorded in its checkpoint). A resumed run keeps its configuration: leave out ${FLAG[key]} ` +
          `(only ${MAY_CHANGE_ON_RESUME.map((k) => FLAG[k]).join(', ')} may change on resume), or start a new run with another --out.`,
      );
    }
  }
  return { config, changed };
}
