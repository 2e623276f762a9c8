import { DurableObject } from 'cloudflare:workers';
import { type BucketSpec, type BucketState, type Decision, level, take } from '@judge/contract';

interface StoredBucket {
  spec: BucketSpec;
  state: BucketState;
}

interface StoredPin {
  region: string;
  until: number;
}

/** When a bucket is full again. */
function fullAt({ spec, state }: StoredBucket, now: number): number {
  return now + ((spec.capacity - level(state, spec, now)) * 60_000) / spec.ratePerMinute;
}

/**
 * The state of one caller (an API key, or an anonymous IP): its token buckets,
 * and the region each of its idempotency keys went to. One instance per caller,
 * so buckets are never shared and a flood on one key queues only on that key's
 * object. State lives in the object's synchronous SQLite storage, so a take is
 * atomic; an alarm deletes full buckets (a full bucket is the same as none) and
 * expired pins.
 */
// It reads none of the Worker's bindings: no Env here, so that the bindings' type (env.ts) may name this class.
export class RateLimiter extends DurableObject {
  /** The clock; tests replace it through `runInDurableObject`. */
  clock: () => number = () => Date.now();
  private alarmAt = 0;

  async take(bucket: string, spec: BucketSpec, cost = 1): Promise<Decision> {
    const now = this.clock();
    const key = `bucket:${bucket}`;
    const saved = this.ctx.storage.kv.get<StoredBucket>(key);
    const { state, decision } = take(saved?.state, spec, now, cost);
    const stored = { spec, state };
    this.ctx.storage.kv.put(key, stored);
    await this.wakeAt(fullAt(stored, now));
    return decision;
  }

  /** The region a submission with this idempotency key was sent to, if any. */
  async pinned(idempotencyKey: string): Promise<string | null> {
    const pin = this.ctx.storage.kv.get<StoredPin>(`pin:${idempotencyKey}`);
    return pin && pin.until > this.clock() ? pin.region : null;
  }

  /** Remembers that a submission with this idempotency key may be held by `region`. */
  async pin(idempotencyKey: string, region: string, ttlMs: number): Promise<void> {
    const until = this.clock() + ttlMs;
    this.ctx.storage.kv.put(`pin:${idempotencyKey}`, { region, until });
    await this.wakeAt(until);
  }

  // One pending alarm is enough: when it fires it reschedules itself for whatever is still live.
  // Setting it on every take would cost a storage write per request.
  private async wakeAt(at: number): Promise<void> {
    if (this.alarmAt === 0) {
      this.alarmAt = Math.max(Math.ceil(at), Date.now() + 1000);
      await this.ctx.storage.setAlarm(this.alarmAt);
    }
  }

  override async alarm(): Promise<void> {
    const now = this.clock();
    let latest = 0;
    for (const [key, value] of this.ctx.storage.kv.list<StoredBucket | StoredPin>()) {
      const until = key.startsWith('pin:') ? (value as StoredPin).until : fullAt(value as StoredBucket, now);
      if (until > now) latest = Math.max(latest, until);
      else this.ctx.storage.kv.delete(key);
    }
    // Alarms run on the wall clock; at least a second apart, whatever `clock` says.
    this.alarmAt = latest > now ? Math.max(Math.ceil(latest), Date.now() + 1000) : 0;
    if (this.alarmAt > 0) await this.ctx.storage.setAlarm(this.alarmAt);
  }
}
