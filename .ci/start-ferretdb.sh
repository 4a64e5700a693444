#!/usr/bin/env bash
# Builds (once, cached) and starts FerretDB with its SQLite backend as a stand-in for MongoDB.
#
# Usage:   eval "$(.ci/start-ferretdb.sh)"
# Prints on stdout, and only there, shell assignments for the caller to eval:
#   export MONGODB_URI=mongodb://127.0.0.1:<port>/
#   export FERRETDB_PID=<pid>        # kill it when done
#   export FERRETDB_DIR=<tmpdir>     # SQLite files, state and log; remove it when done
#   export FERRETDB_BUILD=<what runs> # the version, and "with its by-id lookup fixed" if so
# Everything else (build output, progress, errors) goes to stderr. Exits non-zero if Go is
# missing, the build fails or the server does not accept connections in time.
#
# FERRETDB_FIX_ID_LOOKUP=1 builds and starts a second binary with one line of FerretDB changed.
# v1.24.2's SQLite backend looks a document up by `_id` (a by-id find, update, replace, upsert or
# delete) with `WHERE _ferretdb_sjson->'$._id' = ?`, but creates the `_id` index on
# `_ferretdb_sjson->"_id"`; SQLite matches expression indexes by their text, so every by-id lookup
# scans the collection and slows down as it grows. The change writes the lookup as `->'_id'`
# (the same path, the index's text), which SQLite answers from the index. The test suites use the
# unchanged release; only benchmarks that must upsert many documents ask for the fix, and say so.
set -euo pipefail

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_HOME="${FERRETDB_HOME:-$HOME/.cache/danvan-ferretdb}"
START_TIMEOUT_SECONDS="${FERRETDB_START_TIMEOUT:-30}"
FIX_ID_LOOKUP="${FERRETDB_FIX_ID_LOOKUP:-0}"
if [[ "$FIX_ID_LOOKUP" == 1 ]]; then
  BIN="$FERRETDB_HOME/ferretdb-$FERRETDB_VERSION-id-lookup-fixed"
  BUILD_LABEL="FerretDB $FERRETDB_VERSION with its by-id lookup fixed"
else
  BIN="$FERRETDB_HOME/ferretdb-$FERRETDB_VERSION"
  BUILD_LABEL="FerretDB $FERRETDB_VERSION"
fi
ID_LOOKUP_FILE=internal/backends/sqlite/metadata/metadata.go

