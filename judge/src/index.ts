// The judge library: the engine (sandboxes, packs, checkers, pipelines) used by
// the CLI for local judging and by the judge node's workers.

export * from './calibrate/index.js';
export { type CheckOutcome, check } from './checkers/index.js';
export * from './engine/index.js';
export * from './languages/index.js';
export { markdownTable } from './markdown.js';
export * from './problems/index.js';
export * from './sandbox/index.js';
