// Submitting and measuring in k6: one iteration is one arrival of the plan; its latency runs
// from submission to final verdict (POST ?wait=true, then GET polls while the node answers 202).
// Polls are tagged kind:poll; the plan's rates are about submissions, counted in
// submissions_judged, not http_reqs.
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import { choiceOf } from './plan.js';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:3000').replace(/\/+$/, '');
const API_KEY = __ENV.API_KEY || '';
const RUN_ID = __ENV.RUN_ID || `k6${Date.now().toString(36)}`;

const latency = new Trend('submission_latency', true);
const success = new Rate('submission_success');
const errors = new Rate('submission_errors');
const compileErrors = new Rate('compile_errors');
const judged = new Counter('submissions_judged');
const verdicts = new Counter('verdicts');

const headers = {
  'content-type': 'application/json',
  ...(API_KEY ? { authorization: `Bearer ${API_KEY}` } : {}),
};

/**
 * A function that submits arrival k of the scenario and waits for its verdict.
 * @param {{ plan: any, programs: any }} data plan.json and programs.json, opened by the entry script
 * @param {string} name scenario
 */
export function submitter(data, name) {
  const { plan, programs } = data;
  const s = plan.scenarios[name];
  const timeoutMs = plan.submission.timeoutS * 1000;
  const pollS = plan.submission.pollIntervalMs / 1000;
  return function submit() {
    const k = exec.scenario.iterationInTest;
    const { language, complexity } = choiceOf(plan, name, k);
    const [input, output] = programs.inputs[complexity];
    let source = programs.programs[language][complexity];
    if (s.uniqueSources) source += `${programs.lineComment[language]} judge-load ${RUN_ID}-${k}\n`;
    const tags = { language, complexity, kind: 'submit' };
    const started = Date.now();
    let res = http.post(
      `${BASE_URL}/v1/submissions?wait=true`,
      JSON.stringify({ language, source, tests: [{ input, output }] }),
      {
        headers: { ...headers, 'idempotency-key': `judge-load-${RUN_ID}-${k}` },
        tags,
        timeout: `${timeoutMs}ms`,
        responseCallback: http.expectedStatuses(200, 202),
      },
    );
    /** @type {any} */
    let body = res.status === 200 || res.status === 202 ? res.json() : null;
    while (body && body.status !== 'done' && Date.now() - started < timeoutMs) {
      sleep(pollS);
      res = http.get(`${BASE_URL}/v1/submissions/${body.id}`, {
        headers,
        tags: { ...tags, kind: 'poll', name: 'poll' },
      });
      body = res.status === 200 ? res.json() : null;
    }
    const verdict = body && body.status === 'done' ? body.verdict : undefined;
    latency.add(Date.now() - started, tags);
    success.add(verdict === 'AC', tags);
    errors.add(verdict === undefined, tags);
    compileErrors.add(verdict === 'CE', tags);
    if (verdict) judged.add(1, tags);
    verdicts.add(1, { ...tags, verdict: verdict || (res.status ? `http_${res.status}` : 'no_answer') });
  };
}
