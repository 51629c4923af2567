import type { BatchSource } from './batch-source.js';
import type { LoopState } from './loop-state.js';
import { MetricsLog } from './metrics-log.js';
import { ProgressReporter, type ProgressStream } from './progress.js';
import type { UpdatePoint } from './train-types.js';

/** What {@link TrainReporter.create} needs. */
export interface TrainReporterOptions {
  epochs: number;
  batches: number;
  testBatches: number;
  onUpdate?: (point: UpdatePoint) => void;
  /** Progress stream, `false` for none; undefined: `process.stderr`. */
  progress?: ProgressStream | false;
  log: (line: string) => void;
  /** The backend label of the summary lines. */
  backend: string;
  now?: () => number;
}

function defaultStream(): ProgressStream | false {
  return typeof process !== 'undefined' && process.stderr ? process.stderr : false;
}

/**
 * Everything `train` tells the outside world: `onUpdate` points (kept in the loop state's history),
 * the JSON-lines metrics log, the progress bar or lines, and the summary lines through `log`.
 */
export class TrainReporter {
  private metrics: MetricsLog | null = null;
  private splitLogged = false;

  private constructor(
    private readonly options: TrainReporterOptions,
    private readonly progress: ProgressReporter | null,
  ) {}

  /** The reporter of a run; the progress output starts now, the metrics log with {@link openMetricsLog}. */
  static create(options: TrainReporterOptions): TrainReporter {
    const stream = options.progress === undefined ? defaultStream() : options.progress;
    const progress =
      stream === false ? null : new ProgressReporter(stream, { epochs: options.epochs, batches: options.batches, testBatches: options.testBatches, now: options.now });
    return new TrainReporter(options, progress);
  }

  /** Opens the metrics log at `path` (a resumed run first drops the lines after its checkpoint's `iteration`). */
  async openMetricsLog(path: string | undefined, keepUpTo: number | null): Promise<void> {
    if (path) this.metrics = await MetricsLog.open(path, { keepUpTo });
  }

  /** Records an `onUpdate` point: into the history, to `onUpdate`, to the metrics log. */
  async emit(point: UpdatePoint, state: LoopState): Promise<void> {
    state.points.push(point);
    this.options.onUpdate?.(point);
    await this.metrics?.append({
      ...point,
      iteration: state.iteration,
      examplesPerSec: state.trainSeconds > 0 ? state.trainExamples / state.trainSeconds : 0,
      time: new Date().toISOString(),
    });
  }

  startEpoch(epoch: number, skip: number): void {
    this.progress?.startEpoch(epoch, skip);
  }

  /** Redraws the progress after a step. */
  step(step: number, loss: number, acc: number, state: LoopState): void {
    this.progress?.update({ step, loss, acc, imagesPerSec: state.trainExamples / Math.max(state.trainSeconds, 1e-9) });
  }

  /** `testLoader`, wrapped to show the evaluation bar when there is progress output. */
  evaluation(testLoader: BatchSource): BatchSource {
    return this.progress ? this.progress.evaluation(testLoader) : testLoader;
  }

  endEpoch(trainLoss: number, trainAcc: number, testAcc: number): void {
    this.progress?.endEpoch(`loss ${trainLoss.toFixed(3)}, train acc ${trainAcc.toFixed(3)}, test acc ${testAcc.toFixed(3)}`);
  }

  /** Logs, once per run, that `microBatchSize: 'auto'` split a batch. */
  microBatchSplit(batchSize: number, microBatchSize: number): void {
    if (this.splitLogged) return;
    this.splitLogged = true;
    this.options.log(
      `batch ${batchSize} does not fit the memory budget on ${this.options.backend}: training in micro-batches of ${microBatchSize} with accumulated gradients`,
    );
  }

  /** Clears the progress output (an abort or an error). */
  interrupt(): void {
    this.progress?.interrupt();
  }

  /** Where an aborted run stopped, and its checkpoint. */
  stopped(state: LoopState, checkpoint: string | null): void {
    this.options.log(
      `stopped at epoch ${state.epoch + 1}, step ${state.step} of ${this.options.batches}` +
        (checkpoint ? `; checkpoint written to ${checkpoint} (resume: true continues from it)` : ''),
    );
  }

  /** The seed's two summary lines. */
  summary(trainLoss: number, trainAcc: number, testAcc: number | null, examplesPerSec: number): void {
    this.options.log(`loss ${trainLoss.toFixed(3)}, train acc ${trainAcc.toFixed(3)}, test acc ${testAcc === null ? 'n/a' : testAcc.toFixed(3)}`);
    this.options.log(`${examplesPerSec.toFixed(1)} examples/sec on ${this.options.backend}`);
  }
}
