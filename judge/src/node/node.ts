import { join } from 'node:path';
import { DEFAULT_LIMITS, ProblemUploadSchema } from '@judge/contract';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { Engine } from '../engine/index.js';
import { loadPacks, PackRegistry } from '../languages/index.js';
import { listProblems, uploadFromLoaded } from '../problems/index.js';
import { reapOrphans } from '../sandbox/index.js';
import { type ApiDeps, buildApi, healthReport } from './api/index.js';
import { isLoopback, type NodeConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { NodeMetrics } from './metrics/index.js';
import {
  connectRedis,
  EventBus,
  Heartbeat,
  type JudgeFn,
  JudgeQueue,
  JudgeWorkers,
  liveWorkers,
  Sweeper,
  withTimeout,
} from './queue/index.js';
import { type Db, migrate, openDb, ProblemStore, SubmissionStore } from './store/index.js';

const REAP_INTERVAL_MS = 60_000;

export interface StartOptions {
  /** `serve`: the API plus `config.workers` worker slots; `worker`: worker slots only. */
  role: 'serve' | 'worker';
  log?: Logger;
  /**
   * Replaces the engine: a stand-in judge and its packs, for focused queue
   * tests only. Everything else (Redis, the database, BullMQ) stays real.
   */
  standIn?: { judge: JudgeFn; registry: PackRegistry };
}

/** A running judge node or worker process. */
export interface RunningNode {
  config: NodeConfig;
  /** The API's base URL (serve), or the metrics URL of a worker with a metrics port. */
  url: string | undefined;
  db: Db;
  redis: Redis;
  queue: JudgeQueue;
  submissions: SubmissionStore;
  problems: ProblemStore;
  sweeper: Sweeper;
  metrics: NodeMetrics;
  engine: Engine | undefined;
  /** Graceful stop: no new submissions or jobs, the running ones finished, connections closed. */
  close(): Promise<void>;
}

async function importProblems(dir: string, store: ProblemStore, log: Logger): Promise<void> {
  const { problems, errors } = await listProblems(dir);
  for (const e of errors) log.warn('problem not imported', { error: e.message });
  for (const p of problems) {
    await store.put(ProblemUploadSchema.parse(await uploadFromLoaded(p)));
  }
  log.info('problems imported', { dir, count: problems.length });
}

/** Starts a judge node (`judge serve`) or a worker process (`judge worker`). */
export async function startNode(config: NodeConfig, opts: StartOptions): Promise<RunningNode> {
  const log = opts.log ?? createLogger(config.logLevel, { role: opts.role });
  const slots = config.workers;
  if (opts.role === 'worker' && slots === 0) throw new Error('a worker process needs --workers 1 or more');
  if (opts.role === 'worker' && !config.databaseUrl) {
    throw new Error(
      'separate worker processes need the shared PostgreSQL (--database-url or DATABASE_URL): the embedded database belongs to one `judge serve` process',
    );
  }
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const db = await openDb({ url: config.databaseUrl, dataDir: config.dataDir, schema: config.databaseSchema });
    cleanups.push(() => db.close());
    const applied = await migrate(db);
    if (applied.length > 0) log.info('database migrated', { kind: db.kind, schema: db.schema, applied });

    const redis = connectRedis(config.redisUrl, { name: `judge-${opts.role}` });
    cleanups.push(() => redis.quit());
    const sub = connectRedis(config.redisUrl, { name: `judge-${opts.role}-events`, blocking: true });
    cleanups.push(() => sub.quit());
    try {
      await withTimeout(Promise.all([redis.ping(), sub.ping()]), 5000, 'Redis');
    } catch (e) {
      log.warn('Redis is not answering: starting anyway, it will be retried', { error: e });
    }

    let engine: Engine | undefined;
    let registry: PackRegistry;
    let judge: JudgeFn | undefined;
    if (opts.standIn) {
      registry = opts.standIn.registry;
      judge = slots > 0 ? opts.standIn.judge : undefined;
    } else if (slots > 0) {
      engine = await Engine.create({
        languagesDir: config.languagesDir,
        slots,
        cacheDir: config.cacheDir ?? join(config.dataDir, 'compile-cache'),
        warm: true,
      });
      cleanups.push(() => engine!.close());
      for (const e of engine.packErrors) log.warn('language pack not loaded', { error: e.message });
      engine.onInfrastructureFailure = (error, attempt) =>
        log.warn('a sandbox failed under a submission: judging it again', { attempt, error });
      registry = engine.registry;
      const eng = engine;
      judge = (req, events, signal) => eng.judge(req, events, signal);
    } else {
      const { packs, errors } = await loadPacks(config.languagesDir);
      for (const e of errors) log.warn('language pack not loaded', { error: e.message });
      registry = new PackRegistry(packs);
    }

    const submissions = new SubmissionStore(db);
    const problems = new ProblemStore(db);
    if (config.problemsDir && opts.role === 'serve') await importProblems(config.problemsDir, problems, log);

    const queue = new JudgeQueue(redis, config.queueName, config.redisPrefix);
    cleanups.push(() => queue.close());
    const bus = new EventBus(redis, sub, queue.keyBase);
    const workersKey = `${queue.keyBase}:judge-workers`;
    const metrics = new NodeMetrics({
      depth: () => queue.depth(),
      active: () => queue.active(),
      workerSlots: async () => (await liveWorkers(redis, workersKey)).slots,
    });

    let workers: JudgeWorkers | undefined;
    let heartbeat: Heartbeat | undefined;
    let reaper: NodeJS.Timeout | undefined;
    if (judge) {
      const workerConn = connectRedis(config.redisUrl, { name: 'judge-worker', blocking: true });
      cleanups.push(() => workerConn.quit());
      workers = new JudgeWorkers({
        connection: workerConn,
        queueName: config.queueName,
        prefix: config.redisPrefix,
        slots,
        registry,
        judge,
        submissions,
        problems,
        bus,
        metrics,
        log,
        caps: config.caps,
        defaults: config.defaults ?? DEFAULT_LIMITS,
        lockDurationMs: config.lockDurationMs,
        stalledIntervalMs: config.stalledIntervalMs,
        jobTimeoutMs: config.jobTimeoutMs,
      });
      cleanups.push(() => workers!.close(true));
      heartbeat = new Heartbeat(redis, workersKey);
      heartbeat.start(slots);
      cleanups.push(() => heartbeat!.stop());
      if (engine) {
        const docker = engine.docker;
        reaper = setInterval(() => void reapOrphans(docker).catch(() => 0), REAP_INTERVAL_MS);
        reaper.unref();
      }
    }

    const sweeper = new Sweeper({
      queue,
      redis,
      submissions,
      bus,
      log,
      intervalMs: config.sweepIntervalMs,
      graceMs: config.sweepGraceMs,
    });
    sweeper.start();
    cleanups.push(() => sweeper.stop());

    let draining = false;
    const stopping = new AbortController();
    let app: FastifyInstance | undefined;
    let url: string | undefined;
    const loopbackOnly = !config.hmacSecret;
    let host = config.host;
    if (loopbackOnly && !isLoopback(host)) {
      log.warn('no HMAC secret configured: serving loopback only (set JUDGE_HMAC_SECRET to serve the edge)', {
        requestedHost: host,
      });
      host = '127.0.0.1';
    }
    const deps: ApiDeps = {
      config,
      registry,
      db,
      submissions,
      problems,
      queue,
      redis,
      bus,
      metrics,
      log,
      workersKey,
      loopbackOnly,
      draining: () => draining,
      stopping: stopping.signal,
    };
    if (opts.role === 'serve') {
      app = buildApi(deps);
      cleanups.push(() => app!.close());
      await app.listen({ port: config.port, host });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    } else if (config.metricsPort > 0) {
      app = Fastify({ logger: false });
      cleanups.push(() => app!.close());
      app.get('/metrics', async (_r, reply) => reply.type(metrics.contentType).send(await metrics.text()));
      app.get('/health', async (_r, reply) => {
        const h = await healthReport(deps);
        return reply.code(h.ok ? 200 : 503).send(h.body);
      });
      await app.listen({ port: config.metricsPort, host });
      url = `http://${host}:${config.metricsPort}`;
    }
    log.info('started', {
      role: opts.role,
      url,
      workers: slots,
      queue: config.queueName,
      database: db.kind,
      languages: registry.packs.length,
      signatures: config.hmacSecret ? 'required' : 'off (loopback only)',
    });

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        draining = true;
        stopping.abort();
        log.info('stopping: finishing running jobs');
        clearInterval(reaper);
        if (workers) await workers.close();
        await heartbeat?.stop();
        await sweeper.stop();
        if (app) await app.close();
        await cleanup();
        log.info('stopped');
      })();
      return closing;
    };
    return {
      config,
      url,
      db,
      redis,
      queue,
      submissions,
      problems,
      sweeper,
      metrics,
      engine,
      close,
    };
  } catch (e) {
    await cleanup();
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
