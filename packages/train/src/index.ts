export { Accumulator } from './accumulator.js';
export { Timer, type TimerOptions } from './timer.js';
export { accuracy } from './accuracy.js';
export { crossEntropy } from './loss.js';
export { evaluateAccuracy, type EvaluateAccuracyOptions } from './evaluate-accuracy.js';
export { trainBatch, type Reduction, type TrainBatchOptions, type TrainBatchResult } from './train-batch.js';
export {
  train,
  type EpochSummary,
  type StatefulRng,
  type TrainHistory,
  type TrainOptions,
  type UpdatePoint,
} from './train.js';
export { createOptimizer, type OptimizerName } from './optimizer.js';
export { batchNormSettling, MIN_BATCH_NORM_UPDATES, type BatchNormSettling, type LayersLike } from './batch-norm-settling.js';
export type { BatchSource } from './batch-source.js';
export type { Batch, TerminalStream } from '@aug/internal/types';
export {
  saveCheckpoint,
  loadCheckpoint,
  restoreCheckpoint,
  assertCheckpointMatches,
  type CheckpointManifest,
  type LoadedCheckpoint,
  type TensorEntry,
} from './checkpoint.js';
export { MetricsLog, type MetricsRecord } from './metrics-log.js';
export {
  ProgressReporter,
  type ProgressReporterOptions,
  type ProgressStream,
  type ProgressUpdate,
} from './progress.js';
export {
  TrainError,
  NonFiniteLossError,
  CheckpointError,
  CheckpointCorruptError,
  RunLockedError,
  FolderNotWritableError,
  type TrainErrorCode,
} from './errors.js';
export { acquireRunLock, assertWritableFolder, type RunLock } from './run-folder.js';
