import {
  type ErrorEnvelope,
  SseParser,
  type SubmissionRequest,
  type SubmissionResult,
  SubmissionResultSchema,
  toSubmissionEvent,
} from '@judge/contract';
import type { Progress } from './progress.js';

/** An endpoint could not be reached or answered with an error. */
export class RemoteError extends Error {
  override name = 'RemoteError';
}

export class RemoteClient {
  constructor(
    private readonly endpoint: string,
    private readonly apiKey?: string,
  ) {}

  async submit(body: SubmissionRequest, progress: Progress): Promise<SubmissionResult> {
    const accepted = (await this.call('POST', '/v1/submissions', body)) as { id: string };
    if (progress.total === undefined && body.problem) {
      const info = (await this.call('GET', `/v1/problems/${encodeURIComponent(body.problem)}`).catch(
        () => undefined,
      )) as { tests?: number } | undefined;
      progress.total = info?.tests;
    }
    progress.status(`queued as ${accepted.id}…`);
    // A stream cut short (a proxy, a node restart) falls back to polling.
    const done = await this.follow(accepted.id, progress).catch(() => undefined);
    progress.done();
    return done ?? this.waitDone(accepted.id);
  }

  async status(id: string): Promise<SubmissionResult> {
    return SubmissionResultSchema.parse(await this.call('GET', `/v1/submissions/${encodeURIComponent(id)}`));
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    return (await this.send(method, path, body)).data;
  }

  /** A JSON request; the answer's status and body, or a RemoteError naming what went wrong. */
  async send(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
    const res = await this.fetch(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      throw new RemoteError(`${this.endpoint}${path}: answered ${res.status} with something that is not JSON`);
    }
    if (!res.ok) {
      const err = (data as ErrorEnvelope | undefined)?.error;
      const issues = err?.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? '';
      throw new RemoteError(`${this.endpoint} answered ${res.status}: ${err?.message ?? text.slice(0, 200)}${issues}`);
    }
    return { status: res.status, data };
  }

  /**
   * Follows the submission's event stream (read with the contract's parser),
   * showing progress; the result when the stream ended with `done`.
   */
  private async follow(id: string, progress: Progress): Promise<SubmissionResult | undefined> {
    const res = await this.fetch(`/v1/submissions/${encodeURIComponent(id)}/events`, {
      headers: { accept: 'text/event-stream' },
    });
    if (!res.ok || !res.body) return undefined;
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      for (const frame of parser.push(decoder.decode(chunk, { stream: true }))) {
        const e = toSubmissionEvent(frame);
        if (e?.event === 'done') return e.data;
        if (e?.event === 'test') progress.test(e.data);
        else if (e?.event === 'status') progress.status(`${e.data.status}…`);
      }
    }
    return undefined;
  }

  private async waitDone(id: string): Promise<SubmissionResult> {
    for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
      const r = await this.status(id);
      if (r.status === 'done') return r;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.apiKey) headers.set('authorization', `Bearer ${this.apiKey}`);
    try {
      return await fetch(new URL(path, this.endpoint), { ...init, headers });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new RemoteError(`cannot reach ${this.endpoint}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
  }
}
