import { describeValue } from '@aug/internal';
import { CheckpointError } from './errors.js';
import type { EpochSummary, UpdatePoint } from './train-types.js';

/** The loop state saved in each checkpoint. */
export interface LoopState {
  epoch: number;
  step: number;
  iteration: number;
  metric: number[];
  trainSeconds: number;
  trainExamples: number;
  testAcc: number | null;
  points: UpdatePoint[];
  epochs: EpochSummary[];
  rng: number[] | null;
  /** The run's configuration as given to `train` (`TrainOptions.config`), when it gave one. */
  config?: Record<string, unknown>;
}

/** Throws a {@link CheckpointError} naming the first field of a restored loop state that is not what train() wrote. */
export function checkLoopState(s: LoopState, where: string, batches: number): void {
  const bad = (field: string, want: string): never => {
    throw new CheckpointError(
      `${where}: state.${field} is ${describeValue((s as unknown as Record<string, unknown>)?.[field])}, expected ${want}; ` +
        'the file was edited by hand or written by another program. Undo the edit, or delete the checkpointDir to start over',
    );
  };
  const nonNegInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
  if (s === null || typeof s !== 'object') throw new CheckpointError(`${where}: its state is not an object`);
  if (!nonNegInt(s.epoch)) bad('epoch', 'an integer >= 0');
  if (!nonNegInt(s.step)) bad('step', 'an integer >= 0');
  if (s.step > batches) {
    throw new CheckpointError(
      `${where} stopped at step ${s.step} of an epoch, but the train loader now has ${batches} batches per epoch; ` +
        'resume with the same dataset and batch size as the checkpoint, or choose another checkpointDir',
    );
  }
  if (!nonNegInt(s.iteration)) bad('iteration', 'an integer >= 0');
  if (!Array.isArray(s.metric) || s.metric.length !== 4 || !s.metric.every((v) => Number.isFinite(v))) bad('metric', 'a list of 4 numbers');
  if (!(typeof s.trainSeconds === 'number' && s.trainSeconds >= 0)) bad('trainSeconds', 'a number >= 0');
  if (!nonNegInt(s.trainExamples)) bad('trainExamples', 'an integer >= 0');
  if (!(s.testAcc === null || (typeof s.testAcc === 'number' && s.testAcc >= 0 && s.testAcc <= 1))) bad('testAcc', 'null or a number in [0, 1]');
  if (!Array.isArray(s.points)) bad('points', 'a list');
  if (!Array.isArray(s.epochs) || s.epochs.length !== s.epoch) bad('epochs', `a list of ${describeValue(s.epoch)} epoch summaries (one per finished epoch)`);
  if (!(s.rng === null || (Array.isArray(s.rng) && s.rng.every((v) => typeof v === 'number')))) bad('rng', 'null or a list of numbers');
}

/** The state of a run that has not trained yet. */
export function freshLoopState(): LoopState {
  return { epoch: 0, step: 0, iteration: 0, metric: [0, 0, 0, 0], trainSeconds: 0, trainExamples: 0, testAcc: null, points: [], epochs: [], rng: null };
}
