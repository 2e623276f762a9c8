#!/usr/bin/env bash
# Quick start, step 1: prepares this machine and judges a sample end to end.
#   host services (bootstrap.sh) → npm ci → build → test data → language
#   images → `judge lang test` → `judge submit` of a sample solution.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "Node.js 20 or newer is required (apt-get install nodejs npm, or nodesource)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js 20 or newer is required, found $(node --version)"

bash scripts/bootstrap.sh

say "installing npm dependencies"
npm ci --no-audit --no-fund --loglevel=error

say "building"
npm run build --silent

say "generating large test data"
node testcases/generate.mjs

say "building language images (cached by content; first run takes a while)"
node cli/bin/run.js lang build --parallel "${JUDGE_BUILD_PARALLEL:-3}"

say "self-testing every language in the sandbox"
node cli/bin/run.js lang test

say "calibrating this machine: its speed against the reference machine, its worker slots (cached)"
node cli/bin/run.js calibrate

say "judging a sample: testcases/aplusb/solutions/ac.cpp"
node cli/bin/run.js submit testcases/aplusb/solutions/ac.cpp --problem aplusb --local

say "ready: try \`node cli/bin/run.js submit <file> --problem aplusb\` (or \`npm link -w cli\` for a \`judge\` command)"
