import { describe, expect, it } from 'vitest';
import { BURST_MIX, plan, SUSTAINED_MIX } from './workload.js';

describe('benchmark plans', () => {
  it("hold the mix's shares exactly, the same on every run", () => {
    const items = plan(SUSTAINED_MIX, 200, 2, false, 11);
    const count = (lang: string) => items.filter((i) => i.language === lang).length;
    expect([count('python'), count('javascript'), count('cpp'), count('java'), count('c')]).toEqual([
      70, 60, 30, 30, 10,
    ]);
    expect(plan(SUSTAINED_MIX, 200, 2, false, 11)).toEqual(items);
    expect(new Set(items.filter((i) => i.language === 'c').map((i) => i.source)).size).toBe(1);
  });

  it('give every submission its own source when asked, and tests whose answers add up', () => {
    const items = plan(BURST_MIX, 40, 3, true, 5);
    expect(new Set(items.map((i) => i.source)).size).toBe(40);
    for (const t of items.flatMap((i) => i.tests)) {
      const sum = t.input
        .trim()
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0);
      expect(t.output).toBe(`${sum}\n`);
    }
  });
});
