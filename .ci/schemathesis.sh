#!/usr/bin/env bash
# Schemathesis against the embedded app's OpenAPI spec, once with an admin token and once with a
# reporter token: every check, a fixed seed, 100 examples per operation. Any failure fails CI.
# Called by .ci/run after the test suite; cleans up after itself (its own EXIT trap).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

SCHEMATHESIS_VERSION=4.32.5
SEED=20211
PORT="${SCHEMATHESIS_PORT:-3917}"

API_PID=""
WORK_DIR=""
cleanup() {
  local status=$?
  if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  if [[ -n "$WORK_DIR" ]]; then rm -rf "$WORK_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"

WORK_DIR="$(mktemp -d)"
# A fresh secret for this run only; the token script below signs with the same one.
AUTH_JWT_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export AUTH_JWT_SECRET DATA_DIR="$WORK_DIR/data" HOST=127.0.0.1 PORT DEMO_DATA=true LOG_LEVEL=warn
# The embedded stores only (FerretDB's MONGODB_URI from the test step stays out), and a rate
# limit Schemathesis cannot reach: it is one principal sending thousands of requests a minute.
# The limit itself is tested by test/security-input.e2e.spec.ts.
env -u MONGODB_URI -u EVENTSTORE_CONNECTION_STRING RATE_LIMIT_PER_MINUTE=1000000 \
  node dist/apps/api/src/main.js > "$WORK_DIR/api.log" 2>&1 &
API_PID=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$API_PID" 2>/dev/null; then break; fi
  if node -e "fetch('http://127.0.0.1:$PORT/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then ready=1; break; fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "ci: the API did not become ready on port $PORT" >&2
  cat "$WORK_DIR/api.log" >&2
  exit 1
fi

admin_token="$(env -u MONGODB_URI npm run --silent token -- --sub ci-admin --roles admin)"
reporter_token="$(env -u MONGODB_URI npm run --silent token -- --sub ci-reporter --roles reporter:daklak-bcd)"

# .ci/run sums the JUnit reports (one test case per operation) into its count line.
RESULTS_DIR="${RESULTS_DIR:-$WORK_DIR/results}"
mkdir -p "$RESULTS_DIR"

failed=0
for who in admin reporter; do
  token_var="${who}_token"
  echo "schemathesis-$who.xml" >> "$RESULTS_DIR/expected"
  echo "ci: schemathesis $SCHEMATHESIS_VERSION as $who (seed $SEED, 100 examples per operation, every check)" >&2
  # Run from the work dir: Schemathesis keeps its example database and reports in the cwd.
  if ! (cd "$WORK_DIR" && python3 -c 'from schemathesis.cli import schemathesis; schemathesis()' \
        --config-file "$ROOT/.ci/schemathesis.toml" --no-color run "http://127.0.0.1:$PORT/docs-json" \
        --checks all --seed "$SEED" --max-examples 100 -H "Authorization: Bearer ${!token_var}" \
        --report junit --report-junit-path "$RESULTS_DIR/schemathesis-$who.xml"); then
    failed=1
  fi
done

if [[ "$failed" != 0 ]]; then
  echo "ci: schemathesis found failures; the API's log follows" >&2
  tail -n 200 "$WORK_DIR/api.log" >&2
  exit 1
fi
