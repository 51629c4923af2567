import fs from 'node:fs';
import path from 'node:path';
import { DataLoader, Subset, type Dataset } from '@aug/cifar10';
import { fuseConvBnEval, initWeights, resnet18 } from '@aug/models';
import { acquireRunLock, batchNormSettling, train, type TrainHistory } from '@aug/train';
import { Animator, writeReport, type TerminalStream } from '@aug/viz';
import type { RunConfig } from './cli.js';
import { testAugs, trainAugs, withBatchAugs } from './augs.js';
import { openDatasets, type DataSource } from './data.js';
import { renderSeedPictures, reportGrids, savePictures } from './pictures.js';
import { checkBatchFits } from './memory-check.js';
import { CHECKPOINT_SUBDIR, recordedPoints } from './resume.js';

/** Everything a run wrote, and its final figures. */
export interface RunResult {
  outDir: string;
  history: TrainHistory;
  /** Seconds from the start of the run to the end (data, pictures, training, report). */
  wallSeconds: number;
  /** Paths of the files written, relative to `outDir`. */
  artefacts: string[];
}

/** How the run reports and which extras it uses; tests pass small values. */
export interface RunHooks {
  log: (line: string) => void;
  /** Live terminal curves (a TTY stream: stderr), or null. */
  live: TerminalStream | null;
  /** Training progress (bar on a TTY, plain lines otherwise; stderr), or false. */
  progress: NodeJS.WritableStream | false;
  signal?: AbortSignal;
  /** The backend line printed with examples/sec. */
  backendLabel: string;
  /** Micro-batches with accumulated gradients: a size, 'auto' (split only when a step would not fit the backend's memory) or null. */
  microBatchSize: number | 'auto' | null;
  now?: () => number;
}

/** `runs/2026-11-28T02-15-00` under the working directory. */
export function defaultOutDir(date = new Date()): string {
  return path.resolve('runs', date.toISOString().slice(0, 19).replace(/:/g, '-'));
}

/**
 * The first `n` pictures (CIFAR-10's files mix the classes), or for an ImageFolder, which lists its pictures
 * class by class, `n` spread evenly over the whole list so that every class stays.
 */
function firstN(dataset: Dataset, n: number | null, spread: boolean): Dataset {
  if (n === null || n >= dataset.length) return dataset;
  return new Subset(dataset, Array.from({ length: n }, (_, i) => (spread ? Math.floor((i * dataset.length) / n) : i)));
}

/**
 * The seed, end to end: the 4x8 grid of the first 32 training images, a gallery per augmentation, then
 * ResNet-18 (Xavier init) trained with Adam on the augmented training set, tested each epoch, with the
 * Animator's curves, a metrics log, a checkpoint and an HTML report in `outDir`.
 */
export async function runExperiment(config: RunConfig, source: DataSource, outDir: string, hooks: RunHooks): Promise<RunResult> {
  const started = (hooks.now ?? Date.now)();
  const { log } = hooks;
  // The folder is writable (EROFS, EACCES, ENOSPC named; /proc and /sys refused) and this run's alone: a second
  // run into it is a RunLockedError naming this one's pid, before anything is written.
  const lock = await acquireRunLock(outDir, '--out');
  try {
    return await runLocked(config, source, outDir, hooks, started);
  } finally {
    await lock.release();
  }
}

