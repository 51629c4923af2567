const MAX_LENGTH = 80;

/**
 * Formats a value for an error message without throwing on odd inputs: strings quoted, arrays element by
 * element, plain objects as JSON (their `String()` when JSON fails), everything else through `String()`;
 * cut to 80 characters (ending in `…`) so a large object cannot flood the message.
 *
 * @example
 * ```ts
 * describeValue('x'); // '"x"'
 * describeValue([1, 'a']); // '[1, "a"]'
 * ```
 */
export function describeValue(value: unknown): string {
  const text = format(value);
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function format(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(format).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}
