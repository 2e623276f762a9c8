// The public contract of judge (SPEC.md): schemas and types shared by the CLI,
// the judge node and the edge. Runtime-neutral: zod and Web APIs only.
export * from './output.js';
export * from './pack.js';
export * from './problem.js';
export * from './signature.js';
export * from './submission.js';
