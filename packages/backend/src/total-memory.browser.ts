/**
 * The browser build's {@link totalMemory}: `navigator.deviceMemory` (GiB, rounded by the browser) where
 * the browser says, else 4 GiB (a page cannot ask the operating system).
 */
export function totalMemory(): number {
  const gib = (globalThis as { navigator?: { deviceMemory?: number } }).navigator?.deviceMemory;
  return (typeof gib === 'number' && gib > 0 ? gib : 4) * 2 ** 30;
}
