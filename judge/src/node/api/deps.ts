import type { Calibration } from '@judge/contract';
import type { Redis } from 'ioredis';
import type { PackRegistry } from '../../languages/index.js';
import type { NodeConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { NodeMetrics } from '../metrics/index.js';
import type { EventBus, JudgeQueue } from '../queue/index.js';
import type { Db, ProblemStore, StoreIdentity, SubmissionStore } from '../store/index.js';
import type { Access } from './access.js';
import type { WorkerView } from './speed.js';

/** What `/health` and `/metrics` read: every node process has them, with or without the API. */
export interface OpsDeps {
  db: Db;
  /** The store this node keeps its records in. */
  store: StoreIdentity;
  queue: JudgeQueue;
  /** Non-blocking Redis commands: health, replay cache, worker heartbeats. */
  redis: Redis;
  metrics: NodeMetrics;
  /** The hash where worker processes announce their slots. */
  workersKey: string;
  /** Set when another store's nodes took the queue while this one could not reach Redis. */
  queueConflict(): string | undefined;
  /** This process's calibration, when it judges and is calibrated. */
  calibration: Calibration | undefined;
  /** The region's worker processes, their speed included. */
  workerView: WorkerView;
}

/** What the HTTP API works with; the node wires it up. */
export interface ApiDeps extends OpsDeps {
  config: NodeConfig;
  registry: PackRegistry;
  submissions: SubmissionStore;
  problems: ProblemStore;
  bus: EventBus;
  log: Logger;
  /** Who may call: signatures, API keys, this machine. */
  access: Access;
  /** Says the node is shutting down: new submissions get 503. */
  draining(): boolean;
  /** Aborted when the node stops: requests waiting for verdicts answer with the current state. */
  stopping: AbortSignal;
}
