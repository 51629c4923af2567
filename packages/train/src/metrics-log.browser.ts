// The browser build's MetricsLog: a JSON-lines file needs Node's file system; in a page, train()
// without metricsLog (its onEpoch/onUpdate callbacks give the same records).
import { TrainError } from './errors.js';

/** One line of the log. */
export interface MetricsRecord {
  /** Epoch plus the fraction done, as the x of d2l's plot. */
  epoch: number;
  /** Training steps done since the run began (counts across resumes). */
  iteration: number;
  trainLoss: number;
  trainAcc: number;
  testAcc: number | null;
  /** Training examples per second so far (time inside training steps only). */
  examplesPerSec: number;
  /** Wall-clock time of the update (ISO 8601). */
  time: string;
}

/**
 * Not available in a browser: `open` throws a {@link TrainError} (code `'METRICS_LOG'`).
 *
 * @example
 * ```ts
 * await MetricsLog.open('metrics.jsonl', { keepUpTo: null }); // throws in a page
 * ```
 */
export class MetricsLog {
  private constructor(readonly path: string) {}

  /** Throws in a browser. */
  static async open(path: string, _options: { keepUpTo: number | null }): Promise<MetricsLog> {
    throw new TrainError('METRICS_LOG', `metricsLog: ${path} is a file and needs Node's file system; in a browser, read the records from train()'s onEpoch/onUpdate callbacks`);
  }

  /** Never reached in a browser. */
  async append(_record: MetricsRecord): Promise<void> {
    throw new TrainError('METRICS_LOG', `metricsLog: ${this.path} needs Node's file system`);
  }
}
