import * as fs from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsAdvice } from '@aug/internal';
import { writeFileAtomic } from '@aug/internal/node';
import { TrainError } from './errors.js';

/**
 * One line of the metrics log (JSON lines, one per progress update).
 * @example `{"epoch":1.2,"iteration":235,"trainLoss":0.93,"trainAcc":0.67,"testAcc":null,"examplesPerSec":412.3,"time":"..."}`
 */
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
 * Appends one JSON object per line to a file: the training curve in a form any tool can read
 * (`jq`, pandas `read_json(lines=True)`). On resume it first drops lines written after the
 * checkpoint, so the log never holds a stretch twice.
 *
 * @example
 * ```ts
 * const log = await MetricsLog.open('runs/a/metrics.jsonl', { keepUpTo: null });
 * await log.append({ epoch: 0.2, iteration: 40, trainLoss: 1.9, trainAcc: 0.3, testAcc: null, examplesPerSec: 250, time: new Date().toISOString() });
 * ```
 */
export class MetricsLog {
  private constructor(readonly path: string) {}

  /**
   * Opens the log. `keepUpTo: null` starts an empty file (a fresh run); a number keeps the existing
   * lines whose `iteration` is at most that (a resumed run) and appends after them.
   * @example `await MetricsLog.open('metrics.jsonl', { keepUpTo: 120 })`
   */
  static async open(path: string, options: { keepUpTo: number | null }): Promise<MetricsLog> {
    const info = await fs.stat(path).catch(() => null);
    if (info?.isDirectory()) {
      throw new TypeError(`metricsLog: ${path} is a folder; pass a file path such as ${path.replace(/\/+$/, '')}/metrics.jsonl`);
    }
    try {
      await fs.mkdir(dirname(path), { recursive: true });
    } catch (error) {
      throw new TrainError(
        'METRICS_LOG',
        `metricsLog: cannot create the folder of ${path}: ${fsAdvice(error, 'a metricsLog path')}`,
        { cause: error },
      );
    }
    let kept = '';
    if (options.keepUpTo !== null) {
      let text = '';
      try {
        text = await fs.readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          const record = JSON.parse(line) as Partial<MetricsRecord>;
          if (typeof record.iteration === 'number' && record.iteration <= options.keepUpTo) kept += `${line}\n`;
        } catch {
          // a torn last line from a crash: drop it
        }
      }
    }
    try {
      await writeFileAtomic(path, kept);
    } catch (error) {
      throw new TrainError(
        'METRICS_LOG',
        `metricsLog: cannot write ${path}: ${fsAdvice(error, 'a metricsLog path')}`,
        { cause: error },
      );
    }
    return new MetricsLog(path);
  }

  /**
   * Appends one record as one line.
   * @example `await log.append(record)`
   */
  async append(record: MetricsRecord): Promise<void> {
    await fs.appendFile(this.path, `${JSON.stringify(record)}\n`);
  }
}
