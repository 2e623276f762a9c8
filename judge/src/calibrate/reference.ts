// The reference workload: one program per language, the same on every machine, and what it cost on the reference
// machine. A node's speed factor for a language is its CPU time for that program over the reference's.

/**
 * Bumped whenever a program, its input or the reference figures change: a
 * calibration against another version is measured again.
 */
export const REFERENCE_VERSION = 'sieve-1';

/**
 * The machine the figures below were measured on (`judge calibrate`
 * prints them for the machine it runs on). A problem's time limit "for the
 * reference machine" means CPU time there.
 */
export const REFERENCE_MACHINE = 'the 2-core AMD EPYC build machine of judge (2026-11-30)';

/** A sieve of Eratosthenes up to n, printing how many primes it found: integer work, an array, a loop. */
export interface ReferenceProgram {
  source: string;
  /** The sieve's bound, sized for a few hundred milliseconds of CPU on the reference machine. */
  n: number;
  /** The program's CPU time on the reference machine, ms: the least of its runs (interference only adds to it). */
  cpuMs: number;
}

const C_SIEVE = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  long n, k = 0;
  if (scanf("%ld", &n) != 1) return 1;
  char *c = calloc(n + 1, 1);
  for (long i = 2; i <= n; i++)
    if (!c[i]) { k++; for (long j = i * i; j <= n; j += i) c[j] = 1; }
  printf("%ld\\n", k);
  return 0;
}
`;

const CPP_SIEVE = `#include <bits/stdc++.h>
int main() {
  long n, k = 0;
  std::cin >> n;
  std::vector<char> c(n + 1, 0);
  for (long i = 2; i <= n; i++)
    if (!c[i]) { k++; for (long j = i * i; j <= n; j += i) c[j] = 1; }
  std::cout << k << "\\n";
}
`;

const JS_SIEVE = `const n = Number(require('fs').readFileSync(0, 'utf8'));
const c = new Uint8Array(n + 1);
let k = 0;
for (let i = 2; i <= n; i++) if (!c[i]) { k++; for (let j = i * i; j <= n; j += i) c[j] = 1; }
console.log(k);
`;

const TS_SIEVE = `const n: number = Number(require('fs').readFileSync(0, 'utf8'));
const c: Uint8Array = new Uint8Array(n + 1);
let k: number = 0;
for (let i = 2; i <= n; i++) if (!c[i]) { k++; for (let j = i * i; j <= n; j += i) c[j] = 1; }
console.log(k);
`;

const PY_SIEVE = `import sys
n = int(sys.stdin.readline())
c = bytearray(n + 1)
k = 0
for i in range(2, n + 1):
    if not c[i]:
        k += 1
        for j in range(i * i, n + 1, i):
            c[j] = 1
print(k)
`;

const JAVA_SIEVE = `import java.io.*;
public class Main {
  public static void main(String[] a) throws IOException {
    int n = Integer.parseInt(new BufferedReader(new InputStreamReader(System.in)).readLine().trim());
    boolean[] c = new boolean[n + 1];
    int k = 0;
    for (int i = 2; i <= n; i++)
      if (!c[i]) { k++; for (long j = (long) i * i; j <= n; j += i) c[(int) j] = true; }
    System.out.println(k);
  }
}
`;

const RUST_SIEVE = `use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let n: usize = s.trim().parse().unwrap();
    let mut c = vec![false; n + 1];
    let mut k = 0u64;
    for i in 2..=n {
        if !c[i] {
            k += 1;
            let mut j = i * i;
            while j <= n { c[j] = true; j += i; }
        }
    }
    println!("{}", k);
}
`;

const GO_SIEVE = `package main

import "fmt"

func main() {
	var n int
	fmt.Scan(&n)
	c := make([]bool, n+1)
	k := 0
	for i := 2; i <= n; i++ {
		if !c[i] {
			k++
			for j := i * i; j <= n; j += i {
				c[j] = true
			}
		}
	}
	fmt.Println(k)
}
`;

const RUBY_SIEVE = `n = gets.to_i
c = Array.new(n + 1, false)
k = 0
i = 2
while i <= n
  unless c[i]
    k += 1
    j = i * i
    while j <= n
      c[j] = true
      j += i
    end
  end
  i += 1
end
puts k
`;

const PHP_SIEVE = `<?php
$n = (int) trim(fgets(STDIN));
$c = array_fill(0, $n + 1, false);
$k = 0;
for ($i = 2; $i <= $n; $i++) {
  if (!$c[$i]) { $k++; for ($j = $i * $i; $j <= $n; $j += $i) $c[$j] = true; }
}
echo $k, "\\n";
`;

const BASH_SIEVE = `read -r n
declare -a c
k=0
for ((i = 2; i <= n; i++)); do
  if [[ -z \${c[i]} ]]; then
    ((k++))
    for ((j = i * i; j <= n; j += i)); do c[j]=1; done
  fi
done
echo "$k"
`;

const CS_SIEVE = `using System;
public class Program {
  public static void Main() {
    int n = int.Parse(Console.ReadLine().Trim());
    var c = new bool[n + 1];
    int k = 0;
    for (int i = 2; i <= n; i++)
      if (!c[i]) { k++; for (long j = (long) i * i; j <= n; j += i) c[j] = true; }
    Console.WriteLine(k);
  }
}
`;

/** By pack id. A pack without a program here is scaled by the machine's factor. */
export const REFERENCE_PROGRAMS: Record<string, ReferenceProgram> = {
  c: { source: C_SIEVE, n: 20_000_000, cpuMs: 89 },
  cpp: { source: CPP_SIEVE, n: 20_000_000, cpuMs: 111 },
  rust: { source: RUST_SIEVE, n: 20_000_000, cpuMs: 118 },
  go: { source: GO_SIEVE, n: 20_000_000, cpuMs: 109 },
  java: { source: JAVA_SIEVE, n: 20_000_000, cpuMs: 196 },
  csharp: { source: CS_SIEVE, n: 20_000_000, cpuMs: 191 },
  javascript: { source: JS_SIEVE, n: 20_000_000, cpuMs: 246 },
  typescript: { source: TS_SIEVE, n: 20_000_000, cpuMs: 229 },
  python: { source: PY_SIEVE, n: 800_000, cpuMs: 164 },
  ruby: { source: RUBY_SIEVE, n: 800_000, cpuMs: 149 },
  php: { source: PHP_SIEVE, n: 2_500_000, cpuMs: 168 },
  bash: { source: BASH_SIEVE, n: 20_000, cpuMs: 160 },
};

/** The number of primes up to n: what every reference program must print. */
export function primesUpTo(n: number): number {
  const c = new Uint8Array(n + 1);
  let k = 0;
  for (let i = 2; i <= n; i++) {
    if (c[i]) continue;
    k++;
    for (let j = i * i; j <= n; j += i) c[j] = 1;
  }
  return k;
}
