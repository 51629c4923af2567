/** A writable-stream stand-in that keeps what was written. */
export interface Recorder {
  isTTY: boolean;
  columns: number;
  /** Everything written, concatenated. */
  text: string;
  /** Each `write` call's string, in order. */
  writes: string[];
  write(s: string): boolean;
}

/**
 * A stream recorder for progress bars and live views: `isTTY` and `columns` as a terminal would report
 * them; `text` holds all output.
 *
 * @example
 * ```ts
 * const out = recorder(true, 100);
 * progress.update(1, { stream: out });
 * expect(out.text).toContain('1/10');
 * ```
 */
export function recorder(isTTY: boolean, columns = 80): Recorder {
  return {
    isTTY,
    columns,
    text: '',
    writes: [],
    write(s: string) {
      this.text += s;
      this.writes.push(s);
      return true;
    },
  };
}