log() { printf 'start-ferretdb: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

build_with() {
  # $1: value for GOTOOLCHAIN ("" keeps the machine's default)
  local toolchain="$1" work src modcache
  work="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
  # `go install …@version` cannot be used: its deprecation check asks the module proxy for the
  # version list, which is refused in some environments. A throwaway module pins the version.
  printf 'module fbbuild\n\ngo 1.22\n\nrequire github.com/FerretDB/FerretDB %s\n' "$FERRETDB_VERSION" >"$work/go.mod"
  if ! (cd "$work" && GOTOOLCHAIN="${toolchain:-${GOTOOLCHAIN:-auto}}" GOFLAGS=-mod=mod \
        go mod download github.com/FerretDB/FerretDB >&2); then
    rm -rf "$work"; return 1
  fi
  modcache="$(GOTOOLCHAIN="${toolchain:-${GOTOOLCHAIN:-auto}}" go env GOMODCACHE)"
  # Module cache paths escape capitals as "!" + lower case.
  src="$modcache/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION"
  [[ -d "$src" ]] || { log "module source not found at $src"; rm -rf "$work"; return 1; }
  # The module cache is read-only and lacks build/version/version.txt, which FerretDB's
  # release tooling generates; without it the binary panics at start-up.
  cp -R "$src" "$work/src"
  chmod -R u+w "$work/src"
  printf '%s' "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  if [[ "$FIX_ID_LOOKUP" == 1 ]]; then
    # See the header. Fails loudly if the line is not there (another version).
    if ! grep -q "IDColumn = DefaultColumn + \"->'\$._id'\"" "$work/src/$ID_LOOKUP_FILE"; then
      log "the by-id lookup line was not found in $ID_LOOKUP_FILE of $FERRETDB_VERSION"; rm -rf "$work"; return 1
    fi
    sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$work/src/$ID_LOOKUP_FILE"
    grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$work/src/$ID_LOOKUP_FILE" || { rm -rf "$work"; return 1; }
  fi
  mkdir -p "$FERRETDB_HOME"
  if ! (cd "$work/src" && GOTOOLCHAIN="${toolchain:-${GOTOOLCHAIN:-auto}}" GOFLAGS='-mod=mod -buildvcs=false' \
        go build -o "$BIN.tmp.$$" ./cmd/ferretdb >&2); then
    rm -rf "$work" "$BIN.tmp.$$"; return 1
  fi
  mv -f "$BIN.tmp.$$" "$BIN"
  rm -rf "$work"
}

if [[ ! -x "$BIN" ]]; then
  command -v go >/dev/null 2>&1 || die "Go is required to build FerretDB $FERRETDB_VERSION (not found on PATH)"
  log "building $BUILD_LABEL with $(go version) (first run takes about a minute)"
  if ! build_with ""; then
    # FerretDB v1.24.2's go.mod says `go 1.24` / `toolchain go1.24.3`, so an older pin such as
    # go1.22.12 cannot build it; let the go command fetch the toolchain the module declares.
    log "build failed; retrying with GOTOOLCHAIN=go1.24.3"
    build_with go1.24.3 || die "could not build FerretDB $FERRETDB_VERSION"
  fi
  log "built $BIN"
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb.XXXXXX")"
mkdir -p "$DIR/data" "$DIR/state"

free_port() {
  # Binding port 0 lets the kernel pick a free port; a small race remains until FerretDB binds
  # it, which the retry loop below absorbs.
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for attempt in 1 2 3; do
  PORT="$(free_port)"
  # Output goes to a file, never to our stdout: the caller captures stdout with $(...), which
  # would otherwise wait for the server to exit. `--debug-addr=-` turns the metrics/pprof HTTP
  # listener off (FerretDB treats "-" as disabled), so nothing listens beyond 127.0.0.1:$PORT.
  "$BIN" \
    --handler=sqlite \
    --sqlite-url="file:$DIR/data/" \
    --listen-addr="127.0.0.1:$PORT" \
    --debug-addr=- \
    --telemetry=disable \
    --state-dir="$DIR/state" \
    --log-level=warn \
    </dev/null >>"$DIR/ferretdb.log" 2>&1 &
  PID=$!
  deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while kill -0 "$PID" 2>/dev/null && ! port_open "$PORT"; do
    if ((SECONDS >= deadline)); then
      kill "$PID" 2>/dev/null || true
      tail -n 50 "$DIR/ferretdb.log" >&2 || true
      rm -rf "$DIR"
      die "FerretDB did not accept connections on 127.0.0.1:$PORT within ${START_TIMEOUT_SECONDS}s"
    fi
    sleep 0.2
  done
  if kill -0 "$PID" 2>/dev/null; then
    log "$BUILD_LABEL listening on 127.0.0.1:$PORT (pid $PID, dir $DIR)"
    printf 'export MONGODB_URI=%q\n' "mongodb://127.0.0.1:$PORT/"
    printf 'export FERRETDB_PID=%q\n' "$PID"
    printf 'export FERRETDB_DIR=%q\n' "$DIR"
    printf 'export FERRETDB_BUILD=%q\n' "$BUILD_LABEL"
    exit 0
  fi
  log "FerretDB exited during start-up (attempt $attempt); log follows"
  tail -n 20 "$DIR/ferretdb.log" >&2 || true
done
rm -rf "$DIR"
die "FerretDB failed to start"
