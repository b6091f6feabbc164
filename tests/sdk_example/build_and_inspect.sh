#!/usr/bin/env bash
# usage: build_and_inspect.sh BUILD_DIR EXAMPLE_SOURCE_DIR AGENTHOST_BINARY
set -euo pipefail
build_dir="$1" example="$2" agenthost="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "-- installing the SDK into $work/prefix"
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/agenthost/plugin.h"
test -f "$work/prefix/lib/cmake/AgentHostSDK/AgentHostSDKConfig.cmake"
# The example must build with nothing but the installed SDK: no source tree include paths.
echo "-- building the example out of tree"
cmake -S "$example" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
plugin="$work/build/hello_tool.so"
test -f "$plugin" || { echo "expected $plugin (no lib prefix)"; exit 1; }

# Only the entry symbol is exported.
exported="$(nm -D --defined-only "$plugin" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u)"
if [[ "$exported" != "agenthost_plugin_v1" ]]; then
  echo "expected exactly one exported symbol, got:"; echo "$exported"; exit 1
fi

echo "-- inspecting it with agenthost"
out="$("$agenthost" plugins inspect "$plugin" --json)"
echo "$out"
grep -q '"name":"hello_tool"' <<<"$out"
grep -q '"type":"hello"' <<<"$out"
grep -q '"kind":"tool"' <<<"$out"
echo "out-of-tree example OK"
