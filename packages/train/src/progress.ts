import { formatDuration } from '@aug/internal';
import type { Batch, TerminalStream } from '@aug/internal/types';
import type { BatchSource } from './batch-source.js';
import { checkOptionKeys } from './option-keys.js';

/**
 * Where progress goes: a {@link TerminalStream} (`process.stderr`, the default of {@link train}, or anything
 * with `write`; tests pass a recorder), or a live view that owns the bottom of the terminal (`setStatus`).
 * On a TTY at least {@link MIN_BAR_COLUMNS} wide, progress is an in-place bar; otherwise plain lines.
 * @example `{ write: (s) => chunks.push(s), isTTY: false }`
 */
export interface ProgressStream extends TerminalStream {
  /**
   * Optional: a live view (such as `@aug/viz`'s Animator chart) that draws the bar line itself, under its
   * chart; `null` removes the line. With it the reporter writes no cursor codes; `write` then prints whole
   * lines above the view.
   */
  setStatus?(line: string | null): void;
}

/**
 * What one progress update shows.
 * @example `progress.update({ step: 10, loss: 0.9, acc: 0.7, imagesPerSec: 250 })`
 */
export interface ProgressUpdate {
  /** Batches done in this epoch. */
  step: number;
  /** Mean training loss so far this epoch. */
  loss: number;
  /** Training accuracy so far this epoch. */
  acc: number;
  /** Training images per second (time inside training steps only). */
  imagesPerSec: number;
}

/**
 * Options of {@link ProgressReporter}.
 * @example `new ProgressReporter(process.stderr, { epochs: 10, batches: 196, testBatches: 40 })`
 */
export interface ProgressReporterOptions {
  /** Total epochs of the run (for the "epoch 3/10" label and the run's ETA). */
  epochs: number;
  /** Batches per epoch. */
  batches: number;
  /** Test batches per evaluation (for the run's ETA before the first evaluation is timed). */
  testBatches?: number;
  /** Force bar (`true`) or plain lines (`false`); default: `stream.isTTY`. */
  tty?: boolean;
  /** Clock in milliseconds (default `performance.now`), for the ETA and redraw throttling. */
  now?: () => number;
  /** Plain-line mode prints this many lines per epoch (default 5, as d2l's plot points). */
  linesPerEpoch?: number;
}

/** Narrower terminals get plain lines: a bar with its figures does not fit. */
export const MIN_BAR_COLUMNS = 60;

/**
 * One bar line that fits `columns - 1` characters (the last column stays free so no terminal wraps it):
 * the bar shrinks from 30 to 10 cells, then the optional parts go, least useful first.
 */
function fitLine(head: string, done: number, total: number, parts: { text: string; optional: number }[], columns: number): string {
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  const room = columns - 1;
  const kept = [...parts];
  const length = (width: number) => [head, `[${'.'.repeat(width)}]`, count, ...kept.map((p) => p.text)].join(' ').length;
  while (length(10) > room && kept.some((p) => p.optional > 0)) {
    const drop = kept.reduce((a, b) => (b.optional > a.optional ? b : a));
    kept.splice(kept.indexOf(drop), 1);
  }
  const width = Math.max(10, Math.min(30, 10 + room - length(10)));
  const filled = Math.min(width, Math.round((width * done) / Math.max(total, 1)));
  const line = [head, `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`, count, ...kept.map((p) => p.text)].join(' ');
  return line.length > room ? line.slice(0, Math.max(0, room)) : line;
}

/**
 * Training progress for people. On a TTY at least {@link MIN_BAR_COLUMNS} wide: one bar redrawn in place
 * (batches, loss, accuracy, images/s, the epoch's ETA and the whole run's), a bar while the test set is
 * evaluated, and one summary line left per epoch; the bar always fits the terminal's current width, so
 * resizing never leaves a wrapped half behind. Elsewhere (CI logs, files, narrow terminals): a few plain
 * lines per epoch and the summary line.
 *
 * @example
 * ```ts
 * const progress = new ProgressReporter(process.stderr, { epochs: 10, batches: 196, testBatches: 40 });
 * progress.startEpoch(0);
 * progress.update({ step: 1, loss: 2.3, acc: 0.1, imagesPerSec: 250 });
 * const testAcc = await evaluateAccuracy(model, progress.evaluation(testLoader));
 * progress.endEpoch('loss 2.100, train acc 0.200, test acc 0.250');
 * ```
 */
