import type { SubmissionEvent, SubmissionResult, Verdict } from '@judge/contract';
import type { Redis } from 'ioredis';
import type { StageTimes } from '../metrics/stages.js';

/** The last event of a submission: its verdict, when it was published, and the worker's stages. */
export interface FinishedEvent {
  event: 'finished';
  verdict: Verdict;
  score: number;
  /** When the worker published it (ms since the epoch): the API's `notify` stage ends when it hears of it. */
  at?: number;
  /** The stages of the worker's attempt, for the answer's Server-Timing. */
  stages?: StageTimes;
  /** The result as stored, when it is small: whoever waits for it answers without reading the database. */
  result?: SubmissionResult;
}

/** Results up to this size (JSON) ride in their `finished` event. */
export const EMBEDDED_RESULT_BYTES = 64 * 1024;

/** The `finished` event of a stored result: the result rides along when it is small. */
export function finishedEvent(result: SubmissionResult, stages?: StageTimes): FinishedEvent {
  const e: FinishedEvent = {
    event: 'finished',
    verdict: result.verdict ?? 'IE',
    score: result.score ?? 0,
    at: Date.now(),
  };
  if (stages) e.stages = stages;
  if (JSON.stringify(result).length <= EMBEDDED_RESULT_BYTES) e.result = result;
  return e;
}

/**
 * What workers publish about a submission: the events of its stream as the
 * contract defines them, except the last, `finished`, which carries only the
 * verdict (whoever sends `done` reads the whole result from the database).
 */
export type BusEvent = Exclude<SubmissionEvent, { event: 'done' }> | FinishedEvent;

type Listener = (e: BusEvent) => void;

/**
 * Submission events over Redis pub/sub: one channel per submission (the SSE
 * streams subscribe to it), and every `finished` event also on one channel of
 * the queue that each process subscribes to once (`start`), so that waiting
 * for a verdict costs no subscription of its own. Events sent while Redis is
 * away are lost: listeners learn of reconnects through `onReconnect` and
 * re-read the database then.
 */
export class EventBus {
  private listeners = new Map<string, Set<Listener>>();
  private finishedListeners = new Map<string, Set<(e: FinishedEvent) => void>>();
  private reconnectListeners = new Set<() => void>();
  private wasDown = false;
  private readonly finishedChannel: string;

  constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly prefix: string,
  ) {
    this.finishedChannel = `${prefix}:finished`;
    sub.on('message', (channel: string, message: string) => {
      if (channel === this.finishedChannel) return this.deliverFinished(message);
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

  /** Subscribes to the queue's `finished` channel; resolves once Redis confirms. */
  async start(): Promise<void> {
    await this.sub.subscribe(this.finishedChannel);
  }

  private deliverFinished(message: string): void {
    let parsed: FinishedEvent & { id: string };
    try {
      parsed = JSON.parse(message) as FinishedEvent & { id: string };
    } catch {
      return;
    }
    const set = this.finishedListeners.get(parsed.id);
    if (!set) return;
    const { id: _, ...event } = parsed;
    for (const l of [...set]) l(event);
  }

  private channel(id: string): string {
    return `${this.prefix}:events:${id}`;
  }

  async publish(id: string, event: BusEvent): Promise<void> {
    await this.publishMany(id, [event]);
  }

  /** Publishes events of one submission in order, in one round trip; `finished` also on the queue's channel. */
  async publishMany(id: string, events: BusEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.pub.pipeline();
    for (const e of events) {
      const text = JSON.stringify(e);
      pipeline.publish(this.channel(id), text);
      if (e.event === 'finished') pipeline.publish(this.finishedChannel, JSON.stringify({ ...e, id }));
    }
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
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

  /**
   * Calls `listener` with the submission's `finished` event, heard on the
   * queue's channel (`start` must have resolved): no Redis round trip. The
   * returned function stops listening.
   */
  whenFinished(id: string, listener: (e: FinishedEvent) => void): () => void {
    let set = this.finishedListeners.get(id);
    if (!set) {
      set = new Set();
      this.finishedListeners.set(id, set);
    }
    set.add(listener);
    return () => {
      const s = this.finishedListeners.get(id);
      if (s?.delete(listener) && s.size === 0) this.finishedListeners.delete(id);
    };
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
}
