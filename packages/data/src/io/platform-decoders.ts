// The decoders of the platform this build runs on. The browser build (scripts/tsup-browser.mjs) swaps
// this module for platform-decoders.browser.ts, so sharp, pngjs and Node's built-ins stay out of it.
export { nodeDecoders as platformDecoders } from './node-decoders.js';
