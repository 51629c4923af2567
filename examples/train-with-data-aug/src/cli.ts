import { parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName } from '@aug/train/backend';

/** Which augmentations the training set gets (`none` is the book's exercise). */
export type AugsName = 'flip' | 'none' | 'full' | 'randaugment' | 'trivialaugment' | 'autoaugment' | 'mixup' | 'cutmix';
/**
 * `seed`: the d2l configuration exactly; `quick`: sized for a few minutes on a 2-core CPU; `evidence`: the
 * budget of the README's augmentation comparison (run it with each `--augs`); `sample`: the shipped sample of
 * 3,000 real CIFAR-10 pictures (the run without CIFAR-10).
 */
export type PresetName = 'seed' | 'quick' | 'evidence' | 'sample';

/** The run's configuration after the preset and the flags are combined. */
export interface RunConfig {
  augs: AugsName;
  epochs: number;
  batchSize: number;
  lr: number;
  backend: BackendName;
  dataDir: string | null;
  /** Training images used (null: all); the test set is cut in the same proportion. */
  subset: number | null;
  /** Test images used (null: all). */
  testSubset: number | null;
  workers: number;
  seed: number;
  resume: boolean;
  out: string | null;
  preset: PresetName | null;
  /** ResNet-18 channel width (64 = d2l's model). */
  width: number;
}

/** What the user typed, before a preset fills the rest. */
export type CliFlags = Partial<RunConfig> & { help?: boolean; version?: boolean };

/** d2l's configuration: `batch_size=256`, `lr=0.001`, 10 epochs, `num_workers=4`, flip augmentation. */
export const SEED_PRESET: Omit<RunConfig, 'backend' | 'dataDir' | 'resume' | 'out' | 'preset'> = {
  augs: 'flip',
  epochs: 10,
  batchSize: 256,
  lr: 1e-3,
  subset: null,
  testSubset: null,
  workers: 4,
  seed: 0,
  width: 64,
};

/**
 * The CPU preset: the seed's model, batch size, optimiser and augmentation, on fewer images and epochs so that
 * the whole run takes a few minutes on a 2-core machine (3-6): ResNet-18 at width 8, 4 epochs of 10,000 training
 * images (160 optimizer steps, enough for BatchNorm's running statistics to settle), tested on every held-back
 * image, no worker threads (the training step needs both cores). The measurements behind these numbers are in
 * the example's README ("Why `quick` is what it is").
 */
export const QUICK_PRESET: typeof SEED_PRESET = {
  ...SEED_PRESET,
  epochs: 4,
  subset: 10_000,
  testSubset: null,
  width: 8,
  workers: 0,
};

/**
 * The README's evidence runs: the quick preset's model, batch and optimiser on only 2,000 training images for 10
 * epochs (80 optimizer steps), so that without augmentation the network overfits (train accuracy far above test
 * accuracy) and the augmentations have something to fix; tested on 2,000 held-back images after every epoch
 * (about 6 minutes a run on a 2-core CPU). Run it once per `--augs` with the same seed:
 * `pnpm start -- --preset evidence --augs none`.
 */
export const EVIDENCE_PRESET: typeof SEED_PRESET = {
  ...QUICK_PRESET,
  epochs: 10,
  subset: 2_000,
  testSubset: 2_000,
};

/**
 * The shipped sample (2,500 training + 500 test pictures, `sample/`), used when CIFAR-10 is not there and cannot
 * be downloaded: the quick preset's model, batch size and optimiser on all 2,500 training pictures for 10 epochs
 * (100 optimizer steps, enough for BatchNorm to settle), tested on all 500 after every epoch; a few minutes on a
 * 2-core CPU.
 */
export const SAMPLE_PRESET: typeof SEED_PRESET = {
  ...QUICK_PRESET,
  epochs: 10,
  subset: null,
  testSubset: null,
};

