// Soak: 50 submissions a second for 30 minutes on the sustained mix.
import { SIMPLE_ONLY, SUSTAINED_MIX } from './lib/mixes.js';
import { submitMix } from './lib/submit.js';

export const options = {
  scenarios: {
    soak: {
      executor: 'constant-arrival-rate',
      rate: 50,
      timeUnit: '1s',
      duration: '30m',
      preAllocatedVUs: 100,
      maxVUs: 500,
    },
  },
  thresholds: {
    submission_success: ['rate>0.95'],
    submission_latency: ['p(95)<5000', 'p(99)<10000'],
  },
};

export default function () {
  submitMix(SUSTAINED_MIX, SIMPLE_ONLY);
}
