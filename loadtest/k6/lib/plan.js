// The load test plan (loadtest/plan.json) as k6 options: arrival-rate scenarios, thresholds
// from the plan's criteria, and the language and complexity of each arrival. Pure functions
// (no k6 module), so the harness's tests can check them against its own reading of the plan.
//
// RATE_SCALE and DURATION_SCALE (environment) scale rates and durations as the harness's
// --rate-scale and --duration-scale do.

/** The Weyl steps of src/plan.ts and judge_plan.py: arrival k gets the same choice everywhere. */
const LANGUAGE_STEP = 0.6180339887498949;
const COMPLEXITY_STEP = 0.41421356237309515;

/** @param {Record<string, string | undefined>} env @param {string} name */
export function scaleOf(env, name) {
  const raw = env[name];
  if (raw === undefined || raw === '') return 1;
  const v = Number(raw);
  if (!(v > 0)) throw new Error(`${name} must be a number > 0 (got ${raw})`);
  return v;
}

/** @param {number} k @param {number} step */
function weyl(k, step) {
  return (0.5 + k * step) % 1;
}

/**
 * @template {string} K
 * @param {Record<K, number>} weights
 * @param {number} u in [0, 1)
 * @returns {K}
 */
export function pick(weights, u) {
  const entries = /** @type {[K, number][]} */ (Object.entries(weights));
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let x = u * total;
  for (const [k, w] of entries) {
    if (x < w) return k;
    x -= w;
  }
  return entries[entries.length - 1][0];
}

/** The language and complexity of arrival k (k6: exec.scenario.iterationInTest). */
export function choiceOf(plan, name, k) {
  const s = plan.scenarios[name];
  return {
    language: pick(plan.mixes[s.mix], weyl(k, LANGUAGE_STEP)),
    complexity: pick(plan.complexities[s.complexity], weyl(k, COMPLEXITY_STEP)),
  };
}

/** The rate curve in arrivals per second: [{r0, r1, d}]. */
function segments(a, rateScale, durationScale) {
  const per = (r) => (r / a.timeUnitS) * rateScale;
  if (a.executor === 'constant') return [{ r0: per(a.rate), r1: per(a.rate), d: a.durationS * durationScale }];
  let prev = per(a.startRate);
  return a.stages.map((s) => {
    const seg = { r0: prev, r1: per(s.target), d: s.durationS * durationScale };
    prev = seg.r1;
    return seg;
  });
}

/** Submissions the schedule offers. */
export function offeredCount(segs) {
  const n = segs.reduce((t, s) => t + s.r0 * s.d + ((s.r1 - s.r0) * s.d) / 2, 0);
  return Math.max(0, Math.ceil(n - 1e-9));
}

/** k6 wants whole iterations per time unit: the smallest of the plan's unit, a minute, an hour that fits. */
function unitFor(rates, planUnitS) {
  for (const u of [1, planUnitS, 60, 3600]) {
    if (rates.every((r) => Math.abs(r * u - Math.round(r * u)) < 1e-6)) return u;
  }
  return 3600;
}

function seconds(s) {
  return `${Math.round(s * 1000) / 1000}s`;
}

/**
 * The k6 scenario of a plan scenario.
 * @param {any} plan @param {string} name @param {Record<string, string | undefined>} env
 * @param {{ exec?: string, startTime?: boolean }} [opts]
 */
export function k6Scenario(plan, name, env, opts = {}) {
  const rateScale = scaleOf(env, 'RATE_SCALE');
  const durationScale = scaleOf(env, 'DURATION_SCALE');
  const s = plan.scenarios[name];
  const segs = segments(s.arrivals, rateScale, durationScale);
  const u = unitFor(
    segs.flatMap((g) => [g.r0, g.r1]),
    s.arrivals.timeUnitS,
  );
  const common = {
    timeUnit: seconds(u),
    preAllocatedVUs: s.preAllocated,
    maxVUs: s.maxInFlight,
    gracefulStop: seconds(plan.submission.timeoutS),
    ...(opts.exec ? { exec: opts.exec } : {}),
    ...(opts.startTime ? { startTime: seconds(s.startS * durationScale) } : {}),
  };
  if (s.arrivals.executor === 'constant') {
    return {
      executor: 'constant-arrival-rate',
      rate: Math.round(segs[0].r0 * u),
      duration: seconds(segs[0].d),
      ...common,
    };
  }
  return {
    executor: 'ramping-arrival-rate',
    startRate: Math.round(segs[0].r0 * u),
    stages: segs.map((g) => ({ target: Math.round(g.r1 * u), duration: seconds(g.d) })),
    ...common,
  };
}

/**
 * Thresholds for the plan's criteria that k6 can express. Queue depth, soak drift and
 * flatness need the node's /metrics over time: only the harness (npm run load) checks them.
 * @param {any} plan @param {string} name @param {Record<string, string | undefined>} env
 * @param {boolean} [tagged] qualify every metric with {scenario:name} (several scenarios in one run)
 */
export function k6Thresholds(plan, name, env, tagged = false) {
  const rateScale = scaleOf(env, 'RATE_SCALE');
  const durationScale = scaleOf(env, 'DURATION_SCALE');
  const s = plan.scenarios[name];
  /** @type {Record<string, string[]>} */
  const out = {};
  const add = (metric, tags, rule) => {
    const all = tagged ? { scenario: name, ...tags } : tags;
    const sel = Object.entries(all)
      .map(([k, v]) => `${k}:${v}`)
      .join(',');
    const key = sel ? `${metric}{${sel}}` : metric;
    out[key] = [...(out[key] ?? []), rule];
  };
  for (const c of s.criteria) {
    if (c.metric === 'successRate') {
      add('submission_success', {}, `rate${c.op}${c.target}`);
      // An arrival k6 could not start (no free VU) is a submission that did not succeed.
      const offered = offeredCount(segments(s.arrivals, rateScale, durationScale));
      add('dropped_iterations', { scenario: name }, `count<=${Math.floor((1 - c.target) * offered + 1e-9)}`);
    } else if (c.metric === 'errorRate') add('submission_errors', {}, `rate${c.op}${c.target}`);
    else if (c.metric === 'compileErrorRate') add('compile_errors', {}, `rate${c.op}${c.target}`);
    else if (c.metric === 'latency')
      add(
        'submission_latency',
        c.complexity ? { complexity: c.complexity } : {},
        `p(${c.percentile})${c.op}${c.target}`,
      );
    else if (c.metric === 'achievedRps')
      add('submissions_judged', {}, `rate${c.op}${c.scalesWithRate ? c.target * rateScale : c.target}`);
  }
  return out;
}

/** Options of a script that runs one scenario. */
export function k6Options(plan, name, env) {
  return {
    scenarios: { [name]: k6Scenario(plan, name, env) },
    thresholds: k6Thresholds(plan, name, env),
    summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
  };
}
