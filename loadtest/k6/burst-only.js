// Scenario 1: 1000 submissions in one minute.
import { BURST_MIX, SIMPLE_ONLY } from './lib/mixes.js';
import { submitMix } from './lib/submit.js';

export const options = {
  scenarios: {
    burst: {
      executor: 'constant-arrival-rate',
      rate: 1000,
      timeUnit: '1m',
      duration: '1m',
      preAllocatedVUs: 50,
      maxVUs: 300,
    },
  },
  thresholds: {
    submission_success: ['rate>0.95'],
    submission_latency: ['p(95)<3000', 'p(99)<5000'],
    http_req_failed: ['rate<0.05'],
  },
};

export default function () {
  submitMix(BURST_MIX, SIMPLE_ONLY);
}
