/**
 * A duration as a clock reading, the one format of every progress display: `m:ss` under an hour, `h:mm:ss`
 * from an hour on, `--:--` when unknown (NaN, infinite, negative or `undefined`). Seconds are rounded.
 *
 * @example
 * ```ts
 * formatDuration(65); // '1:05'
 * formatDuration(3725); // '1:02:05'
 * formatDuration(undefined); // '--:--'
 * ```
 */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
