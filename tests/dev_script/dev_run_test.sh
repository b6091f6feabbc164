#!/usr/bin/env bash
# `./dev run` as the README gives it: passes serve arguments through, adds the default config and
# data dir only where none were given, and the host answers /health.
# usage: dev_run_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src="$1" build="$2"
work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

AGENTHOST_BUILD_DIR="$build" "$src/dev" run -- --listen 127.0.0.1:0 --data-dir "$work/data" >"$work/out" 2>"$work/err" &
pid=$!
url=""
for _ in $(seq 1 300); do  # up to 30 s for the build check and startup
  url="$(sed -n 's/^agenthost listening on \(http:\/\/[^ ]*\)$/\1/p' "$work/out")"
  [[ -n "$url" ]] && break
  kill -0 "$pid" 2>/dev/null || { echo "dev run exited early:"; cat "$work/err"; exit 1; }
  sleep 0.1
done
[[ -n "$url" ]] || { echo "no 'agenthost listening on' line:"; cat "$work/out" "$work/err"; exit 1; }
grep -q "try:  curl" "$work/err" || { echo "dev run printed no curl hint"; cat "$work/err"; exit 1; }
body="$(curl -s "$url/health")"
[[ "$body" == '{"status":"ok"}' ]] || { echo "unexpected /health body: $body"; exit 1; }
test -d "$work/data" || { echo "--data-dir was not used"; exit 1; }
test -f "$work/data/admin.token" || { echo "no admin.token in the data dir"; exit 1; }
token="$(cat "$work/data/admin.token")"
curl -s -H "Authorization: Bearer $token" "$url/api/v1/plugins" | grep -q '"name":"scripted"' ||
  { echo "default config not loaded (or the admin token did not work)"; exit 1; }
curl -s -H "Authorization: Bearer $token" "$url/api/v1/agents" | grep -q '"name":"demo"' ||
  { echo "the [agent.demo] section did not become an agent"; exit 1; }
echo "dev run OK at $url"
