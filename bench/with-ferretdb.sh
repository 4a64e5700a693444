#!/usr/bin/env bash
# Runs a command (default: npm run bench) with MONGODB_URI pointing at a throwaway FerretDB,
# started by .ci/start-ferretdb.sh and stopped (and its files removed) afterwards, whatever happens.
#
# Usage: bench/with-ferretdb.sh [command...]
# FERRETDB_FIX_ID_LOOKUP=1 runs FerretDB with its by-id lookup fixed (see .ci/start-ferretdb.sh);
# the bench names the build it ran against (FERRETDB_BUILD).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FERRETDB_PID=""
FERRETDB_DIR=""
cleanup() {
  local status=$?
  if [[ -n "$FERRETDB_PID" ]] && kill -0 "$FERRETDB_PID" 2>/dev/null; then
    kill "$FERRETDB_PID" 2>/dev/null || true
    # Not our child (the start script backgrounded it), so poll rather than wait.
    for _ in $(seq 1 50); do kill -0 "$FERRETDB_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$FERRETDB_PID" 2>/dev/null || true
  fi
  if [[ -n "$FERRETDB_DIR" ]]; then rm -rf "$FERRETDB_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Assigned before eval: `eval "$(cmd)"` alone would hide a failure of cmd from `set -e`.
ferretdb_env="$(.ci/start-ferretdb.sh)"
eval "$ferretdb_env"
export MONGODB_URI
if [[ $# -eq 0 ]]; then set -- npm run bench; fi
export BENCH_COMMAND="${BENCH_COMMAND:-bench/with-ferretdb.sh $*}"
"$@"
