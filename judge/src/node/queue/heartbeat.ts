import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';

const BEAT_MS = 5000;
const TTL_MS = 15_000;

/** Workers announce their slots in a Redis hash; entries not renewed within the TTL are dead. */
export class Heartbeat {
  readonly member = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  /** Announces the slots, and the speed factor of a calibrated process. */
  start(slots: number, factor?: number): void {
    const beat = () =>
      this.redis
        .hset(this.key, this.member, JSON.stringify({ slots, factor, expires: Date.now() + TTL_MS }))
        .catch(() => {});
    void beat();
    this.timer = setInterval(beat, BEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.hdel(this.key, this.member).catch(() => {});
  }
}

/** The worker processes of a queue: how many, their slots, and the speed factors of the calibrated ones. */
export interface LiveWorkers {
  processes: number;
  slots: number;
  /** Processes that are calibrated. */
  calibrated: number;
  /** The lowest and highest factor of the calibrated processes. */
  factor?: { min: number; max: number };
}

/**
 * Live worker slots and processes of the queue; drops dead entries. A dead
 * entry is a process that stopped beating without saying goodbye (crashed,
 * killed, its machine gone): `onLost` hears how many this call removed, so
 * that processes racing to clean up count each loss once.
 */
export async function liveWorkers(redis: Redis, key: string, onLost?: (count: number) => void): Promise<LiveWorkers> {
  const all = await redis.hgetall(key);
  const now = Date.now();
  const live: LiveWorkers = { processes: 0, slots: 0, calibrated: 0 };
  const dead: string[] = [];
  for (const [member, value] of Object.entries(all)) {
    try {
      const v = JSON.parse(value) as { slots: number; expires: number; factor?: number };
      if (v.expires < now) dead.push(member);
      else {
        live.processes++;
        live.slots += v.slots;
        if (typeof v.factor === 'number') {
          live.calibrated++;
          live.factor = {
            min: Math.min(live.factor?.min ?? v.factor, v.factor),
            max: Math.max(live.factor?.max ?? v.factor, v.factor),
          };
        }
      }
    } catch {
      dead.push(member);
    }
  }
  if (dead.length > 0) {
    const removed = await redis.hdel(key, ...dead).catch(() => 0);
    if (removed > 0) onLost?.(removed);
  }
  return live;
}
