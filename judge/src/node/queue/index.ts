export { describeQueue, QueueClaim, QueueClaimedError } from './claim.js';
export { type BusEvent, EventBus, type FinishedEvent, finishedEvent } from './events.js';
export { Heartbeat, type LiveWorkers, liveWorkers } from './heartbeat.js';
export { JOB_ATTEMPTS, type JobData, JudgeQueue, type QueueCounts } from './queue.js';
export { connectRedis } from './redis.js';
export { Sweeper, type SweepReport } from './sweeper.js';
export { type JudgeFn, JudgeWorkers, type WorkerDeps } from './worker.js';