/** Why a preset differs from the seed, printed with what it changed. */
export const PRESET_REASONS: Record<PresetName, string> = {
  seed: "d2l's exact configuration",
  quick:
    "sized to finish in a few minutes on a 2-core CPU: the seed's width-64 ResNet-18 trains at ~18-41 images/s there, so 10 epochs of 50,000 images would take 3.5-8 hours and ten minutes hold 40-95 steps, at most twice the ~50 BatchNorm's running statistics need (the test accuracy would mean little); width 8 trains at ~150-360 images/s, so 4 epochs of 10,000 images (160 steps) fit in 2.5-6 minutes",
  evidence:
    'the budget of the README\'s augmentation comparison: few training images for many epochs, so that without augmentation the network overfits',
  sample:
    "CIFAR-10 itself is not here, only the shipped sample of 2,500 training and 500 test pictures: the quick preset's width-8 ResNet-18 for 10 epochs over all of them (100 steps, enough for BatchNorm's running statistics), a few minutes on a 2-core CPU",
};

export const USAGE = `Usage: pnpm start [--] [options]

The d2l "Image Augmentation" experiment: CIFAR-10, ResNet-18 with Xavier init, Adam, augmentation on the
training set only, curves and image grids written to runs/<time>/.

Options:
  --augs flip|none|full|randaugment|trivialaugment|autoaugment|mixup|cutmix
                          training augmentation: flip = RandomHorizontalFlip (the seed), none = the book's
                          exercise, full = flip + RandomResizedCrop(32, scale 0.1-1, ratio 0.5-2) + ColorJitter(0.5 x4),
                          randaugment = flip + RandAugment(2, 9), trivialaugment = flip + TrivialAugmentWide,
                          autoaugment = RandomCrop(32, pad 4) + flip + AutoAugment(CIFAR10),
                          mixup / cutmix = flip, then MixUp / CutMix (alpha 1) on each batch (soft labels)
  --epochs N              epochs (seed: 10)
  --batch-size N          batch size (seed: 256)
  --lr X                  Adam learning rate (seed: 0.001)
  --backend NAME          ${BACKEND_NAMES.join('|')} (default auto; env AUG_BACKEND)
  --data-dir DIR          an extracted cifar-10-batches-bin/ (or its parent), or an ImageFolder layout
                          (DIR/train/<class>/*.png, DIR/test/<class>/*.png); default data/CIFAR, downloaded
                          if missing; when the download fails, the shipped sample (sample/, 3,000 pictures)
  --subset N              train on the first N training images (test set cut in proportion)
  --workers N             DataLoader worker threads (seed: 4)
  --seed N                seed for shuffling, augmentation and init (default 0)
  --resume                continue from the checkpoint in --out
  --out DIR               write everything to DIR instead of runs/<time>/
  --preset seed|quick|evidence|sample
                          seed = d2l's exact configuration (default on a GPU); quick = ~10 minutes on a
                          2-core CPU (default without a GPU: width 8, 4 epochs of 10,000 images);
                          evidence = the README's augmentation comparison (2,000 images, 10 epochs);
                          sample = the shipped sample (default on it: width 8, 10 epochs of 2,500 images)
  --width N               ResNet-18 channel width (64 = the seed's model)
  --version               the versions of this example, the @aug packages and tfjs it runs
  --help                  this text

Only the pictures, no training: pnpm gallery [-- --data-dir DIR --out DIR --index N --seed N]
`;

/** A bad flag or value: the message names it; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function intFlag(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return v;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${allowed.join('|')}, got "${raw}"`);
  }
  return raw as T;
}

/**
 * Parses the command line (`pnpm start -- --epochs 2` and `pnpm start --epochs 2` alike).
 * Unknown flags and bad values throw {@link UsageError}.
 */
