import type { ErrorEnvelope } from '@judge/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode } from '../../src/node/node.js';
import {
  CuttableProxy,
  dropTestState,
  eventually,
  freePort,
  json,
  PG_URL,
  requireServices,
  startTestNode,
  testConfig,
} from './helpers.js';

// Refusing work the node cannot take: a full queue, and PostgreSQL gone. Real engine and Docker.

beforeAll(async () => {
  await requireServices();
});

describe('backpressure', () => {
  const config = testConfig({ workers: 0, maxQueueDepth: 3 });
  afterAll(async () => {
    await dropTestState(config);
  });

  it('answers 503 with Retry-After past the queue depth, and takes work again once workers drain it', async () => {
    const api = await startTestNode(config);
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await api.api('/v1/submissions', {
          method: 'POST',
          json: { language: 'python', source: `print(${i})` },
        });
        expect(res.status).toBe(202);
        ids.push((await json<{ id: string }>(res)).id);
      }
      const refused = await api.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: 'print(3)' },
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await json<ErrorEnvelope>(refused)).error.code).toBe('overloaded');
      expect(await (await api.api('/metrics')).text()).toMatch(
        /code_execution_rejected_total\{reason="overloaded"\} 1/,
      );
      expect(await (await api.api('/metrics')).text()).toMatch(/code_execution_queue_depth 3/);

      // A worker process joins the same queue and database, and drains it.
      const worker = await startNode({ ...config, workers: 1 }, { role: 'worker' });
      try {
        for (const id of ids) {
          await eventually(
            async () => (await api.submissions.get(id))?.status === 'done',
            60_000,
            `submission ${id} to be judged`,
          );
          expect((await api.submissions.get(id))?.verdict).toBe('AC');
        }
        const again = await api.api('/v1/submissions?wait=true', {
          method: 'POST',
          json: { language: 'python', source: 'print(4)' },
        });
        expect(again.status).toBe(200);
      } finally {
        await worker.close();
      }
    } finally {
      await api.close();
    }
  });
});

describe('PostgreSQL down', () => {
  const pgUrl = new URL(PG_URL);
  let proxy: CuttableProxy;
  let config: ReturnType<typeof testConfig>;

  beforeAll(async () => {
    proxy = new CuttableProxy(await freePort(), { host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(PG_URL);
    viaProxy.port = String(proxy.port);
    config = testConfig({ databaseUrl: viaProxy.toString(), workers: 1 });
  });

  afterAll(async () => {
    await proxy.cut().catch(() => {});
    await dropTestState({ ...config, databaseUrl: PG_URL });
  });

  it('refuses submissions with 503 (nothing accepted that cannot be stored) and recovers when it is back', async () => {
    const node = await startTestNode(config);
    try {
      const ok = await node.api('/v1/submissions?wait=true', {
        method: 'POST',
        json: { language: 'python', source: 'print(1)' },
      });
      expect(ok.status).toBe(200);

      await proxy.cut();
      const refused = await node.api('/v1/submissions', {
        method: 'POST',
        json: { language: 'python', source: 'print(2)' },
      });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect((await json<ErrorEnvelope>(refused)).error.code).toBe('database_unavailable');
      expect(await node.queue.depth()).toBe(0);
      const health = await node.api('/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', failing: ['database'], redis: 'ok' });

      await proxy.open();
      const back = await eventually(
        async () => {
          const res = await node.api('/v1/submissions?wait=true', {
            method: 'POST',
            json: { language: 'python', source: 'print(3)' },
          });
          return res.status === 200 ? res : undefined;
        },
        20_000,
        'the node to take submissions again',
      );
      expect((await json<{ verdict: string }>(back)).verdict).toBe('AC');
    } finally {
      await node.close();
    }
  });
});