async function runLocked(config: RunConfig, source: DataSource, outDir: string, hooks: RunHooks, started: number): Promise<RunResult> {
  const { log } = hooks;
  const artefacts: string[] = [];
  const save = (fig: Animator, name: string): void => {
    fig.save(path.join(outDir, name));
    artefacts.push(name);
  };

  // 1-2. The first 32 training pictures (the seed's show_images(..., 4, 8, scale=0.8)) and d2l's
  // apply(img, aug) for each augmentation the seed shows.
  const datasets = await openDatasets(source, { train: trainAugs(config.augs), test: testAugs() });
  const pictures = renderSeedPictures(datasets.train, { seed: config.seed });
  artefacts.push(...savePictures(pictures, outDir));
  log(`wrote the image grid and ${pictures.galleries.length} augmentation galleries to ${outDir}`);

  // 3. Loaders with the augmentation on the training set only.
  const spread = source.layout === 'image-folder';
  const trainSet = firstN(datasets.train, config.subset, spread);
  const testSet = firstN(datasets.test, config.testSubset, spread);
  // --augs mixup / cutmix mix whole batches (soft labels); otherwise the loader passes through.
  const trainIter = withBatchAugs(
    new DataLoader(trainSet, { batchSize: config.batchSize, shuffle: true, seed: config.seed, numWorkers: config.workers }),
    config.augs,
    config.seed,
  );
  const testIter = new DataLoader(testSet, { batchSize: config.batchSize, shuffle: false, numWorkers: Math.min(config.workers, 1) });
  log(`training on ${trainSet.length} images (${trainIter.length} batches of ${config.batchSize}), testing on ${testSet.length}`);

  // 4. d2l's ResNet-18 with net.apply(init_weights).
  const inputSize = datasets.train.getUntransformed(0).image.height;
  const model = resnet18({ numClasses: datasets.train.classes.length, inChannels: 3, inputSize, width: config.width });
  try {
    // Before the first step: a batch size whose step would not fit this machine is refused, saying why.
    checkBatchFits(model, config.batchSize, Math.min(config.batchSize, trainSet.length));
  } catch (err) {
    model.dispose();
    throw err;
  }
  initWeights(model, { init: 'xavierUniform', seed: config.seed });
  const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  log(`ResNet-18 (width ${config.width}): ${trainable.toLocaleString('en-US')} trainable parameters, Xavier-uniform init`);
  // Eval-mode accuracy needs BatchNorm's running statistics to have moved away from their start (mean 0,
  // variance 1): too few optimizer steps and the test accuracy is meaningless, whatever the network learned.
  const settling = batchNormSettling(model, config.epochs * trainIter.length);
  if (settling.warning) log(settling.warning);

  const animator = new Animator({
    xlabel: 'epoch',
    xlim: config.epochs > 1 ? [1, config.epochs] : [0, 1],
    // No fixed ylim: d2l's [0, 1] hides the loss curve until the loss drops below 1, which short CPU runs
    // never reach; the y-axis follows the data instead.
    legend: ['train loss', 'train acc', 'test acc'],
    ...(hooks.live ? { live: hooks.live } : {}),
  });
  const checkpointDir = path.join(outDir, CHECKPOINT_SUBDIR);
  if (config.resume) {
    for (const p of await recordedPoints(checkpointDir)) animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc]);
  }
  let history: TrainHistory;
  try {
    history = await train(model, trainIter, testIter, {
      epochs: config.epochs,
      optimizer: 'adam',
      lr: config.lr,
      // Test accuracy on a copy with BatchNorm folded into the convolutions: the same accuracy to float32
      // rounding, one kernel per conv-BN(-ReLU) block instead of three (@aug/models' README).
      evalModel: (trained) => fuseConvBnEval(trained),
      onUpdate: (p) => animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc]),
      checkpointDir,
      resume: config.resume,
      // Recorded in every checkpoint: --resume restores it.
      config: { ...config },
      metricsLog: path.join(outDir, 'metrics.jsonl'),
      log,
      // On a TTY the bar is drawn under the live chart (one view owns the bottom of the terminal).
      progress: hooks.progress === false ? false : (animator.liveView ?? hooks.progress),
      backendLabel: hooks.backendLabel,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      ...(hooks.microBatchSize ? { microBatchSize: hooks.microBatchSize } : {}),
    });
  } finally {
    // The loaders need no closing: a DataLoader stops its worker threads when a loop over it ends or throws.
    animator.detach();
    model.dispose();
  }
  artefacts.push('metrics.jsonl', 'checkpoint/');
  save(animator, 'curves.svg');
  save(animator, 'curves.png');

  const wallSeconds = ((hooks.now ?? Date.now)() - started) / 1000;
  const summary = {
    trainLoss: history.trainLoss,
    trainAcc: history.trainAcc,
    testAcc: history.testAcc,
    examplesPerSec: history.examplesPerSec,
    backend: history.backend,
    aborted: history.aborted,
    wallSeconds,
  };
  fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify({ config, summary, epochs: history.epochs }, null, 2) + '\n');
  artefacts.push('summary.json');
  writeReport(outDir, {
    title: `d2l image augmentation: ResNet-18 on CIFAR-10 (--augs ${config.augs})`,
    curves: animator,
    grids: reportGrids(pictures),
    history: history.epochs,
    config: { ...config, data: source.how, backend: hooks.backendLabel, wallSeconds: Math.round(wallSeconds) },
  });
  artefacts.push('index.html');
  return { outDir, history, wallSeconds, artefacts };
}
