import type { SubmissionEvent, Verdict } from '@judge/contract';
import type { Redis } from 'ioredis';

/**
 * What workers publish about a submission: the events of its stream as the
 * contract defines them, except the last, `finished`, which carries only the
 * verdict (whoever sends `done` reads the whole result from the database).
 */
export type BusEvent =
  | Exclude<SubmissionEvent, { event: 'done' }>
  | { event: 'finished'; verdict: Verdict; score: number };

type Listener = (e: BusEvent) => void;

/**
 * Submission events over Redis pub/sub, one channel per submission. Events
 * sent while Redis is away are lost: listeners learn of reconnects through
 * `onReconnect` and re-read the database then.
 */
export class EventBus {
  private listeners = new Map<string, Set<Listener>>();
  private reconnectListeners = new Set<() => void>();
  private wasDown = false;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
  ) {
    sub.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let event: BusEvent;
      try {
        event = JSON.parse(message) as BusEvent;
      } catch {
        return;
      }
      for (const l of [...set]) l(event);
    });
    sub.on('close', () => {
      this.wasDown = true;
    });
    sub.on('ready', () => {
      if (!this.wasDown) return;
      this.wasDown = false;
      for (const l of [...this.reconnectListeners]) l();
    });
  }

  private channel(id: string): string {
    return `${this.prefix}:events:${id}`;
  }

  async publish(id: string, event: BusEvent): Promise<void> {
    await this.pub.publish(this.channel(id), JSON.stringify(event));
  }

  /** Resolves once Redis confirms the subscription; the returned function unsubscribes. */
  async subscribe(id: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = this.channel(id);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    const first = set.size === 0;
    set.add(listener);
    if (first) {
      try {
        await this.sub.subscribe(channel);
      } catch (e) {
        set.delete(listener);
        if (set.size === 0) this.listeners.delete(channel);
        throw e;
      }
    }
    return async () => {
      const s = this.listeners.get(channel);
      if (!s?.delete(listener) || s.size > 0) return;
      this.listeners.delete(channel);
      await this.sub.unsubscribe(channel).catch(() => {});
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
}
