import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BURST_MIX, PROGRAMS, plan, SUSTAINED_MIX } from './workload.js';

describe('benchmark plans', () => {
  it("are the load plan's mixes, each language with a program", () => {
    const file = new URL('../../../loadtest/plan.json', import.meta.url);
    const mixes = JSON.parse(readFileSync(file, 'utf8')).mixes;
    expect(SUSTAINED_MIX).toEqual(mixes.sustained);
    expect(BURST_MIX).toEqual(mixes.burst);
    for (const lang of Object.keys({ ...SUSTAINED_MIX, ...BURST_MIX })) expect(PROGRAMS[lang], lang).toBeDefined();
  });

  it("hold the mix's shares to the nearest submission, the same on every run", () => {
    const items = plan(SUSTAINED_MIX, 200, 2, false, 11);
    expect(items).toHaveLength(200);
    const total = Object.values(SUSTAINED_MIX).reduce((a, b) => a + b, 0);
    for (const [lang, w] of Object.entries(SUSTAINED_MIX)) {
      const n = items.filter((i) => i.language === lang).length;
      expect(Math.abs(n - (w / total) * 200), lang).toBeLessThan(1);
    }
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
