// Compilation stress: compiled languages, 10 → 100 → 20 submissions a second over 8 minutes, every source unique.
// The scenario is defined in loadtest/plan.json; RATE_SCALE and DURATION_SCALE scale it,
// BASE_URL (default http://127.0.0.1:3000) and API_KEY say where to send it.
import { k6Options } from './lib/plan.js';
import { submitter } from './lib/submit.js';

// Opened here, beside plan.json's folder, so that the path means the same in every k6 version.
const data = { plan: JSON.parse(open('../plan.json')), programs: JSON.parse(open('../programs.json')) };

export const options = k6Options(data.plan, 'compilation', __ENV);
export default submitter(data, 'compilation');
