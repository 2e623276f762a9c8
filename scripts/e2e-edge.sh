#!/usr/bin/env bash
# End to end through the edge: starts a judge node (real Redis, PostgreSQL,
# Docker) with an HMAC secret on a spare port, then runs the edge's e2e test
# (plain HTTP, curl and `judge submit` → wrangler dev → node → sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."

port=${JUDGE_E2E_PORT:-3917}
secret="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Callbacks are signed with their own secret; the test's receiver listens on loopback, which only the
# operator's switch JUDGE_CALLBACK_ALLOW_PRIVATE lets a node call.
callback_secret="e2e-callbacks-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# The edge forwards an admin key's problem uploads to the node with this token.
admin_token="e2e-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
queue="e2e-$$"
log=$(mktemp /tmp/judge-e2e-node.XXXXXX.log)

JUDGE_HMAC_SECRET="$secret" JUDGE_ADMIN_TOKEN="$admin_token" JUDGE_QUEUE="$queue" JUDGE_DATABASE_SCHEMA="e2e_$$" \
  JUDGE_CALLBACK_SECRET="$callback_secret" JUDGE_CALLBACK_ALLOW_PRIVATE=true \
  DATABASE_URL="${DATABASE_URL:-postgres://judge:judge@127.0.0.1:5432/judge}" \
  node cli/bin/run.js serve --port "$port" --host 127.0.0.1 --workers 2 >"$log" 2>&1 &
node_pid=$!
cleanup() {
  kill -TERM "$node_pid" 2>/dev/null || true
  wait "$node_pid" 2>/dev/null || true
  redis-cli --scan --pattern "bull:$queue*" | xargs -r redis-cli del >/dev/null || true
  su postgres -c "psql -qd judge -c 'drop schema if exists e2e_$$ cascade'" >/dev/null 2>&1 || true
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$log"; echo "e2e: the judge node did not start" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { cat "$log"; echo "e2e: the judge node is not healthy" >&2; exit 1; }

JUDGE_NODE_URL="http://127.0.0.1:$port" JUDGE_NODE_SECRET="$secret" JUDGE_NODE_CALLBACK_SECRET="$callback_secret" \
  JUDGE_NODE_ADMIN_TOKEN="$admin_token" \
  npm run --silent test:e2e -w edge
