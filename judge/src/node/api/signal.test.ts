import { getEventListeners } from 'node:events';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSignal } from './submissions.js';

// A real HTTP server on loopback: the signal's links follow the real request and response.
const stopping = new AbortController();
const app = Fastify({ logger: false });
let url: string;
let release: (() => void) | undefined;
const seen: AbortSignal[] = [];

beforeAll(async () => {
  app.get('/quick', async (request, reply) => {
    seen.push(requestSignal(request, reply, stopping.signal));
    return { ok: true };
  });
  app.get('/slow', async (request, reply) => {
    const signal = requestSignal(request, reply, stopping.signal);
    seen.push(signal);
    await new Promise<void>((r) => {
      release = r;
      signal.addEventListener('abort', () => r(), { once: true });
    });
    return { aborted: signal.aborted };
  });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(() => app.close());

describe('a request signal', () => {
  it('leaves nothing on the node-long signal once its response is sent', async () => {
    for (let i = 0; i < 200; i++) expect((await fetch(`${url}/quick`)).status).toBe(200);
    // The response's close comes just after the client has its answer.
    for (let i = 0; i < 50 && getEventListeners(stopping.signal, 'abort').length > 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0);
    expect(seen.every((s) => !s.aborted)).toBe(true);
  });

  it('aborts a request still waiting when the node stops', async () => {
    const answer = fetch(`${url}/slow`);
    while (!release) await new Promise((r) => setTimeout(r, 5));
    stopping.abort();
    expect(await (await answer).json()).toEqual({ aborted: true });
  });
});
