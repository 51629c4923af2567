// `speed`: ResNet-18 training-step and inference images/s on WebGPU, on synthetic inputs (the
// same kind of tensors the PyTorch peer uses), with the seed's optimizer (Adam, lr 1e-3) and loss
// (summed cross-entropy) through @aug/train's trainBatch. Each step reads its loss back (trainBatch
// does), so a timed step is a whole step. Results are rewritten after every measurement so a step
// killed by its time limit keeps what it measured.
import * as tf from '@tensorflow/tfjs-core';
import { initWeights, resnet18 } from '@aug/models';
import { createOptimizer, trainBatch } from '@aug/train';
import { adapterLine, startWebgpu } from './gpu.mjs';
import { errorRecord, int, intList, num, options, round, secondsSince, writeJson } from './io.mjs';

const USAGE =
  'usage: main.mjs speed --out FILE [--batches 256,32] [--infer 256] [--width 64] [--warmup 2] [--steps 5] [--seconds 20]';

/** Uniform [0, 1) pixels from a seeded tf op and labels i % 10: what a CIFAR batch looks like to the GPU. */
function syntheticBatch(batch) {
  const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1);
  const y = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 10), 'int32');
  return { x, y };
}

/** Runs `step` `warmup` times, then as often as `steps` and `seconds` allow (at least once), timed. */
async function timeSteps(step, warmup, steps, seconds) {
  const tFirst = performance.now();
  await step();
  const firstStepSeconds = secondsSince(tFirst);
  for (let i = 1; i < warmup; i++) await step();
  let done = 0;
  const t0 = performance.now();
  let last;
  while (done < steps && (done === 0 || secondsSince(t0) < seconds)) {
    last = await step();
    done++;
  }
  return { firstStepSeconds, steps: done, seconds: secondsSince(t0), last };
}

async function trainRate(batch, width, warmup, steps, seconds) {
  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width });
  initWeights(model, { init: 'xavierUniform', seed: 0 });
  const optimizer = createOptimizer('adam', 1e-3);
  const { x, y } = syntheticBatch(batch);
  try {
    const r = await timeSteps(async () => (await trainBatch(model, x, y, { optimizer, reduction: 'sum' })).loss, warmup, steps, seconds);
    return {
      batch,
      imagesPerSec: round((batch * r.steps) / r.seconds, 2),
      msPerStep: round((1000 * r.seconds) / r.steps, 2),
      steps: r.steps,
      warmupSteps: Math.max(1, warmup),
      firstStepSeconds: round(r.firstStepSeconds, 3),
      lastLoss: round(r.last / batch, 4),
    };
  } finally {
    tf.dispose([x, y]);
    optimizer.dispose();
    model.dispose();
  }
}

async function inferRate(batch, width, warmup, steps, seconds) {
  const model = resnet18({ numClasses: 10, inChannels: 3, inputSize: 32, width });
  initWeights(model, { init: 'xavierUniform', seed: 0 });
  const { x, y } = syntheticBatch(batch);
  try {
    const r = await timeSteps(
      async () => {
        const logits = model.predict(x, { batchSize: batch });
        try {
          await logits.data();
        } finally {
          logits.dispose();
        }
      },
      warmup,
      steps,
      seconds,
    );
    return {
      batch,
      imagesPerSec: round((batch * r.steps) / r.seconds, 2),
      msPerBatch: round((1000 * r.seconds) / r.steps, 2),
      steps: r.steps,
      firstStepSeconds: round(r.firstStepSeconds, 3),
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

export async function speedCommand(argv) {
  const o = options(
    argv,
    {
      out: { type: 'string' },
      batches: { type: 'string' },
      infer: { type: 'string' },
      width: { type: 'string' },
      warmup: { type: 'string' },
      steps: { type: 'string' },
      seconds: { type: 'string' },
    },
    USAGE,
  );
  if (!o.out) throw new TypeError(`speed: --out is required\n${USAGE}`);
  const batches = intList(o, 'batches', [256, 32]);
  const inferBatch = int(o, 'infer', 256, 0);
  const width = int(o, 'width', 64);
  const warmup = int(o, 'warmup', 2);
  const steps = int(o, 'steps', 5);
  const seconds = num(o, 'seconds', 20);

  const result = {
    ok: false,
    what: 'd2l ResNet-18 (@aug/models resnet18, 3x3 stem, no max-pool), 32x32x3 synthetic inputs, Adam lr 1e-3, summed cross-entropy, trainBatch (loss read back each step)',
    width,
    adapter: null,
    train: {},
    infer: null,
    errors: [],
  };
  const save = () => writeJson(o.out, result);
  const report = await startWebgpu((line) => console.log(line));
  result.adapter = adapterLine(report);
  console.log(result.adapter);
  save();
  for (const batch of batches) {
    try {
      const r = await trainRate(batch, width, warmup, steps, seconds);
      result.train[String(batch)] = r;
      console.log(`webgpu train batch ${batch}: ${r.imagesPerSec} img/s (${r.msPerStep} ms/step over ${r.steps} steps; first step ${r.firstStepSeconds} s)`);
    } catch (error) {
      result.errors.push({ what: `train batch ${batch}`, ...errorRecord(error) });
      console.log(`webgpu train batch ${batch} failed: ${errorRecord(error).message}`);
    }
    save();
  }
  if (inferBatch > 0) {
    try {
      result.infer = await inferRate(inferBatch, width, warmup, steps, seconds);
      console.log(`webgpu inference batch ${inferBatch}: ${result.infer.imagesPerSec} img/s (${result.infer.msPerBatch} ms/batch)`);
    } catch (error) {
      result.errors.push({ what: `inference batch ${inferBatch}`, ...errorRecord(error) });
      console.log(`webgpu inference failed: ${errorRecord(error).message}`);
    }
  }
  result.ok = result.errors.length === 0;
  save();
  if (!result.ok) process.exitCode = 1;
}
