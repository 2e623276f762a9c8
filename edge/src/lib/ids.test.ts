import { describe, expect, it } from 'vitest';
import { prefixId, rewriteId, splitId } from './ids.js';

describe('region-prefixed ids', () => {
  it('round-trips, splitting at the first dot', () => {
    expect(prefixId('eu-west', 'abc.def')).toBe('eu-west.abc.def');
    expect(splitId('eu-west.abc.def')).toEqual({ regionId: 'eu-west', nodeId: 'abc.def' });
  });

  it('rejects ids without a region or without a node id', () => {
    expect(splitId('abc')).toBeNull();
    expect(splitId('.abc')).toBeNull();
    expect(splitId('eu.')).toBeNull();
  });

  it('rewrites the id of a result object only', () => {
    expect(rewriteId({ id: 'x', status: 'done' }, 'eu')).toEqual({ id: 'eu.x', status: 'done' });
    expect(rewriteId({ id: 'y' }, 'eu', 'x')).toEqual({ id: 'y' });
    expect(rewriteId([{ id: 'x' }], 'eu')).toEqual([{ id: 'x' }]);
    expect(rewriteId('x', 'eu')).toBe('x');
  });
});
