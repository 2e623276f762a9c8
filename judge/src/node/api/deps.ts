import type { Redis } from 'ioredis';
import type { PackRegistry } from '../../languages/index.js';
import type { NodeConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { NodeMetrics } from '../metrics/index.js';
import type { EventBus, JudgeQueue } from '../queue/index.js';
import type { Db, ProblemStore, SubmissionStore } from '../store/index.js';

/** What the HTTP API works with; the node wires it up. */
export interface ApiDeps {
  config: NodeConfig;
  registry: PackRegistry;
  db: Db;
  submissions: SubmissionStore;
  problems: ProblemStore;
  queue: JudgeQueue;
  /** Non-blocking Redis commands: health, replay cache, worker heartbeats. */
  redis: Redis;
  bus: EventBus;
  metrics: NodeMetrics;
  log: Logger;
  /** The hash where worker processes announce their slots. */
  workersKey: string;
  /** Refuse peers that are not on this machine (no HMAC secret). */
  loopbackOnly: boolean;
  /** Says the node is shutting down: new submissions get 503. */
  draining(): boolean;
  /** Aborted when the node stops: requests waiting for verdicts answer with the current state. */
  stopping: AbortSignal;
}
