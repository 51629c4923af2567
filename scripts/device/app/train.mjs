// `train`: the seed preset (d2l ResNet-18, Xavier-uniform init, Adam lr 1e-3, batch 256,
// RandomHorizontalFlip + ToTensor on the training set, ToTensor on the test set) on WebGPU for as
// many whole epochs as fit in --seconds, with the test accuracy after each epoch. After every epoch
// it rewrites its JSON and the curves PNG, and it starts another epoch only when the last one's time
// still fits; a timer stops a run that overshoots anyway (mid-epoch, marked as such).
import { DataLoader, Cifar10, Subset } from '@aug/cifar10';
import { initWeights, resnet18 } from '@aug/models';
import { createOptimizer, train } from '@aug/train';
import { Compose, RandomHorizontalFlip, ToTensor } from '@aug/transforms';
import { Animator } from '@aug/viz';
import { adapterLine, startWebgpu } from './gpu.mjs';
import { errorRecord, int, num, options, round, secondsSince, writeJson } from './io.mjs';
import { writeSyntheticCifar } from './synthetic-cifar.mjs';

const USAGE =
  'usage: main.mjs train --out FILE (--data DIR | --synthetic DIR) [--seconds 240] [--max-epochs 50] [--batch 256] [--lr 0.001] [--width 64] [--subset N] [--test-subset N] [--curves FILE.png] [--seed 0]';

/** Images in one epoch of the seed (CIFAR-10's training set) and its test set. */
const SEED_TRAIN = 50_000;

function firstN(dataset, n) {
  if (n === undefined || n >= dataset.length) return dataset;
  return new Subset(dataset, Array.from({ length: n }, (_, i) => i));
}

