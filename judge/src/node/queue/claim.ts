import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { StoreIdentity } from '../store/index.js';

/** How long a claim lives without being renewed; every process of the queue renews it. */
const CLAIM_TTL_MS = 30_000;
const RENEW_MS = 10_000;

/**
 * Sets the claim unless another store holds it; answers the claim in force.
 * The value is `<store id> <label>`: ids are compared, the label is for people.
 */
const CLAIM = `
local current = redis.call('get', KEYS[1])
if current and string.match(current, '^(%S+)') ~= ARGV[1] then return current end
redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3])
return ARGV[2]
`;

/** A node may not serve the queue: another store's nodes serve it. */
export class QueueClaimedError extends Error {
  override name = 'QueueClaimedError';
}

/** The queue in a message: its name and where its Redis is, without credentials. */
export function describeQueue(name: string, redisUrl: string): string {
  let where = '(an unparsable URL)';
  try {
    const u = new URL(redisUrl);
    where = `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    // keep the placeholder
  }
  return `queue "${name}" on ${where}`;
}

/**
 * One queue, one store. A submission is a row in the store and a job in the
 * queue that names it: a node whose store lacks the row finds nothing to
 * judge, so two stores on one queue lose each other's submissions. Every node
 * process claims the queue for its store in Redis and renews the claim; one
 * whose store differs from the claim's refuses to start.
 */
export class QueueClaim {
  private timer: NodeJS.Timeout | undefined;
  /** The other store, when a renewal found the queue claimed by it (Redis was away at start). */
  conflict: string | undefined;

  private constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly store: StoreIdentity,
    private readonly queue: string,
    private readonly log: Logger,
  ) {}

  private value(): string {
    return `${this.store.id} ${this.store.label}`;
  }

  private async attempt(): Promise<string | undefined> {
    const held = (await this.redis.eval(CLAIM, 1, this.key, this.store.id, this.value(), CLAIM_TTL_MS)) as string;
    return held === this.value() ? undefined : held;
  }

  private message(held: string): string {
    const [id = '', ...label] = held.split(' ');
    return (
      `${this.queue} is served by nodes whose store is ${label.join(' ')} (store ${id}); ` +
      `this node's store is ${this.store.label} (store ${this.store.id}). ` +
      'The nodes of one queue share one store: give this node the same DATABASE_URL and JUDGE_DATABASE_SCHEMA, or its own JUDGE_QUEUE'
    );
  }

  /**
   * Claims the queue, then renews the claim. Throws QueueClaimedError when
   * another store holds it; when Redis does not answer, starts anyway and
   * claims at the first renewal that reaches it.
   */
  static async take(
    redis: Redis,
    keyBase: string,
    store: StoreIdentity,
    queue: string,
    log: Logger,
  ): Promise<QueueClaim> {
    const claim = new QueueClaim(redis, `${keyBase}:judge-store`, store, queue, log);
    let held: string | undefined;
    try {
      held = await claim.attempt();
    } catch (e) {
      log.warn('cannot claim the queue for this store yet: Redis is not answering', { error: e });
    }
    if (held !== undefined) throw new QueueClaimedError(claim.message(held));
    claim.timer = setInterval(() => void claim.renew(), RENEW_MS);
    claim.timer.unref();
    return claim;
  }

  private async renew(): Promise<void> {
    try {
      const held = await this.attempt();
      if (held !== undefined && this.conflict === undefined) this.log.error(this.message(held));
      this.conflict = held === undefined ? undefined : this.message(held);
    } catch {
      // Redis away: the health check reports it.
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
