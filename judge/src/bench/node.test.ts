import { describe, expect, it } from 'vitest';
import { parseServerTiming, STAGES } from '../node/metrics/stages.js';
import { ENGINE_STAGES, engineMsOf } from './node.js';

describe("the node's own path", () => {
  it("is a submission's latency less the engine's stages: every other stage is the node's", () => {
    const header =
      'accept;dur=0.5, store;dur=1.5, enqueue;dur=1, pickup;dur=1, claim;dur=0.1, acquire;dur=0.25, compile;dur=2, ' +
      'memory;dur=0.75, run;dur=20, check;dur=0.5, progress;dur=0.2, save;dur=1.6, notify;dur=1, respond;dur=0';
    const stages = parseServerTiming(header);
    expect(Object.keys(stages)).toEqual([...STAGES]);
    expect(engineMsOf(stages)).toBeCloseTo(0.25 + 2 + 0.75 + 20 + 0.5);
    // The engine's stages are the model's: none of the API's, the queue's or the worker's bookkeeping.
    expect(ENGINE_STAGES).not.toContain('claim');
    expect(ENGINE_STAGES).not.toContain('progress');
    expect(engineMsOf({})).toBe(0);
  });
});
