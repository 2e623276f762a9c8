import { describe, expect, it } from 'vitest';
import { parseServerTiming, serverTiming } from './stages.js';

describe('Server-Timing of the stages', () => {
  it('writes the stages in their order and reads them back', () => {
    const header = serverTiming({ save: 1.5, accept: 0.25, pickup: 3 });
    expect(header).toBe('accept;dur=0.25, pickup;dur=3.00, save;dur=1.50');
    expect(parseServerTiming(header)).toEqual({ accept: 0.25, pickup: 3, save: 1.5 });
  });

  it('ignores what is not a stage or has no duration', () => {
    expect(parseServerTiming('cdn-cache;desc=HIT, run;dur=x, check;dur=2, store')).toEqual({ check: 2 });
    expect(parseServerTiming(undefined)).toEqual({});
  });
});
