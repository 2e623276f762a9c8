// Programs the load tests submit: per language, three complexities, each
// with its input and expected output, so a run checks the verdict too.

// Shared with the Locust file: loadtest/programs.json.
const data = JSON.parse(open('../../programs.json'));

/** @type {Record<string, Record<'simple'|'medium'|'complex', string>>} */
export const PROGRAMS = data.programs;

/** @type {Record<'simple'|'medium'|'complex', [string, string]>} */
export const INPUTS = data.inputs;

/**
 * Picks a key by weight: `pick({python: 35, cpp: 15}, Math.random())`.
 * @param {Record<string, number>} weights
 * @param {number} r in [0, 1)
 */
export function pick(weights, r) {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let x = r * total;
  for (const [k, w] of Object.entries(weights)) {
    if (x < w) return k;
    x -= w;
  }
  return Object.keys(weights)[0];
}
