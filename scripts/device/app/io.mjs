// Small helpers shared by the device entry's subcommands: argument parsing, JSON files written
// atomically (a step killed by its time limit leaves the last complete file), error records, clocks.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

/** Parses `--name value` options (all strings) and fails with the subcommand's usage on anything unknown. */
export function options(argv, spec, usage) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new TypeError(`${error.message}\n${usage}`);
  }
}

/** A positive integer option, with a RangeError naming the option. */
export function int(values, name, fallback, min = 1) {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** A positive number option. */
export function num(values, name, fallback) {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

/** A comma-separated list of positive integers (e.g. `--batches 256,32`). */
export function intList(values, name, fallback) {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const list = String(raw).split(',').filter((s) => s !== '').map(Number);
  if (list.length === 0 || !list.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`--${name} must be a comma-separated list of positive integers, got ${JSON.stringify(raw)}`);
  }
  return list;
}

/** Writes `value` as pretty JSON to `path` through a temporary file and a rename. */
export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

/** What a failure looks like in the results: the message and the first lines of the stack. */
export function errorRecord(error) {
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n').slice(0, 8).join('\n') : undefined;
  const cause = error instanceof Error && error.cause !== undefined ? errorRecord(error.cause).message : undefined;
  return { message, ...(cause !== undefined ? { cause } : {}), ...(stack !== undefined ? { stack } : {}) };
}

/** Seconds since `t0` (a `performance.now()` reading). */
export function secondsSince(t0) {
  return (performance.now() - t0) / 1000;
}

/** Rounds to `digits` significant decimals for the JSON (keeps it readable; full precision is noise). */
export function round(x, digits = 4) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
