import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection that keeps reconnecting (Redis restarting is an outage,
 * not an end). `blocking`: for BullMQ workers and subscribers, whose commands
 * wait for Redis to come back instead of failing.
 */
export function connectRedis(url: string, opts: { name: string; blocking?: boolean }): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.blocking ? null : 2,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  };
  const redis = new Redis(url, options);
  // ioredis reports every failed reconnect; the health check and the callers report outages.
  redis.on('error', () => {});
  return redis;
}
