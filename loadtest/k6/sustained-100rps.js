// Scenario 2: 100 submissions a second for ten minutes.
import { SIMPLE_ONLY, SUSTAINED_MIX } from './lib/mixes.js';
import { submitMix } from './lib/submit.js';

export const options = {
  scenarios: {
    sustained: {
      executor: 'constant-arrival-rate',
      rate: 100,
      timeUnit: '1s',
      duration: '10m',
      preAllocatedVUs: 200,
      maxVUs: 1000,
    },
  },
  thresholds: {
    http_reqs: ['rate>=95'],
    submission_success: ['rate>0.95'],
    submission_latency: ['p(95)<5000', 'p(99)<10000'],
  },
};

export default function () {
  submitMix(SUSTAINED_MIX, SIMPLE_ONLY);
}