export function parseCli(argv: readonly string[]): CliFlags {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        augs: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        backend: { type: 'string' },
        'data-dir': { type: 'string' },
        subset: { type: 'string' },
        workers: { type: 'string' },
        seed: { type: 'string' },
        resume: { type: 'boolean' },
        out: { type: 'string' },
        preset: { type: 'string' },
        width: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const flags: CliFlags = {};
  if (v.help) flags.help = true;
  if (v.version) flags.version = true;
  const augs = oneOf('augs', v.augs, ['flip', 'none', 'full', 'randaugment', 'trivialaugment', 'autoaugment', 'mixup', 'cutmix'] as const);
  if (augs) flags.augs = augs;
  const epochs = intFlag('epochs', v.epochs, 1);
  if (epochs !== undefined) flags.epochs = epochs;
  const batchSize = intFlag('batch-size', v['batch-size'], 1);
  if (batchSize !== undefined) flags.batchSize = batchSize;
  if (v.lr !== undefined) {
    const lr = Number(v.lr);
    if (!Number.isFinite(lr) || lr <= 0 || v.lr.trim() === '') throw new UsageError(`--lr must be a positive number, got "${v.lr}"`);
    flags.lr = lr;
  }
  const backend = oneOf('backend', v.backend, BACKEND_NAMES);
  if (backend) flags.backend = backend;
  if (v['data-dir'] !== undefined) {
    if (v['data-dir'].trim() === '') throw new UsageError('--data-dir must name a folder');
    flags.dataDir = v['data-dir'];
  }
  const subset = intFlag('subset', v.subset, 1);
  if (subset !== undefined) flags.subset = subset;
  const workers = intFlag('workers', v.workers, 0);
  if (workers !== undefined) flags.workers = workers;
  const seed = intFlag('seed', v.seed, 0);
  if (seed !== undefined) flags.seed = seed;
  if (v.resume) flags.resume = true;
  if (v.out !== undefined) {
    if (v.out.trim() === '') throw new UsageError('--out must name a folder');
    flags.out = v.out;
  }
  const preset = oneOf('preset', v.preset, ['seed', 'quick', 'evidence', 'sample'] as const);
  if (preset) flags.preset = preset;
  const width = intFlag('width', v.width, 1);
  if (width !== undefined) flags.width = width;
  if (flags.resume && !flags.out) throw new UsageError('--resume needs --out DIR naming the run to continue');
  return flags;
}

/**
 * Combines a preset with the flags: the flags win. The default preset is `sample` on the shipped sample
 * (`onSample`), else seed on a GPU backend (`onGpu`), else quick. Returns the configuration and the list of
 * what the preset reduced from the seed.
 */
export function resolveConfig(flags: CliFlags, onGpu: boolean, onSample = false): { config: RunConfig; reduced: string[] } {
  const preset: PresetName = flags.preset ?? (onSample ? 'sample' : onGpu ? 'seed' : 'quick');
  const base = { seed: SEED_PRESET, quick: QUICK_PRESET, evidence: EVIDENCE_PRESET, sample: SAMPLE_PRESET }[preset];
  const config: RunConfig = {
    ...base,
    backend: 'auto',
    dataDir: null,
    resume: false,
    out: null,
    ...Object.fromEntries(Object.entries(flags).filter(([k, val]) => val !== undefined && k !== 'help' && k !== 'version')),
    preset,
  };
  if (flags.subset != null && flags.preset === undefined) {
    // An explicit --subset cuts the test set in the same proportion as CIFAR-10's 50,000 / 10,000.
    config.testSubset = Math.max(1, Math.round(flags.subset / 5));
  }
  const reduced: string[] = [];
  for (const key of ['epochs', 'batchSize', 'subset', 'testSubset', 'workers', 'width', 'lr', 'augs'] as const) {
    if (config[key] !== SEED_PRESET[key]) {
      reduced.push(`${key} ${String(config[key] ?? 'all')} (seed: ${String(SEED_PRESET[key] ?? 'all')})`);
    }
  }
  return { config, reduced };
}
