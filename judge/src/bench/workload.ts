// What the node benchmark submits: the load plan's mixes of simple programs (the sum of the integers on stdin),
// with tests that each program answers, in a fixed shuffled order.

import { readFileSync } from 'node:fs';

/** The language mixes of the load plan (loadtest/plan.json: the one definition the load tools read too). */
function planMixes(): { sustained: Record<string, number>; burst: Record<string, number> } {
  // The same depth from judge/src/bench and judge/dist/bench.
  const file = new URL('../../../loadtest/plan.json', import.meta.url);
  const planFile = JSON.parse(readFileSync(file, 'utf8')) as { mixes: Record<string, Record<string, number>> };
  const { sustained, burst } = planFile.mixes;
  if (!sustained || !burst) throw new Error(`${file.pathname}: no sustained or burst mix`);
  return { sustained, burst };
}

const MIXES = planMixes();
/** The sustained mix of the load plan. */
export const SUSTAINED_MIX: Record<string, number> = MIXES.sustained;
/** The burst mix of the load plan. */
export const BURST_MIX: Record<string, number> = MIXES.burst;

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
  go: {
    source:
      'package main\n\nimport (\n\t"bufio"\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tr := bufio.NewReader(os.Stdin)\n\tvar s, x int64\n\tfor {\n\t\tif _, err := fmt.Fscan(r, &x); err != nil {\n\t\t\tbreak\n\t\t}\n\t\ts += x\n\t}\n\tfmt.Println(s)\n}\n',
    comment: '//',
  },
  rust: {
    source:
      'use std::io::Read;\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    let t: i64 = s.split_whitespace().map(|x| x.parse::<i64>().unwrap()).sum();\n    println!("{}", t);\n}\n',
    comment: '//',
  },
  ruby: { source: 'puts STDIN.read.split.map(&:to_i).sum\n', comment: '#' },
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
  // Each language's share of `count`, rounded by largest remainder: the counts add up to `count` exactly.
  const exact = langs.map(([lang, w]) => ({ lang, n: (w / total) * count }));
  const counts = new Map(exact.map((e) => [e.lang, Math.floor(e.n)]));
  let left = count - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const e of [...exact].sort((a, b) => (b.n % 1) - (a.n % 1))) {
    if (left-- <= 0) break;
    counts.set(e.lang, counts.get(e.lang)! + 1);
  }
  const order = langs.flatMap(([lang]) => Array<string>(counts.get(lang)!).fill(lang));
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
