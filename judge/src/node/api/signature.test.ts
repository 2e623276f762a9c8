import { describe, expect, it } from 'vitest';
import { timestampMs } from './signature.js';

describe('timestampMs', () => {
  it('reads Unix milliseconds and seconds, and nothing else', () => {
    expect(timestampMs('1700000000000')).toBe(1_700_000_000_000);
    expect(timestampMs('1700000000')).toBe(1_700_000_000_000);
    for (const bad of ['', 'abc', '-1', '1.5', '2024-01-01T00:00:00Z']) expect(timestampMs(bad)).toBeUndefined();
  });
});
