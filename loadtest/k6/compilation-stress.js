// Scenario 3: compiled languages only, ramping 10 → 100 → 20 submissions a
// second over 8 minutes; every source is unique so the compile cache misses.
import { COMPILATION_MIX, COMPILATION_STAGES, COMPLEXITY_MIX } from './lib/mixes.js';
import { submitMix } from './lib/submit.js';

export const options = {
  scenarios: {
    compilation: {
      executor: 'ramping-arrival-rate',
      startRate: 10,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 1500,
      stages: COMPILATION_STAGES,
    },
  },
  thresholds: {
    submission_success: ['rate>0.90'],
    'submission_latency{complexity:simple}': ['p(95)<5000'],
    'submission_latency{complexity:medium}': ['p(95)<8000'],
    'submission_latency{complexity:complex}': ['p(95)<15000'],
    compile_errors: ['rate<0.05'],
  },
};

export default function () {
  submitMix(COMPILATION_MIX, COMPLEXITY_MIX, { unique: true });
}
