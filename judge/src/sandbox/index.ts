export { type CgroupLimits, HostCgroup } from './cgroup.js';
export { connectDocker, OWNER_ID, OWNER_LABEL, ownerOf, reapOrphans, SANDBOX_LABEL, UID_LABEL } from './docker.js';
export { DockerUnavailableError, ImageMissingError, SandboxError } from './errors.js';
export { type PoolOptions, SandboxPool } from './pool.js';
export type { InteractorSpec, InteractUsage, RunSpec, RunUsage } from './protocol.js';
export { Sandbox, type SandboxOptions, SCRATCH_INODES, type SealedWork } from './sandbox.js';
