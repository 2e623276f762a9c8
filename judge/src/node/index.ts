// The judge node: HTTP API, BullMQ queue and workers, PostgreSQL store, metrics.
export { type ApiDeps, buildApi, openApiDocument } from './api/index.js';
export {
  ConfigError,
  defaultConfigFile,
  envKeys,
  innerSchema,
  type LoadConfigOptions,
  loadConfig,
  type NodeConfig,
  type NodeConfigInput,
  NodeConfigSchema,
  QUEUE_NAME,
  type SettingDoc,
  type SettingInfo,
  settings,
} from './config.js';
export { generatedNote, renderApiDoc, renderNodeConfigDoc } from './docs.js';
export { DependencyError, HttpError } from './errors.js';
export { createLogger, type Logger, type LogLevel } from './log.js';
export { NodeMetrics } from './metrics/index.js';
export { parseServerTiming, STAGES, type Stage, type StageTimes, serverTiming } from './metrics/stages.js';
export { type RunningNode, type StartOptions, startNode, stopOnSignals } from './node.js';
export {
  connectRedis,
  Heartbeat,
  type JudgeFn,
  JudgeQueue,
  type LiveWorkers,
  liveWorkers,
  type QueueCounts,
} from './queue/index.js';
export { type Db, migrate, openDb, SubmissionStore } from './store/index.js';
export { withTimeout } from './timeout.js';