export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly epochs: number;
  private readonly batches: number;
  private testBatches: number;
  private readonly every: number;
  private epoch = 0;
  private epochStart = 0;
  private firstStep = 0;
  private lastDraw = -Infinity;
  /** Length of the bar line on screen (own drawing only), 0 when none. */
  private drawnLength = 0;
  private statusShown = false;
  // For the run's ETA: time and batches of training and of evaluation seen so far in this run.
  private trainMs = 0;
  private trainSteps = 0;
  private evalMs = 0;
  private evalSteps = 0;
  private lastStep = 0;
  private lastStepAt = 0;

  constructor(stream: ProgressStream, options: ProgressReporterOptions) {
    checkOptionKeys(options, 'ProgressReporterOptions', 'ProgressReporter');
    this.stream = stream;
    this.tty = options.tty ?? stream.isTTY === true;
    this.now = options.now ?? (() => performance.now());
    this.epochs = options.epochs;
    this.batches = options.batches;
    this.testBatches = options.testBatches ?? 0;
    this.every = Math.max(1, Math.floor(options.batches / (options.linesPerEpoch ?? 5)));
  }

  private columns(): number {
    return this.stream.columns ?? 80;
  }

  /** Bar mode now: a TTY that is wide enough (checked at every draw: terminals get resized). */
  private barMode(): boolean {
    // A live view decides itself whether it draws in place (its isTTY follows the terminal's current size).
    const tty = this.stream.setStatus ? this.stream.isTTY === true : this.tty;
    return tty && this.columns() >= MIN_BAR_COLUMNS;
  }

  /** Draws `line` in place (own cursor codes, or the live view's status line). */
  private draw(line: string): void {
    if (this.stream.setStatus) {
      this.stream.setStatus(line);
      this.statusShown = true;
      return;
    }
    const wrapped = this.drawnLength > Math.max(1, this.columns());
    // Overwrite in place; after a narrowing resize also clear the rest of the old, wrapped bar (clearing to
    // the end only after the new line: from the top left, tmux would copy the screen into its history).
    this.stream.write(`${this.eraseCodes()}${line}${wrapped ? '\x1b[J' : ''}`);
    this.drawnLength = line.length;
  }

  /**
   * Cursor codes back to the first row of the bar drawn last (after a narrowing resize a reflowing terminal
   * has wrapped it over several rows), erasing that row.
   */
  private eraseCodes(): string {
    const rows = Math.max(1, Math.ceil(this.drawnLength / Math.max(1, this.columns())));
    return `\r${rows > 1 ? `\x1b[${rows - 1}A` : ''}\x1b[2K`;
  }

  /** Removes the bar, leaving the cursor at the start of its line. */
  private clearBar(): void {
    if (this.stream.setStatus) {
      if (this.statusShown) this.stream.setStatus(null);
      this.statusShown = false;
    } else if (this.drawnLength > 0) {
      const wrapped = this.drawnLength > Math.max(1, this.columns());
      this.stream.write(`${this.eraseCodes()}${wrapped ? '\x1b[J' : ''}`);
      this.drawnLength = 0;
    }
  }

  /** Seconds left in the whole run, from what this run has measured so far. */
  private runEta(stepInEpoch: number, evaluating: boolean, evalDone = 0): number {
    if (this.trainSteps === 0 || this.trainMs <= 0) return NaN;
    const perTrain = this.trainMs / this.trainSteps;
    // Before the first evaluation is timed, a test batch costs about a third of a training step (forward only).
    const perEval = this.evalSteps > 0 ? this.evalMs / this.evalSteps : perTrain / 3;
    const epochsAfter = this.epochs - this.epoch - 1;
    const trainLeft = (evaluating ? 0 : this.batches - stepInEpoch) + epochsAfter * this.batches;
    const evalLeft = (evaluating ? this.testBatches - evalDone : this.testBatches) + epochsAfter * this.testBatches;
    return (trainLeft * perTrain + Math.max(0, evalLeft) * perEval) / 1000;
  }

  /**
   * Begins epoch `epoch` (0-based); `fromStep` is the batch it resumes at.
   * @example `progress.startEpoch(2)`
   */
  startEpoch(epoch: number, fromStep = 0): void {
    this.epoch = epoch;
    this.epochStart = this.now();
    this.firstStep = fromStep;
    this.lastStep = fromStep;
    this.lastStepAt = this.epochStart;
    this.lastDraw = -Infinity;
  }

  /**
   * Reports the state after a batch. The bar redraws at most 10 times a second (and always on the
   * last batch); plain lines appear `linesPerEpoch` times per epoch.
   * @example `progress.update({ step, loss, acc, imagesPerSec })`
   */
  update(u: ProgressUpdate): void {
    const t = this.now();
    this.trainMs += t - this.lastStepAt;
    this.trainSteps += Math.max(0, u.step - this.lastStep);
    this.lastStep = u.step;
    this.lastStepAt = t;
    const done = u.step - this.firstStep;
    const eta = done > 0 ? (((t - this.epochStart) / done) * (this.batches - u.step)) / 1000 : NaN;
    const head = `epoch ${this.epoch + 1}/${this.epochs}`;
    const runEta = this.runEta(u.step, false);
    if (this.barMode()) {
      if (u.step < this.batches && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      const parts = [
        { text: `loss ${u.loss.toFixed(3)}`, optional: 0 },
        { text: `acc ${u.acc.toFixed(3)}`, optional: 2 },
        { text: `${u.imagesPerSec.toFixed(1)} img/s`, optional: 3 },
        { text: `ETA ${formatDuration(eta)}`, optional: 0 },
        ...(this.epochs > 1 ? [{ text: `run ${formatDuration(runEta)}`, optional: 1 }] : []),
      ];
      this.draw(fitLine(head, u.step, this.batches, parts, this.columns()));
    } else if (u.step % this.every === 0 && u.step < this.batches) {
      const run = this.epochs > 1 ? ` (run ${formatDuration(runEta)})` : '';
      this.stream.write(
        `${head} step ${u.step}/${this.batches} loss ${u.loss.toFixed(3)} acc ${u.acc.toFixed(3)} ${u.imagesPerSec.toFixed(1)} img/s ETA ${formatDuration(eta)}${run}\n`,
      );
    }
  }

  /**
   * Wraps the test loader so its pass shows a bar ("epoch 3/10 test [###...] 12/40 ETA 0:05 run 4:10")
   * and is timed for the run's ETA. Batches pass through unchanged; plain-line mode prints nothing extra.
   * @example `const testAcc = await evaluateAccuracy(model, progress.evaluation(testLoader));`
   */
  evaluation(loader: BatchSource): BatchSource {
    if (loader.length > 0) this.testBatches = loader.length;
    const reporter = this;
    const wrapped: BatchSource = {
      get length() {
        return loader.length;
      },
      [Symbol.asyncIterator](): AsyncIterator<Batch> {
        const inner = loader[Symbol.asyncIterator]();
        // A batch is finished when the next one is asked for: the time between two calls is its cost.
        let finished = -1;
        let started = 0;
        let last = 0;
        let lastDraw = -Infinity;
        return {
          async next() {
            const t = reporter.now();
            if (finished < 0) started = t;
            else {
              reporter.evalMs += t - last;
              reporter.evalSteps++;
            }
            finished++;
            last = t;
            const total = Math.max(loader.length, finished);
            if (reporter.barMode() && (t - lastDraw >= 100 || finished === total)) {
              lastDraw = t;
              const eta = finished > 0 ? (((t - started) / finished) * (total - finished)) / 1000 : NaN;
              const parts = [
                { text: `ETA ${formatDuration(eta)}`, optional: 0 },
                ...(reporter.epochs > 1 ? [{ text: `run ${formatDuration(reporter.runEta(0, true, finished))}`, optional: 1 }] : []),
              ];
              reporter.draw(fitLine(`epoch ${reporter.epoch + 1}/${reporter.epochs} test`, finished, total, parts, reporter.columns()));
            }
            return inner.next();
          },
          async return(value?: unknown) {
            await inner.return?.(value as never);
            return { done: true, value: undefined };
          },
        };
      },
    };
    return wrapped;
  }

  /**
   * Ends the epoch: the bar is replaced by `summary` (one line that stays); in plain mode `summary` is one line.
   * @example `progress.endEpoch('loss 0.512, train acc 0.823, test acc 0.801')`
   */
  endEpoch(summary: string): void {
    const seconds = (this.now() - this.epochStart) / 1000;
    const line = `epoch ${this.epoch + 1}/${this.epochs} ${summary} (${seconds.toFixed(1)} s)`;
    this.clearBar();
    this.stream.write(`${line}\n`);
  }

  /**
   * Ends the progress display early (abort or error): the bar is removed so later output starts on a clean line.
   * @example `progress.interrupt()`
   */
  interrupt(): void {
    this.clearBar();
  }
}
