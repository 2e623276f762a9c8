export { connectDocker, OWNER_ID, reapOrphans, SANDBOX_LABEL } from './docker.js';
export { DockerUnavailableError, ImageMissingError, SandboxError } from './errors.js';
export { type PoolOptions, SandboxPool } from './pool.js';
export type { RunSpec, RunUsage } from './protocol.js';
export { Sandbox, type SandboxOptions } from './sandbox.js';
