#!/usr/bin/env bash
# Fetches (once, cached) and starts mongo-java-server 1.46.0 with its in-memory backend: a second
# MongoDB wire-protocol server beside FerretDB, so that a quirk of one server is not mistaken for
# correctness. Java 17 must be installed; Maven is installed with apt-get when missing.
#
# Usage:   eval "$(.ci/start-mongo-java-server.sh)"
# Prints on stdout, and only there, shell assignments for the caller to eval:
#   export MONGO_JAVA_URI=mongodb://127.0.0.1:<port>/
#   export MONGO_JAVA_PID=<pid>      # kill it when done
#   export MONGO_JAVA_DIR=<tmpdir>   # its log; remove it when done
# Everything else goes to stderr. Exits non-zero if Java is missing, the fetch fails or the server
# does not answer in time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
HERE="$PWD"

VERSION=1.46.0
HOME_DIR="${MONGO_JAVA_HOME:-$HOME/.cache/danvan-mongo-java-server}/$VERSION"
START_TIMEOUT_SECONDS="${MONGO_JAVA_START_TIMEOUT:-60}"

log() { printf 'start-mongo-java-server: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

command -v java >/dev/null || die "java is not installed (Java 17 or later is needed)"
command -v javac >/dev/null || die "javac is not installed (a JDK 17 or later is needed)"

if [[ ! -d "$HOME_DIR/lib" ]]; then
  if ! command -v mvn >/dev/null; then
    log "installing maven with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven; } >&2 || die "could not install maven"
  fi
  rm -rf "$HOME_DIR.tmp.$$" && mkdir -p "$HOME_DIR.tmp.$$"
  log "fetching de.bwaldvogel:mongo-java-server:$VERSION and its dependencies from Maven Central"
  mvn -q -B -f "$HERE/mongo-java-server/pom.xml" dependency:copy-dependencies -DoutputDirectory="$HOME_DIR.tmp.$$/lib" >&2 \
    || { rm -rf "$HOME_DIR.tmp.$$"; die "maven could not fetch mongo-java-server"; }
  rm -rf "$HOME_DIR" && mkdir -p "$(dirname "$HOME_DIR")" && mv "$HOME_DIR.tmp.$$" "$HOME_DIR"
fi
# The launcher is compiled on every start (about a second): it is the repository's, not the cache's.
CLASSES="$(mktemp -d "${TMPDIR:-/tmp}/mongo-java-launcher.XXXXXX")"
javac -cp "$HOME_DIR/lib/*" -d "$CLASSES" "$HERE/mongo-java-server/Launcher.java" >&2 || { rm -rf "$CLASSES"; die "could not compile the launcher"; }

DIR="$(mktemp -d "${TMPDIR:-/tmp}/mongo-java-server.XXXXXX")"
# Port 0: the launcher binds any free port on 127.0.0.1 and prints it.
mv "$CLASSES" "$DIR/classes"
nohup java -Xmx1g -cp "$DIR/classes:$HOME_DIR/lib/*" Launcher 0 >"$DIR/out" 2>"$DIR/log" </dev/null &
PID=$!

port=""
for _ in $(seq 1 $((START_TIMEOUT_SECONDS * 10))); do
  kill -0 "$PID" 2>/dev/null || { cat "$DIR/log" >&2; rm -rf "$DIR"; die "the server exited at start"; }
  port="$(sed -n 's/^port=\([0-9]*\)$/\1/p' "$DIR/out")"
  [[ -n "$port" ]] && break
  sleep 0.1
done
if [[ -z "$port" ]]; then
  kill "$PID" 2>/dev/null || true
  cat "$DIR/log" >&2; rm -rf "$DIR"
  die "the server did not report its port within ${START_TIMEOUT_SECONDS}s"
fi
log "mongo-java-server $VERSION (memory backend) on 127.0.0.1:$port, pid $PID"
printf 'export MONGO_JAVA_URI=%q\n' "mongodb://127.0.0.1:$port/"
printf 'export MONGO_JAVA_PID=%q\n' "$PID"
printf 'export MONGO_JAVA_DIR=%q\n' "$DIR"
