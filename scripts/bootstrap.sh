#!/usr/bin/env bash
# Host bootstrap: installs and starts what the judge needs on Debian/Ubuntu
# (Docker engine, Redis, PostgreSQL, debootstrap) and makes the base image
# debian:bookworm-slim available. Idempotent: run it as often as you like.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'bootstrap: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (try: sudo $0)"
[ -r /etc/os-release ] || die "cannot read /etc/os-release: only Debian and Ubuntu are supported"
. /etc/os-release
case "${ID:-} ${ID_LIKE:-}" in
  *debian*|*ubuntu*) ;;
  *) die "unsupported system '${PRETTY_NAME:-unknown}': only Debian and Ubuntu are supported" ;;
esac

STATE_DIR=${JUDGE_STATE_DIR:-/var/lib/judge-bootstrap}
mkdir -p "$STATE_DIR"

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
command -v pg_ctlcluster >/dev/null || need_pkgs+=(postgresql)
command -v locust >/dev/null || need_pkgs+=(python3-locust)
# headless, for the load test report's charts (npm run load) and its test
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v curl >/dev/null || need_pkgs+=(curl)
# Monitoring and deployment checks: promtool and a Prometheus the tests start
# themselves, docker-compose for deploy/compose.
new_prometheus=
command -v promtool >/dev/null || { need_pkgs+=(prometheus); new_prometheus=1; }
command -v docker-compose >/dev/null || need_pkgs+=(docker-compose)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "installing ${need_pkgs[*]} with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed: is a Debian mirror reachable?"
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null \
    || die "apt-get install ${need_pkgs[*]} failed"
else
  say "packages present (docker.io, redis-server, postgresql, debootstrap, python3-locust, chromium, prometheus, docker-compose)"
fi
# Debian's prometheus package starts a system Prometheus on :9090 where systemd
# runs; the judge's tests and `npm run monitor` start their own, so the one we
# installed just now is stopped and disabled.
if [ -n "$new_prometheus" ] && command -v systemctl >/dev/null && systemctl is-enabled prometheus >/dev/null 2>&1; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi

# Docker engine: started by hand where no init system manages it.
if ! docker info >/dev/null 2>&1; then
  say "starting dockerd"
  nohup dockerd --iptables=false --ip-masq=false --bridge=none --storage-driver=overlay2 \
    >/var/log/judge-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || die "dockerd did not start: see /var/log/judge-dockerd.log"
else
  say "dockerd is running"
fi

# Redis
if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  say "starting redis-server on 127.0.0.1:6379"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no \
    --logfile /var/log/judge-redis.log
  for _ in $(seq 1 40); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.25; done
  redis-cli ping >/dev/null 2>&1 || die "redis-server did not start: see /var/log/judge-redis.log"
else
  say "redis is running"
fi

# PostgreSQL: the distribution's cluster, with a judge role and database.
pg_ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n1)
[ -n "$pg_ver" ] || die "no PostgreSQL server found under /usr/lib/postgresql"
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  say "creating PostgreSQL $pg_ver cluster"
  pg_createcluster "$pg_ver" main >/dev/null
fi
cluster_ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
cluster_name=$(pg_lsclusters -h | awk 'NR==1{print $2}')
if ! pg_lsclusters -h | awk 'NR==1{print $4}' | grep -q online; then
  say "starting PostgreSQL $cluster_ver/$cluster_name"
  pg_ctlcluster "$cluster_ver" "$cluster_name" start || die "PostgreSQL did not start"
else
  say "PostgreSQL is running"
fi
su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='judge'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE judge LOGIN SUPERUSER PASSWORD 'judge'\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='judge'\"" | grep -q 1 \
  || su postgres -c "psql -qc 'CREATE DATABASE judge OWNER judge'"

# Base image: pulled where a registry answers, else built with debootstrap.
if docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  say "debian:bookworm-slim is present"
elif timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
  say "pulled debian:bookworm-slim"
else
  say "no registry answers: building debian:bookworm-slim with debootstrap (about 30 s)"
  root=$(mktemp -d /var/tmp/judge-rootfs.XXXXXX)
  trap 'rm -rf "$root"' EXIT
  mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$STATE_DIR/debootstrap.log" 2>&1 \
    || die "debootstrap failed: see $STATE_DIR/debootstrap.log"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import - debian:bookworm-slim >/dev/null
  rm -rf "$root"; trap - EXIT
  say "built debian:bookworm-slim"
fi
say "host ready"
