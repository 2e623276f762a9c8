import {
  type ErrorEnvelope,
  SseParser,
  type SubmissionRequest,
  type SubmissionResult,
  SubmissionResultSchema,
  signatureHeaders,
  toSubmissionEvent,
} from '@judge/contract';
import { Flags } from '@oclif/core';
import type { Config } from './config.js';
import { CliError, kebab } from './errors.js';
import type { Progress } from './progress.js';

/**
 * An endpoint could not be reached (`unreachable`) or answered with an
 * error: its code in kebab-case (`invalid-request`), its issues, its status.
 */
export class RemoteError extends CliError {
  override name = 'RemoteError';
}

/** The flags of every command that talks to a node or an edge. */
export const remoteFlags = {
  endpoint: Flags.string({
    char: 'e',
    description: 'judge node or edge URL (default: JUDGE_ENDPOINT, or `judge config set endpoint`)',
  }),
  'api-key': Flags.string({
    description: 'API key of the edge or node (default: JUDGE_API_KEY, or `judge config set apiKey`)',
  }),
};

/** How a client proves who it is: a Bearer token (an API key, or the admin token), and the HMAC secret to sign with. */
export interface Credentials {
  bearer?: string;
  hmacSecret?: string;
}

const MiB = 1024 * 1024;

export class RemoteClient {
  constructor(
    private readonly endpoint: string,
    private readonly credentials: Credentials = {},
  ) {}

  /** A client for the configured endpoint with the configured API key and secret. */
  static for(config: Config): RemoteClient {
    if (!config.endpoint) {
      throw new CliError(
        'no-endpoint',
        'no endpoint: use --endpoint, JUDGE_ENDPOINT or `judge config set endpoint URL`',
      );
    }
    return new RemoteClient(config.endpoint, { bearer: config.apiKey, hmacSecret: config.hmacSecret });
  }

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
      throw new RemoteError(
        'bad-answer',
        `${this.endpoint}${path}: answered ${res.status} with something that is not JSON`,
        undefined,
        { status: res.status },
      );
    }
    if (!res.ok) {
      const err = (data as ErrorEnvelope | undefined)?.error;
      const issues = err?.issues?.map((i) => `; ${i.path}: ${i.message}`).join('') ?? '';
      const hint =
        res.status === 401 && !this.credentials.bearer && !this.credentials.hmacSecret
          ? ' (give an API key: --api-key, JUDGE_API_KEY or `judge config set apiKey`)'
          : '';
      throw new RemoteError(
        err?.code ? kebab(err.code) : `http-${res.status}`,
        `${this.endpoint} answered ${res.status}: ${err?.message ?? text.slice(0, 200)}${issues}${hint}`,
        err?.issues,
        { status: res.status },
      );
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

  private async fetch(path: string, init: RequestInit & { body?: string }): Promise<Response> {
    const headers = new Headers(init.headers);
    const url = new URL(path, this.endpoint);
    const { bearer, hmacSecret } = this.credentials;
    if (bearer) headers.set('authorization', `Bearer ${bearer}`);
    if (hmacSecret) {
      // Signed as the edge signs: over the path the node sees (with the endpoint's prefix) and the exact body.
      const signed = await signatureHeaders(
        hmacSecret,
        init.method ?? 'GET',
        url.pathname + url.search,
        init.body ?? '',
      );
      for (const [k, v] of Object.entries(signed)) headers.set(k, v);
    }
    try {
      return await fetch(url, { ...init, headers });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const size = init.body?.length ?? 0;
      // A node refusing a body over its limit (413) may close the connection before the body is sent.
      if (size > MiB && (cause?.code === 'EPIPE' || cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET')) {
        throw new RemoteError(
          'request-too-large',
          `${this.endpoint} closed the connection while receiving ${(size / MiB).toFixed(1)} MB: the request is likely over its size limit`,
        );
      }
      throw new RemoteError(
        'unreachable',
        `cannot reach ${this.endpoint}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
      );
    }
  }
}
