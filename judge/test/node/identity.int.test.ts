import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeConfig } from '../../src/node/config.js';
import { QueueClaimedError } from '../../src/node/queue/index.js';
import { dropTestState, json, requireServices, startTestNode, type TestNode, testConfig } from './helpers.js';

// One queue, one store. A job names a submission stored in the database of the node that took it: a
// node with another database finds nothing to judge, and the submission ends as IE. Two nodes on one
// queue with different stores used to lose about half their submissions that way, silently; now the
// second one refuses to start, naming the queue and both stores. Real Redis, PostgreSQL and PGlite.

let first: TestNode;
const config = testConfig({ workers: 0 });
const others: NodeConfig[] = [];

beforeAll(async () => {
  await requireServices();
  first = await startTestNode(config);
});

afterAll(async () => {
  await first?.close();
  for (const c of [config, ...others]) await dropTestState(c);
});

function sameQueue(overrides: Parameters<typeof testConfig>[0]): NodeConfig {
  const c = testConfig({ workers: 0, queueName: config.queueName, ...overrides });
  others.push(c);
  return c;
}

describe('queue identity', () => {
  it('shows the store on /health', async () => {
    const health = await json<{ store: { id: string; kind: string; label: string } }>(await first.api('/health'));
    expect(health.store).toEqual(first.store);
    expect(health.store.kind).toBe('postgres');
    expect(health.store.label).toContain(`schema ${config.databaseSchema}`);
    expect(health.store.label).not.toContain('judge:judge');
  });

  it('refuses to start a node whose store differs from the one serving its queue, naming both', async () => {
    for (const other of [sameQueue({ databaseUrl: undefined }), sameQueue({})]) {
      const started = startTestNode(other);
      await expect(started).rejects.toBeInstanceOf(QueueClaimedError);
      const message = await started.then(
        () => '',
        (e: Error) => e.message,
      );
      expect(message).toContain(`queue "${other.queueName}"`);
      expect(message).toContain(first.store.label);
      expect(message).toContain(first.store.id);
      expect(message).toContain(other.databaseUrl ? `schema ${other.databaseSchema}` : 'PGlite');
      expect(message).toContain('JUDGE_QUEUE');
    }
  });

  it('starts a second node on the same store, which reads the same identity', async () => {
    const twin = await startTestNode(sameQueue({ databaseSchema: config.databaseSchema }));
    try {
      expect(twin.store).toEqual(first.store);
      const health = await json<{ store: { id: string } }>(await twin.api('/health'));
      expect(health.store.id).toBe(first.store.id);
    } finally {
      await twin.close();
    }
  });
});
