/**
 * Where progress goes: `process.stdout` or anything with `write` (tests pass a recorder).
 * @example `{ write: (s) => chunks.push(s), isTTY: false }`
 */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** When true, progress is an in-place bar; otherwise plain lines. */
  isTTY?: boolean;
  /** Terminal width, used to size the bar. */
  columns?: number;
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
 * @example `new ProgressReporter(process.stdout, { epochs: 10, batches: 196 })`
 */
export interface ProgressReporterOptions {
  /** Total epochs of the run (for the "epoch 3/10" label). */
  epochs: number;
  /** Batches per epoch. */
  batches: number;
  /** Force bar (`true`) or plain lines (`false`); default: `stream.isTTY`. */
  tty?: boolean;
  /** Clock in milliseconds (default `performance.now`), for the ETA and redraw throttling. */
  now?: () => number;
  /** Plain-line mode prints this many lines per epoch (default 5, as d2l's plot points). */
  linesPerEpoch?: number;
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/**
 * Training progress for people. On a TTY: one bar per epoch redrawn in place (batches, loss,
 * accuracy, images/s, ETA) and left on screen when the epoch ends. Elsewhere (CI logs, files):
 * a few plain lines per epoch and one summary line at its end.
 *
 * @example
 * ```ts
 * const progress = new ProgressReporter(process.stdout, { epochs: 10, batches: 196 });
 * progress.startEpoch(0);
 * progress.update({ step: 1, loss: 2.3, acc: 0.1, imagesPerSec: 250 });
 * progress.endEpoch('loss 2.100, train acc 0.200, test acc 0.250');
 * ```
 */
export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly epochs: number;
  private readonly batches: number;
  private readonly every: number;
  private epoch = 0;
  private epochStart = 0;
  private firstStep = 0;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(stream: ProgressStream, options: ProgressReporterOptions) {
    this.stream = stream;
    this.tty = options.tty ?? stream.isTTY === true;
    this.now = options.now ?? (() => performance.now());
    this.epochs = options.epochs;
    this.batches = options.batches;
    this.every = Math.max(1, Math.floor(options.batches / (options.linesPerEpoch ?? 5)));
  }

  /**
   * Begins epoch `epoch` (0-based); `fromStep` is the batch it resumes at.
   * @example `progress.startEpoch(2)`
   */
  startEpoch(epoch: number, fromStep = 0): void {
    this.epoch = epoch;
    this.epochStart = this.now();
    this.firstStep = fromStep;
    this.lastDraw = -Infinity;
    this.drawn = false;
  }

  /**
   * Reports the state after a batch. The bar redraws at most 10 times a second (and always on the
   * last batch); plain lines appear `linesPerEpoch` times per epoch.
   * @example `progress.update({ step, loss, acc, imagesPerSec })`
   */
  update(u: ProgressUpdate): void {
    const t = this.now();
    const done = u.step - this.firstStep;
    const eta = done > 0 ? (((t - this.epochStart) / done) * (this.batches - u.step)) / 1000 : NaN;
    const head = `epoch ${this.epoch + 1}/${this.epochs}`;
    const stats = `loss ${u.loss.toFixed(3)} acc ${u.acc.toFixed(3)} ${u.imagesPerSec.toFixed(1)} img/s ETA ${clock(eta)}`;
    if (this.tty) {
      if (u.step < this.batches && t - this.lastDraw < 100) return;
      this.lastDraw = t;
      const count = `${String(u.step).padStart(String(this.batches).length)}/${this.batches}`;
      const room = (this.stream.columns ?? 80) - head.length - count.length - stats.length - 6;
      const width = Math.max(10, Math.min(30, room));
      const filled = Math.round((width * u.step) / this.batches);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
      this.stream.write(`\r\x1b[2K${head} ${bar} ${count} ${stats}`);
      this.drawn = true;
    } else if (u.step % this.every === 0 && u.step < this.batches) {
      this.stream.write(`${head} step ${u.step}/${this.batches} ${stats}\n`);
    }
  }

  /**
   * Ends the epoch: the bar stays on screen followed by `summary`; in plain mode `summary` is one line.
   * @example `progress.endEpoch('loss 0.512, train acc 0.823, test acc 0.801')`
   */
  endEpoch(summary: string): void {
    const seconds = (this.now() - this.epochStart) / 1000;
    const line = `epoch ${this.epoch + 1}/${this.epochs} ${summary} (${seconds.toFixed(1)} s)`;
    if (this.tty) this.stream.write(`${this.drawn ? '\r\x1b[2K' : ''}${line}\n`);
    else this.stream.write(`${line}\n`);
    this.drawn = false;
  }

  /**
   * Ends the current line early (abort or error) so later output starts on a fresh line.
   * @example `progress.interrupt()`
   */
  interrupt(): void {
    if (this.tty && this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
