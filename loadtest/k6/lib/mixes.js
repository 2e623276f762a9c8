// The load test plan's mixes ("others" split evenly), from
// loadtest/programs.json, which the Locust file reads too.
const data = JSON.parse(open('../../programs.json'));

export const BURST_MIX = data.mixes.burst;
export const SUSTAINED_MIX = data.mixes.sustained;
export const COMPILATION_MIX = data.mixes.compilation;
export const COMPLEXITY_MIX = data.complexity;
export const SIMPLE_ONLY = { simple: 1 };

/** The compilation stress ramp: 10 → 40 → 60 → 80 → 100 → 60 → 20 submissions/s over 8 minutes. */
export const COMPILATION_STAGES = [
  { target: 40, duration: '1m' },
  { target: 60, duration: '1m' },
  { target: 80, duration: '1m' },
  { target: 100, duration: '2m' },
  { target: 60, duration: '1m' },
  { target: 20, duration: '2m' },
];
