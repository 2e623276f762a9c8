// Submitting and measuring: latency is from submission to final verdict.
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import { INPUTS, PROGRAMS, pick } from './programs.js';

export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:8787';
const API_KEY = __ENV.API_KEY || '';

export const latency = new Trend('submission_latency', true);
export const success = new Rate('submission_success');
export const compileErrors = new Rate('compile_errors');
export const verdicts = new Counter('verdicts');

const headers = { 'content-type': 'application/json', ...(API_KEY ? { authorization: `Bearer ${API_KEY}` } : {}) };

/**
 * Submits one program and waits for its verdict.
 * @param {string} language
 * @param {'simple'|'medium'|'complex'} complexity
 * @param {{ unique?: boolean }} [opts] unique: defeat the compile cache
 */
export function submit(language, complexity, opts = {}) {
  const [input, output] = INPUTS[complexity];
  let source = PROGRAMS[language][complexity];
  if (opts.unique)
    source += `${language === 'python' || language === 'ruby' ? '#' : '//'} ${__VU}-${__ITER}-${Date.now()}\n`;
  const tags = { language, complexity };
  const started = Date.now();
  let res = http.post(
    `${BASE_URL}/v1/submissions?wait=true`,
    JSON.stringify({ language, source, tests: [{ input, output }] }),
    {
      headers,
      tags,
      timeout: '60s',
    },
  );
  /** @type {any} */
  let body = res.status === 200 || res.status === 202 ? res.json() : null;
  while (res.status === 202 && body && body.status !== 'done' && Date.now() - started < 120000) {
    sleep(0.2);
    res = http.get(`${BASE_URL}/v1/submissions/${body.id}`, { headers, tags });
    body = res.status === 200 ? res.json() : null;
  }
  const verdict = body && body.status === 'done' ? body.verdict : undefined;
  latency.add(Date.now() - started, tags);
  const ok = check(res, { 'judged AC': () => verdict === 'AC' });
  success.add(ok, tags);
  compileErrors.add(verdict === 'CE', tags);
  verdicts.add(1, { ...tags, verdict: verdict || `http_${res.status}` });
  return verdict;
}

/**
 * @param {Record<string, number>} languages weights
 * @param {Record<string, number>} complexities weights
 * @param {{ unique?: boolean }} [opts]
 */
export function submitMix(languages, complexities, opts) {
  return submit(pick(languages, Math.random()), /** @type {any} */ (pick(complexities, Math.random())), opts);
}
