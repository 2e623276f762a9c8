import { IDEMPOTENCY_KEY_MAX } from '@judge/contract';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.js';

type Op = { parameters?: { name: string; in: string; schema: { maxLength?: number } }[]; security?: unknown[] };

describe('the OpenAPI document', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, Op>> };

  it("documents Idempotency-Key on every route that takes a program, with the contract's length", () => {
    for (const [path, method] of [
      ['/v1/submissions', 'post'],
      ['/api/v2/execute', 'post'],
      ['/submissions', 'post'],
      ['/submissions/batch', 'post'],
    ] as const) {
      const param = doc.paths[path]?.[method]?.parameters?.find((p) => p.name === 'Idempotency-Key');
      expect(param, path).toMatchObject({ in: 'header', schema: { maxLength: IDEMPOTENCY_KEY_MAX } });
    }
  });

  it('leaves health, metrics and itself open, and asks credentials elsewhere', () => {
    for (const path of ['/health', '/metrics', '/openapi.json']) expect(doc.paths[path]?.get?.security).toEqual([]);
    expect(doc.paths['/v1/submissions']?.post?.security).toBeUndefined();
  });
});
