import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Heartbeat, liveWorkers } from '../../src/node/queue/index.js';
import { eventually, REDIS_URL, requireServices } from './helpers.js';

// Worker heartbeats on the real Redis: a process that stops beating without a goodbye is a lost
// worker, counted once however many processes notice it at the same time.

let redis: Redis;
const key = `test-${randomUUID().slice(0, 8)}:judge-workers`;

beforeAll(async () => {
  await requireServices();
  redis = new Redis(REDIS_URL);
});

afterAll(async () => {
  await redis?.del(key);
  redis?.disconnect();
});

describe('liveWorkers', () => {
  it('counts a worker whose heartbeat expired as lost once, and one that stopped gracefully not at all', async () => {
    const graceful = new Heartbeat(redis, key);
    const alive = new Heartbeat(redis, key);
    graceful.start(3);
    alive.start(2);
    await eventually(async () => (await redis.hlen(key)) === 2, 5000, 'two heartbeats');
    await graceful.stop();
    // A crashed process: its last beat expired a second ago and nobody removed it; and an entry
    // that is not a heartbeat at all.
    await redis.hset(key, 'crashed:1', JSON.stringify({ slots: 4, expires: Date.now() - 1000 }));
    await redis.hset(key, 'garbage:2', 'not json');

    // Three processes look at once: the two dead entries are counted once in all.
    const lost: number[] = [];
    const views = await Promise.all([1, 2, 3].map(() => liveWorkers(redis, key, (n) => lost.push(n))));
    for (const v of views) expect(v).toEqual({ processes: 1, slots: 2, calibrated: 0 });
    expect(lost.reduce((a, b) => a + b, 0)).toBe(2);

    const again: number[] = [];
    expect(await liveWorkers(redis, key, (n) => again.push(n))).toEqual({ processes: 1, slots: 2, calibrated: 0 });
    expect(again).toEqual([]);
    await alive.stop();
    expect(await liveWorkers(redis, key, (n) => again.push(n))).toEqual({ processes: 0, slots: 0, calibrated: 0 });
    expect(again).toEqual([]);
  });
});
