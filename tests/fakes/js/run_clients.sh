#!/usr/bin/env bash
# Starts provider_fake on a free port, runs the official JS clients against it, stops the fake.
# usage: run_clients.sh PROVIDER_FAKE_BINARY CLIENTS_SCRIPT REPO_ROOT
set -euo pipefail
fake_binary=$1 clients_script=$2 repo_root=$3

for package in openai @anthropic-ai/sdk ollama; do
  if [[ ! -f "$repo_root/node_modules/$package/package.json" ]]; then
    echo "fakes_speak_real_protocols: npm package '$package' is missing from $repo_root/node_modules;" \
         "run 'npm ci' in $repo_root (package.json pins it)" >&2
    exit 1
  fi
done
command -v node >/dev/null || { echo "fakes_speak_real_protocols: node is not installed" >&2; exit 1; }

coproc FAKE { exec "$fake_binary" --port 0; }
fake_pid=$FAKE_PID
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true' EXIT

line=""
read -r -t 10 line <&"${FAKE[0]}" || true # the fake prints its port once it listens
port=${line#listening on }
if [[ "$line" != "listening on "* || -z "$port" ]]; then
  echo "provider_fake did not print 'listening on PORT' within 10 s (got: '$line')" >&2
  exit 1
fi

cd "$repo_root" # node resolves the packages from the repository's node_modules
node "$clients_script" "$port"
