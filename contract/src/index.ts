// The public contract of judge: every shape and rule that crosses a process
// boundary (CLI, edge, judge nodes), written once. Runtime-neutral: zod and
// Web APIs only, so the Worker uses it too.

export * from './calibration.js';
export * from './callback.js';
export * from './events.js';
export * from './ids.js';
export * from './judge0.js';
export * from './keys.js';
export * from './limits.js';
export * from './output.js';
export * from './pack.js';
export * from './piston.js';
export * from './problem.js';
export * from './ratelimit.js';
export * from './signature.js';
export * from './submission.js';
