import { signatureHeaders } from '@judge/contract';
import type { Region } from '../config.js';

export interface ForwardRequest {
  method: string;
  /** Path and query as the edge serves them, e.g. `/v1/submissions?wait=true`. */
  pathWithQuery: string;
  body?: Uint8Array;
  headers?: Record<string, string>;
  /** Time allowed until the answer is complete (or, for streams, until its headers). */
  timeoutMs: number;
  /** Hand the body over as a stream instead of reading it. */
  stream?: boolean;
}

export type Outcome =
  | { kind: 'response'; response: Response; latencyMs: number }
  | {
      kind: 'failed';
      reason: 'timeout' | 'connection';
      message: string;
      /**
       * Whether the whole request body reached the transport. When it did not,
       * the node cannot have read a complete request (the body goes chunked and
       * its terminating chunk is written only after the stream ends), so it
       * certainly did not accept it: the proof that makes failover safe.
       */
      delivered: boolean;
      latencyMs: number;
    };

/** The URL the node sees, and the path with query that is signed. */
export function nodeTarget(region: Region, pathWithQuery: string): { url: string; signedPath: string } {
  const url = new URL(region.url + pathWithQuery);
  return { url: url.toString(), signedPath: url.pathname + url.search };
}

// Framing headers belong to the hop they came on; the runtime sets its own.
const HOP_HEADERS = ['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'content-encoding'];

/** A node's answer headers, mutable and without framing. */
function answerHeaders(from: Headers): Headers {
  const headers = new Headers(from);
  for (const h of HOP_HEADERS) headers.delete(h);
  return headers;
}

/** Sends one signed request to a node; never throws for network failures. */
export async function forward(region: Region, req: ForwardRequest): Promise<Outcome> {
  const { url, signedPath } = nodeTarget(region, req.pathWithQuery);
  const headers: Record<string, string> = {
    'user-agent': 'judge-edge',
    ...req.headers,
    ...(await signatureHeaders(region.secret, req.method, signedPath, req.body ?? '')),
  };
  let delivered = req.body === undefined || req.body.byteLength === 0;
  let body: ReadableStream<Uint8Array> | undefined;
  if (req.body && req.body.byteLength > 0) {
    const bytes = req.body;
    let pulls = 0;
    headers['content-type'] ??= 'application/json';
    body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulls++ === 0) {
            controller.enqueue(bytes);
          } else {
            delivered = true;
            controller.close();
          }
        },
      },
      { highWaterMark: 0 },
    );
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new DOMException('timed out', 'TimeoutError')), req.timeoutMs);
  const started = Date.now();
  try {
    const upstream = await fetch(url, { method: req.method, headers, body, signal: abort.signal });
    const init = { status: upstream.status, statusText: upstream.statusText, headers: answerHeaders(upstream.headers) };
    let response: Response;
    if (req.stream) {
      clearTimeout(timer);
      response = new Response(upstream.body, init);
    } else {
      const bytes = await upstream.arrayBuffer();
      response = new Response(upstream.status === 204 || upstream.status === 304 ? null : bytes, init);
    }
    return { kind: 'response', response, latencyMs: Date.now() - started };
  } catch (e) {
    const timedOut = abort.signal.aborted;
    return {
      kind: 'failed',
      reason: timedOut ? 'timeout' : 'connection',
      message: timedOut ? `no answer within ${req.timeoutMs} ms` : (e as Error).message,
      delivered,
      latencyMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}
