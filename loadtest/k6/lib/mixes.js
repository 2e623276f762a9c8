// The load test plan's mixes (LOAD_TEST_PLAN.md; "others" split evenly), from
// loadtest/programs.json, which the Locust file reads too.
const data = JSON.parse(open('../../programs.json'));

export const BURST_MIX = data.mixes.burst;
export const SUSTAINED_MIX = data.mixes.sustained;
export const COMPILATION_MIX = data.mixes.compilation;
export const COMPLEXITY_MIX = data.complexity;
export const SIMPLE_ONLY = { simple: 1 };
