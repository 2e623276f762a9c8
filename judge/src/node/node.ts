import { join } from 'node:path';
import { ProblemUploadSchema } from '@judge/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import {
  calibrate,
  coreCount,
  currentCalibration,
  type MachineCalibration,
  publicCalibration,
  writeCalibration,
} from '../calibrate/index.js';
import { Engine } from '../engine/index.js';
import { loadPacks, PackRegistry } from '../languages/index.js';
import { listProblems, uploadFromLoaded } from '../problems/index.js';
import { reapOrphans } from '../sandbox/index.js';
import { Access, type ApiDeps, buildApi, type OpsDeps, opsRoutes } from './api/index.js';
import { WorkerView } from './api/speed.js';
import { CallbackQueue, CallbackWorkers } from './callbacks/index.js';
import { isLoopback, type NodeConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { NodeMetrics } from './metrics/index.js';
import {
  connectRedis,
  describeQueue,
  EventBus,
  Heartbeat,
  type JudgeFn,
  JudgeQueue,
  JudgeWorkers,
  liveWorkers,
  QueueClaim,
  Sweeper,
} from './queue/index.js';
import {
  type Db,
  migrate,
  openDb,
  ProblemStore,
  type StoreIdentity,
  SubmissionStore,
  storeIdentity,
} from './store/index.js';
import { withTimeout } from './timeout.js';

const REAP_INTERVAL_MS = 60_000;

export interface StartOptions {
  /** `serve`: the API plus `config.workers` worker slots; `worker`: worker slots only. */
  role: 'serve' | 'worker';
  log?: Logger;
  /**
   * Replaces the engine: a stand-in judge and its packs (and, to test scaled
   * limits, a calibration), for focused queue tests only. Everything else
   * (Redis, the database, BullMQ) stays real.
   */
  standIn?: { judge: JudgeFn; registry: PackRegistry; calibration?: MachineCalibration };
}

/** A running judge node or worker process. */
export interface RunningNode {
  config: NodeConfig;
  /** The API's base URL (serve), or the metrics URL of a worker with a metrics port. */
  url: string | undefined;
  db: Db;
  store: StoreIdentity;
  redis: Redis;
  queue: JudgeQueue;
  submissions: SubmissionStore;
  problems: ProblemStore;
  sweeper: Sweeper;
  metrics: NodeMetrics;
  engine: Engine | undefined;
  /** Submissions this process judges at once (`workers`, or what `auto` chose). */
  slots: number;
  /** This machine's calibration, when the process judges and is calibrated. */
  calibration: MachineCalibration | undefined;
  /** Graceful stop: no new submissions or jobs, the running ones finished, connections closed. */
  close(): Promise<void>;
}

/** What a node opened, closed in the reverse order; a failure to close one does not keep the others open. */
class Resources {
  private readonly closers: (() => Promise<unknown>)[] = [];

  /** Registers a thing to close and gives it back. */
  add<T>(thing: T, close: (thing: T) => Promise<unknown> | unknown): T {
    this.closers.push(async () => close(thing));
    return thing;
  }

  async closeAll(): Promise<void> {
    for (const close of this.closers.splice(0).reverse()) await close().catch(() => {});
  }
}

/** Refuses settings a role cannot work with, before anything is opened. */
function checkRole(config: NodeConfig, role: StartOptions['role']): void {
  if (role !== 'worker') return;
  if (config.workers === 0) throw new Error('a worker process needs --workers 1 or more (or auto)');
  if (!config.databaseUrl) {
    throw new Error(
      'separate worker processes need the shared PostgreSQL (--database-url or DATABASE_URL): the embedded database belongs to one `judge serve` process',
    );
  }
}

/** The database, brought up to date, and the stores on it. */
async function openStore(config: NodeConfig, res: Resources, log: Logger) {
  const db = res.add(
    await openDb({ url: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema }),
    (d) => d.close(),
  );
  const applied = await migrate(db);
  if (applied.length > 0) log.info('database migrated', { kind: db.kind, schema: db.schema, applied });
  const identity = await storeIdentity(db, { url: config.databaseUrl, dataDir: config.dataDir });
  return { db, identity, submissions: new SubmissionStore(db), problems: new ProblemStore(db) };
}

/** A connection for commands and one for subscriptions; a Redis that does not answer yet is retried, not fatal. */
async function connectQueue(config: NodeConfig, role: StartOptions['role'], res: Resources, log: Logger) {
  const redis = res.add(connectRedis(config.redisUrl, { name: `judge-${role}` }), (r) => r.quit());
  const sub = res.add(connectRedis(config.redisUrl, { name: `judge-${role}-events`, blocking: true }), (r) => r.quit());
  const queue = res.add(new JudgeQueue(redis, config.queueName, config.redisPrefix), (q) => q.close());
  const bus = new EventBus(redis, sub, queue.keyBase);
  // The subscription waits in the connection's queue while Redis is away, and is renewed on every reconnect.
  const subscribed = bus.start();
  subscribed.catch(() => {});
  try {
    await withTimeout(Promise.all([redis.ping(), subscribed]), 5000, 'Redis');
  } catch (e) {
    log.warn('Redis is not answering: starting anyway, it will be retried', { error: e });
  }
  return { redis, sub, queue, bus, workersKey: queue.workersKey };
}

/**
 * This machine's calibration (its speed against the reference machine, the
 * best number of worker slots): the cached one while it holds, else measured
 * now and cached for every node of the machine. Undefined when it cannot be
 * measured (no language image built): the node then runs uncalibrated.
 */
async function machineCalibration(config: NodeConfig, log: Logger): Promise<MachineCalibration | undefined> {
  const probe = await Engine.create({
    languagesDir: config.languagesDir,
    slots: 3 * coreCount(),
    cacheDir: config.cacheDir ?? join(config.dataDir, 'compile-cache'),
  });
  try {
    const current = await currentCalibration(config.calibrationFile, probe);
    if (current?.concurrency) return current;
    log.info('calibrating this machine: once, then cached', { file: config.calibrationFile });
    const measured = await calibrate(probe, { log: (line) => log.info('calibration', { line }) });
    writeCalibration(config.calibrationFile, measured);
    log.info('calibrated', { factor: measured.factor, slots: measured.concurrency?.slots });
    return measured;
  } catch (e) {
    log.warn('this machine cannot be calibrated: running uncalibrated', { error: e });
    return undefined;
  } finally {
    await probe.close();
  }
}

/** The language packs, and the judge when this process has worker slots (the engine on Docker, or a stand-in). */
async function loadJudge(
  config: NodeConfig,
  opts: StartOptions,
  res: Resources,
  log: Logger,
): Promise<{
  registry: PackRegistry;
  judge: JudgeFn | undefined;
  engine: Engine | undefined;
  slots: number;
  calibration: MachineCalibration | undefined;
}> {
  if (opts.standIn) {
    // A stand-in judges on no machine: nothing to measure, one slot for `auto`.
    const slots = config.workers === 'auto' ? 1 : config.workers;
    return {
      registry: opts.standIn.registry,
      judge: slots > 0 ? opts.standIn.judge : undefined,
      engine: undefined,
      slots,
      calibration: opts.standIn.calibration,
    };
  }
  if (config.workers === 0) {
    const { packs, errors } = await loadPacks(config.languagesDir);
    for (const e of errors) log.warn('language pack not loaded', { error: e.message });
    return { registry: new PackRegistry(packs), judge: undefined, engine: undefined, slots: 0, calibration: undefined };
  }
  const calibration = config.calibrate === 'auto' ? await machineCalibration(config, log) : undefined;
  const slots = config.workers === 'auto' ? (calibration?.concurrency?.slots ?? coreCount()) : config.workers;
  const engine = res.add(
    await Engine.create({
      languagesDir: config.languagesDir,
      slots,
      cacheDir: config.cacheDir ?? join(config.dataDir, 'compile-cache'),
      warm: true,
    }),
    (e) => e.close(),
  );
  for (const e of engine.packErrors) log.warn('language pack not loaded', { error: e.message });
  engine.onInfrastructureFailure = (error, attempt) =>
    log.warn('a sandbox failed under a submission: judging it again', { attempt, error });
  return {
    registry: engine.registry,
    judge: (req, events, signal) => engine.judge(req, events, signal),
    engine,
    slots,
    calibration,
  };
}

async function importProblems(dir: string, store: ProblemStore, log: Logger): Promise<void> {
  const { problems, errors } = await listProblems(dir);
  for (const e of errors) log.warn('problem not imported', { error: e.message });
  for (const p of problems) {
    await store.put(ProblemUploadSchema.parse(await uploadFromLoaded(p)));
  }
  log.info('problems imported', { dir, count: problems.length });
}

/** The worker slots of this process: BullMQ workers, their heartbeat, and the reaper of orphaned sandboxes. */
function startWorkers(
  config: NodeConfig,
  parts: {
    judge: JudgeFn;
    engine: Engine | undefined;
    registry: PackRegistry;
    submissions: SubmissionStore;
    problems: ProblemStore;
    bus: EventBus;
    metrics: NodeMetrics;
    redis: Redis;
    workersKey: string;
    callbacks: CallbackQueue;
    slots: number;
    calibration: MachineCalibration | undefined;
  },
  res: Resources,
  log: Logger,
): JudgeWorkers {
  const connection = res.add(connectRedis(config.redisUrl, { name: 'judge-worker', blocking: true }), (r) => r.quit());
  const workers = res.add(
    new JudgeWorkers({
      connection,
      queueName: config.queueName,
      prefix: config.redisPrefix,
      slots: parts.slots,
      registry: parts.registry,
      judge: parts.judge,
      submissions: parts.submissions,
      problems: parts.problems,
      bus: parts.bus,
      metrics: parts.metrics,
      log,
      caps: config.caps,
      defaults: config.defaults,
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      jobTimeoutMs: config.jobTimeoutMs,
      callbacks: parts.callbacks,
      speed: parts.calibration,
    }),
    (w) => w.close(true),
  );
  const heartbeat = res.add(new Heartbeat(parts.redis, parts.workersKey), (h) => h.stop());
  heartbeat.start(parts.slots, parts.calibration?.factor);
  const docker = parts.engine?.docker;
  if (docker) {
    const reaper = setInterval(() => void reapOrphans(docker).catch(() => 0), REAP_INTERVAL_MS);
    reaper.unref();
    res.add(reaper, (t) => clearInterval(t));
  }
  return workers;
}

/**
 * Callbacks: the queue finished submissions put theirs in, and this process's
 * share of their delivery (every process delivers, whichever finished the job).
 */
function startCallbacks(
  config: NodeConfig,
  parts: { redis: Redis; submissions: SubmissionStore; metrics: NodeMetrics },
  res: Resources,
  log: Logger,
): CallbackQueue {
  const queue = res.add(new CallbackQueue(parts.redis, config.queueName, config.redisPrefix, config), (q) => q.close());
  const connection = res.add(connectRedis(config.redisUrl, { name: 'judge-callbacks', blocking: true }), (r) =>
    r.quit(),
  );
  res.add(
    new CallbackWorkers({
      connection,
      queueName: config.queueName,
      prefix: config.redisPrefix,
      settings: config,
      submissions: parts.submissions,
      metrics: parts.metrics,
      log,
    }),
    (w) => w.close(),
  );
  return queue;
}

/** The address to listen on: the configured one, or loopback for a node without credentials. */
function listenHost(config: NodeConfig, access: Access, log: Logger): string {
  if (!access.open || isLoopback(config.host)) return config.host;
  log.warn('no HMAC secret and no API keys configured: serving this machine only (see docs/configuration.md)', {
    requestedHost: config.host,
  });
  return '127.0.0.1';
}

/** The sweeper of this process: it re-queues what Redis lost (one sweep at a time across the queue's processes). */
function startSweeper(
  config: NodeConfig,
  parts: { queue: JudgeQueue; redis: Redis; submissions: SubmissionStore; bus: EventBus },
  res: Resources,
  log: Logger,
): Sweeper {
  const sweeper = res.add(
    new Sweeper({ ...parts, log, intervalMs: config.sweepIntervalMs, graceMs: config.sweepGraceMs }),
    (s) => s.stop(),
  );
  sweeper.start();
  return sweeper;
}

/** The HTTP side of a process: the whole API (`serve`), `/health` and `/metrics` alone (a worker with a port), or none. */
async function serveHttp(
  role: StartOptions['role'],
  deps: ApiDeps,
  res: Resources,
): Promise<{ app: FastifyInstance | undefined; url: string | undefined }> {
  const { config, access, log } = deps;
  const host = listenHost(config, access, log);
  if (role === 'serve') {
    const app = res.add(buildApi(deps), (a) => a.close());
    return { app, url: await listen(app, config.port, host) };
  }
  if (config.metricsPort === 0) return { app: undefined, url: undefined };
  const app = res.add(Fastify({ logger: false }), (a) => a.close());
  opsRoutes(app, deps);
  // The operator's explicit address for the metrics port wins: a remote Prometheus scrapes workers that take no requests.
  return { app, url: await listen(app, config.metricsPort, config.metricsHost ?? host) };
}

/** Who may call this node, for the start line of the log. */
function describeAccess(config: NodeConfig, access: Access): string {
  if (access.open) return 'open (this machine only)';
  const ways = [config.hmacSecret ? 'signed' : '', config.apiKeys.length ? `${config.apiKeys.length} API keys` : ''];
  return ways.filter(Boolean).join(', ');
}

/** Listens; the base URL it answers on. */
async function listen(app: FastifyInstance, port: number, host: string): Promise<string> {
  await app.listen({ port, host });
  const addr = app.server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
}

/** Starts a judge node (`judge serve`) or a worker process (`judge worker`). */
export async function startNode(config: NodeConfig, opts: StartOptions): Promise<RunningNode> {
  const log = opts.log ?? createLogger(config.logLevel, { role: opts.role });
  checkRole(config, opts.role);
  const res = new Resources();
  try {
    const { db, identity, submissions, problems } = await openStore(config, res, log);
    const { redis, queue, bus, workersKey } = await connectQueue(config, opts.role, res, log);
    const claim = res.add(
      await QueueClaim.take(redis, queue.keyBase, identity, describeQueue(config.queueName, config.redisUrl), log),
      (c) => c.stop(),
    );
    const { registry, judge, engine, slots, calibration } = await loadJudge(config, opts, res, log);
    if (config.problemsDir && opts.role === 'serve') await importProblems(config.problemsDir, problems, log);

    const metrics = new NodeMetrics({
      depth: () => queue.depth(),
      active: () => queue.active(),
      // A scrape also notices workers that stopped announcing themselves (counted once, by whoever removes them).
      workerSlots: async () => (await liveWorkers(redis, workersKey, (n) => metrics.workersLost.inc(n))).slots,
    });
    const callbacks = startCallbacks(config, { redis, submissions, metrics }, res, log);
    const workers = judge
      ? startWorkers(
          config,
          {
            judge,
            engine,
            registry,
            submissions,
            problems,
            bus,
            metrics,
            redis,
            workersKey,
            callbacks,
            slots,
            calibration,
          },
          res,
          log,
        )
      : undefined;
    const sweeper = startSweeper(config, { queue, redis, submissions, bus }, res, log);

    let draining = false;
    const stopping = new AbortController();
    const access = new Access(config, redis, `${queue.keyBase}:judge-signatures`);
    const ops: OpsDeps = {
      db,
      store: identity,
      queue,
      redis,
      metrics,
      workersKey,
      queueConflict: () => claim.conflict,
      calibration: calibration ? publicCalibration(calibration) : undefined,
      workerView: new WorkerView(redis, workersKey, (n) => metrics.workersLost.inc(n)),
    };
    const api = {
      config,
      registry,
      submissions,
      problems,
      bus,
      log,
      access,
      draining: () => draining,
      stopping: stopping.signal,
    };
    const { app, url } = await serveHttp(opts.role, { ...ops, ...api }, res);
    log.info('started', {
      role: opts.role,
      url,
      workers: slots,
      ...(config.workers === 'auto' ? { workersChosen: 'auto' } : {}),
      speed: calibration?.factor,
      queue: config.queueName,
      database: db.kind,
      store: identity.id,
      languages: registry.packs.length,
      access: describeAccess(config, access),
    });

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        draining = true;
        stopping.abort();
        log.info('stopping: finishing running jobs');
        // Running jobs finish before anything they write to is closed.
        await workers?.close();
        await sweeper.stop();
        await app?.close();
        await res.closeAll();
        log.info('stopped');
      })();
      return closing;
    };
    return {
      config,
      url,
      db,
      store: identity,
      redis,
      queue,
      submissions,
      problems,
      sweeper,
      metrics,
      engine,
      slots,
      calibration,
      close,
    };
  } catch (e) {
    await res.closeAll();
    throw e;
  }
}

/** Runs until SIGTERM or SIGINT, then stops gracefully (a second signal exits at once). */
export function stopOnSignals(node: RunningNode, log: Logger): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn('second signal: exiting now', { signal });
        process.exit(130);
      }
      stopping = true;
      log.info('signal received', { signal });
      node.close().then(resolve, (e) => {
        log.error('stop failed', { error: e });
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
