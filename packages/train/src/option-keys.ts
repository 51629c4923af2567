import { checkOptions, optionKeys } from '@aug/internal';
import type { EvaluateAccuracyOptions } from './evaluate-accuracy.js';
import type { ProgressReporterOptions } from './progress.js';
import type { TimerOptions } from './timer.js';
import type { TrainBatchOptions } from './train-batch.js';
import type { TrainOptions } from './train-types.js';

/**
 * The keys of every public options type of `@aug/train`, by type name; the compiler checks each list
 * against its interface (a key added to an interface and not here fails to compile). The functions
 * taking these options pass them through {@link checkOptions}, so a misspelled key (`checkpointdir`,
 * `optimiser`) is a `TypeError` naming it and the nearest valid key instead of being ignored.
 */
export const OPTION_KEYS = {
  TrainOptions: optionKeys<TrainOptions>({
    epochs: true,
    evalModel: true,
    optimizer: true,
    lr: true,
    reduction: true,
    microBatchSize: true,
    memoryBudgetBytes: true,
    onUpdate: true,
    signal: true,
    checkpointDir: true,
    resume: true,
    rng: true,
    config: true,
    log: true,
    metricsLog: true,
    progress: true,
    backendLabel: true,
    now: true,
  }),
  TrainBatchOptions: optionKeys<TrainBatchOptions>({ optimizer: true, reduction: true, microBatchSize: true, memoryBudgetBytes: true }),
  EvaluateAccuracyOptions: optionKeys<EvaluateAccuracyOptions>({ signal: true }),
  TimerOptions: optionKeys<TimerOptions>({ now: true }),
  ProgressReporterOptions: optionKeys<ProgressReporterOptions>({
    epochs: true,
    batches: true,
    testBatches: true,
    tty: true,
    now: true,
    linesPerEpoch: true,
  }),
} as const;

/** Name of a public options type of `@aug/train`. */
export type OptionsTypeName = keyof typeof OPTION_KEYS;

/**
 * Throws a `TypeError` when `options` is not an object or holds a key that `type` does not have.
 * @example `checkOptionKeys(options, 'TrainOptions', 'train')`
 */
export function checkOptionKeys(options: unknown, type: OptionsTypeName, where: string): void {
  checkOptions(options, OPTION_KEYS[type], where);
}
