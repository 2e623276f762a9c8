// What the node benchmark submits: the load plan's mixes of simple programs (the sum of the integers on stdin),
// with tests that each program answers, in a fixed shuffled order.
//
// The mixes repeat the load plan's (loadtest/programs.json on this branch), with its four "others" at 1.25 each
// folded into C. Main keeps the plan in loadtest/plan.json: once this branch has it, read `mixes` from there.

/** The sustained mix of the load plan; its "others" are C here. */
export const SUSTAINED_MIX: Record<string, number> = { python: 35, javascript: 30, cpp: 15, java: 15, c: 5 };
/** The burst mix of the load plan; its "others" are C here. */
export const BURST_MIX: Record<string, number> = { python: 40, javascript: 25, cpp: 20, java: 10, c: 5 };

/** Sum of the integers on stdin, in each language of the mixes, with a line comment marker for variants. */
export const PROGRAMS: Record<string, { source: string; comment: string }> = {
  python: { source: 'import sys\nprint(sum(map(int, sys.stdin.buffer.read().split())))\n', comment: '#' },
  javascript: {
    source:
      "const s = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).reduce((a, x) => a + Number(x), 0);\nconsole.log(s);\n",
    comment: '//',
  },
  cpp: {
    source:
      '#include <bits/stdc++.h>\nint main() { std::ios::sync_with_stdio(false); long long s = 0, x; while (std::cin >> x) s += x; std::cout << s << "\\n"; }\n',
    comment: '//',
  },
  java: {
    source:
      'import java.io.*;\nimport java.util.*;\npublic class Main { public static void main(String[] a) throws IOException {\n  BufferedReader r = new BufferedReader(new InputStreamReader(System.in)); long s = 0; String l;\n  while ((l = r.readLine()) != null) { StringTokenizer t = new StringTokenizer(l); while (t.hasMoreTokens()) s += Long.parseLong(t.nextToken()); }\n  System.out.println(s); } }\n',
    comment: '//',
  },
  c: {
    source:
      '#include <stdio.h>\nint main(void) { long long s = 0, x; while (scanf("%lld", &x) == 1) s += x; printf("%lld\\n", s); return 0; }\n',
    comment: '//',
  },
};

export interface Item {
  language: string;
  source: string;
  tests: { input: string; output: string }[];
}

/** A deterministic generator (an LCG): the same seed gives the same plan on every machine. */
export function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
}

/** `count` tests of `numbers` integers each, with their sums. */
export function sumTests(next: () => number, count: number, numbers = 200): Item['tests'] {
  return Array.from({ length: count }, () => {
    const xs = Array.from({ length: numbers }, () => next() % 1_000_000);
    return { input: `${xs.join(' ')}\n`, output: `${xs.reduce((a, b) => a + b, 0)}\n` };
  });
}

/**
 * `count` submissions in exactly the mix's shares, shuffled. `distinct`: each
 * source differs (a comment), so that nothing is found in a compile cache.
 */
export function plan(mix: Record<string, number>, count: number, testsPer: number, distinct: boolean, seed: number) {
  const next = lcg(seed);
  const langs = Object.entries(mix);
  const total = langs.reduce((a, [, w]) => a + w, 0);
  const order: string[] = [];
  for (const [lang, w] of langs) for (let i = 0; i < Math.round((w / total) * count); i++) order.push(lang);
  while (order.length < count) order.push(langs[0]![0]);
  order.length = count;
  for (let i = order.length - 1; i > 0; i--) {
    const j = next() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.map((language, n): Item => {
    const p = PROGRAMS[language];
    if (!p) throw new Error(`no benchmark program in ${language}`);
    const source = distinct ? `${p.source}${p.comment} variant ${seed}-${n}\n` : p.source;
    return { language, source, tests: sumTests(next, testsPer) };
  });
}
