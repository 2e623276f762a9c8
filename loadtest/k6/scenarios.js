// The whole plan in one run, on its timeline (burst, sustained, compilation stress, soak),
// each scenario starting at its startS of loadtest/plan.json (scaled by DURATION_SCALE).
import { k6Scenario, k6Thresholds } from './lib/plan.js';
import { submitter } from './lib/submit.js';

const data = { plan: JSON.parse(open('../plan.json')), programs: JSON.parse(open('../programs.json')) };
const NAMES = ['burst', 'sustained', 'compilation', 'soak'];

export const options = {
  scenarios: Object.fromEntries(NAMES.map((n) => [n, k6Scenario(data.plan, n, __ENV, { exec: n, startTime: true })])),
  thresholds: Object.assign({}, ...NAMES.map((n) => k6Thresholds(data.plan, n, __ENV, true))),
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export const burst = submitter(data, 'burst');
export const sustained = submitter(data, 'sustained');
export const compilation = submitter(data, 'compilation');
export const soak = submitter(data, 'soak');
