import { formatSpeedHeader, type RegionSpeed } from '@judge/contract';
import type { Redis } from 'ioredis';
import { type LiveWorkers, liveWorkers } from '../queue/index.js';

/** How long a read of the workers' heartbeats is used. */
const FRESH_MS = 1000;

/**
 * The region's worker processes as their heartbeats describe them (their
 * speed factors included), read from Redis at most once a second: for the
 * speed header of every answer and for refusing reference time limits a
 * region cannot scale.
 */
export class WorkerView {
  private last: { at: number; workers: LiveWorkers } | undefined;
  private reading: Promise<LiveWorkers> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    /** Hears how many dead worker entries a read removed (each counted once across the region's processes). */
    private readonly onLost?: (count: number) => void,
  ) {}

  /** The workers, read again when the last read is over a second old. */
  async read(): Promise<LiveWorkers> {
    if (this.last && Date.now() - this.last.at < FRESH_MS) return this.last.workers;
    this.reading ??= liveWorkers(this.redis, this.key, this.onLost)
      .then((workers) => {
        this.last = { at: Date.now(), workers };
        return workers;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }

  /** Every live worker process is calibrated (and there is one). */
  static calibrated(w: LiveWorkers): boolean {
    return w.processes > 0 && w.calibrated === w.processes;
  }

  static speed(w: LiveWorkers): RegionSpeed {
    return WorkerView.calibrated(w) && w.factor
      ? { calibrated: true, min: w.factor.min, max: w.factor.max }
      : { calibrated: false };
  }

  /** The speed header from the last read, renewing it in the background; undefined before the first read. */
  header(): string | undefined {
    if (!this.last || Date.now() - this.last.at >= FRESH_MS) this.read().catch(() => {});
    return this.last ? formatSpeedHeader(WorkerView.speed(this.last.workers)) : undefined;
  }
}
