// The whole plan in one run, on its timeline: burst (0-1 min), sustained
// (2-12), compilation stress (13-21), soak (22-52).
import {
  BURST_MIX,
  COMPILATION_MIX,
  COMPILATION_STAGES,
  COMPLEXITY_MIX,
  SIMPLE_ONLY,
  SUSTAINED_MIX,
} from './lib/mixes.js';
import { submitMix } from './lib/submit.js';

export const options = {
  scenarios: {
    burst: {
      executor: 'constant-arrival-rate',
      exec: 'burst',
      rate: 1000,
      timeUnit: '1m',
      duration: '1m',
      preAllocatedVUs: 50,
      maxVUs: 300,
      startTime: '0s',
    },
    sustained: {
      executor: 'constant-arrival-rate',
      exec: 'mixed',
      rate: 100,
      timeUnit: '1s',
      duration: '10m',
      preAllocatedVUs: 200,
      maxVUs: 1000,
      startTime: '2m',
    },
    compilation: {
      executor: 'ramping-arrival-rate',
      exec: 'compilation',
      startRate: 10,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 1500,
      startTime: '13m',
      stages: COMPILATION_STAGES,
    },
    soak: {
      executor: 'constant-arrival-rate',
      exec: 'mixed',
      rate: 50,
      timeUnit: '1s',
      duration: '30m',
      preAllocatedVUs: 100,
      maxVUs: 500,
      startTime: '22m',
    },
  },
  thresholds: {
    'submission_success{scenario:burst}': ['rate>0.95'],
    'submission_latency{scenario:burst}': ['p(95)<3000', 'p(99)<5000'],
    'submission_success{scenario:sustained}': ['rate>0.95'],
    'submission_latency{scenario:sustained}': ['p(95)<5000', 'p(99)<10000'],
    'submission_success{scenario:compilation}': ['rate>0.90'],
    'submission_latency{scenario:compilation,complexity:simple}': ['p(95)<5000'],
    'submission_latency{scenario:compilation,complexity:medium}': ['p(95)<8000'],
    'submission_latency{scenario:compilation,complexity:complex}': ['p(95)<15000'],
    'compile_errors{scenario:compilation}': ['rate<0.05'],
    'submission_success{scenario:soak}': ['rate>0.95'],
  },
};

export function burst() {
  submitMix(BURST_MIX, SIMPLE_ONLY);
}

export function mixed() {
  submitMix(SUSTAINED_MIX, SIMPLE_ONLY);
}

export function compilation() {
  submitMix(COMPILATION_MIX, COMPLEXITY_MIX, { unique: true });
}