export async function trainCommand(argv) {
  const o = options(
    argv,
    {
      out: { type: 'string' },
      data: { type: 'string' },
      'data-note': { type: 'string' },
      synthetic: { type: 'string' },
      seconds: { type: 'string' },
      'max-epochs': { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      width: { type: 'string' },
      subset: { type: 'string' },
      'test-subset': { type: 'string' },
      curves: { type: 'string' },
      seed: { type: 'string' },
    },
    USAGE,
  );
  if (!o.out) throw new TypeError(`train: --out is required\n${USAGE}`);
  if ((o.data === undefined) === (o.synthetic === undefined)) throw new TypeError(`train: pass exactly one of --data and --synthetic\n${USAGE}`);
  const budget = num(o, 'seconds', 240);
  const maxEpochs = int(o, 'max-epochs', 50);
  const batchSize = int(o, 'batch', 256);
  const lr = num(o, 'lr', 1e-3);
  const width = int(o, 'width', 64);
  const seed = int(o, 'seed', 0, 0);
  const subset = o.subset === undefined ? undefined : int(o, 'subset', 1);
  const testSubset = o['test-subset'] === undefined ? undefined : int(o, 'test-subset', 1);
  const started = performance.now();

  let root = o.data;
  let data;
  if (o.synthetic !== undefined) {
    const n = subset ?? 8_000;
    const m = testSubset ?? Math.max(1, Math.round(n / 5));
    root = o.synthetic;
    writeSyntheticCifar(root, n, m, seed);
    data = { kind: 'synthetic', note: 'the kit was built without ../shared/data: class-coloured striped noise, not CIFAR-10 (accuracies are not comparable)' };
  } else {
    data = { kind: 'cifar10', note: o['data-note'] ?? `CIFAR-10 binary batches from ${root}` };
  }
  const trainAugs = new Compose([new RandomHorizontalFlip(), new ToTensor()]);
  const testAugs = new Compose([new ToTensor()]);
  const trainSet = firstN(new Cifar10({ root, train: true, download: false, verify: 'size', transform: trainAugs }), subset);
  const testSet = firstN(new Cifar10({ root, train: false, download: false, verify: 'size', transform: testAugs }), testSubset);
  data.trainImages = trainSet.length;
  data.testImages = testSet.length;

  const result = {
    ok: false,
    preset: { model: 'resnet18', width, init: 'xavierUniform', optimizer: 'adam', lr, batchSize, augs: 'RandomHorizontalFlip + ToTensor', seed },
    data,
    budgetSeconds: budget,
    maxEpochs,
    adapter: null,
    epochs: [],
    stoppedBy: null,
    trainImagesPerSec: null,
    secondsPerEpoch: null,
    projectedSecondsPerSeedEpoch: null,
    error: null,
  };
  const save = () => writeJson(o.out, result);
  const report = await startWebgpu((line) => console.log(line));
  result.adapter = adapterLine(report);
  console.log(result.adapter);
  console.log(`training on ${trainSet.length} images, testing on ${testSet.length}; batch ${batchSize}, Adam ${lr}, width ${width}, budget ${budget} s`);
  save();

  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width });
  initWeights(model, { init: 'xavierUniform', seed });
  const optimizer = createOptimizer('adam', lr);
  const trainIter = new DataLoader(trainSet, { batchSize, shuffle: true, seed, numWorkers: 0 });
  const testIter = new DataLoader(testSet, { batchSize, shuffle: false, numWorkers: 0 });
  const animator = new Animator({ xlabel: 'epoch', legend: ['train loss', 'train acc', 'test acc'], onWarning: (m) => console.log(m) });
  const controller = new AbortController();
  const budgetLeft = () => budget - secondsSince(started);
  const timer = setTimeout(() => {
    result.stoppedBy = 'deadline (mid-epoch)';
    controller.abort();
  }, Math.max(1, budgetLeft()) * 1000);
  let epochStart = performance.now();
  const saveCurves = () => {
    if (o.curves === undefined) return;
    try {
      animator.save(o.curves);
    } catch (error) {
      result.curvesError = errorRecord(error).message;
    }
  };
  let history;
  try {
    history = await train(model, trainIter, testIter, {
      epochs: maxEpochs,
      optimizer,
      reduction: 'sum',
      signal: controller.signal,
      progress: false,
      backendLabel: 'webgpu',
      log: (line) => console.log(line),
      onUpdate: (p) => {
        animator.add(p.epoch, [p.trainLoss, p.trainAcc, p.testAcc]);
        if (p.testAcc === null) return;
        const seconds = secondsSince(epochStart);
        epochStart = performance.now();
        const e = { epoch: Math.round(p.epoch), trainLoss: round(p.trainLoss), trainAcc: round(p.trainAcc), testAcc: round(p.testAcc), seconds: round(seconds, 2) };
        result.epochs.push(e);
        console.log(`epoch ${e.epoch}: loss ${e.trainLoss}, train acc ${e.trainAcc}, test acc ${e.testAcc}, ${e.seconds} s`);
        saveCurves();
        save();
        if (budgetLeft() < seconds * 1.05) {
          result.stoppedBy = `time budget (another epoch of ~${round(seconds, 1)} s would not fit in the ${round(budgetLeft(), 1)} s left)`;
          controller.abort();
        }
      },
    });
  } catch (error) {
    result.error = errorRecord(error);
  } finally {
    clearTimeout(timer);
    optimizer.dispose();
    model.dispose();
  }
  if (history !== undefined) {
    if (!history.aborted) result.stoppedBy = `max epochs (${maxEpochs})`;
    result.trainImagesPerSec = round(history.examplesPerSec, 2);
  }
  // The first epoch pays for shader compilation; later ones show the steady state.
  const steady = result.epochs.length > 1 ? result.epochs.slice(1) : result.epochs;
  if (steady.length > 0) {
    const sorted = steady.map((e) => e.seconds).sort((a, b) => a - b);
    result.secondsPerEpoch = sorted[Math.floor(sorted.length / 2)];
    // Test:train is 1:5 here as in the seed (10,000:50,000), so the whole epoch scales with the train size.
    result.projectedSecondsPerSeedEpoch = round((result.secondsPerEpoch * SEED_TRAIN) / trainSet.length, 1);
  }
  saveCurves();
  result.ok = result.error === null && result.epochs.length > 0;
  save();
  if (!result.ok) {
    if (result.error === null) result.error = { message: 'no epoch finished within the time budget' };
    save();
    process.exitCode = 1;
  }
}
