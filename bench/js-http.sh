#!/usr/bin/env bash
# The seed's JavaScript hello world (examples/hello-world-js) over HTTP on
# fresh instances, beside the Rust hello world (examples/hello-world) on this
# build, and beside the JavaScript hello world on another build when
# FNGATE_BEFORE=/path/to/fngate names one (an engine change's A/B, in one run).
# wrk -c64, ROUNDS rounds of SECONDS each, alternating the servers so drift
# falls on all of them alike; prints each server's best req/s and p50/p99.
#
# Usage: [FNGATE_BEFORE=/path/to/old/fngate] bench/js-http.sh [SECONDS] [ROUNDS]
# Loopback only; every load run stops by itself. Exit 3: no wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-2}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
. bench/common.sh
ensure_wrk

fngate_bin
"$FNGATE" build examples/hello-world >/dev/null 2>&1
WORK="$(mktemp -d)"
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
printf 'wrk.method = "POST"\n' > "$WORK/post.lua"

# run NAME BIN PROJECT: one round against a fresh server (snapshot cached first).
run() {
  local name=$1 bin=$2 project=$3 addr=
  FNGATE_CACHE_DIR="$WORK/cache-$name" "$bin" invoke "$project" hello_world >/dev/null 2>&1
  FNGATE_CACHE_DIR="$WORK/cache-$name" "$bin" serve "$project" --listen 127.0.0.1:0 --no-watch --admin off \
    > "$WORK/$name.out" 2>/dev/null &
  PID=$!
  addr=$(wait_listening "$WORK/$name.out")
  curl -sf -o /dev/null -X POST "http://$addr/release/hello_world"
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://$addr/release/hello_world" > "$WORK/$name.wrk"
  wrk_summary "$WORK/$name.wrk" >> "$WORK/$name.results"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=
}

SERVERS="js rust"
[ -n "${FNGATE_BEFORE:-}" ] && SERVERS="js before rust"
for _ in $(seq 1 "$ROUNDS"); do
  for s in $SERVERS; do
    case $s in
      js) run js "$FNGATE" examples/hello-world-js ;;
      before) run before "$FNGATE_BEFORE" examples/hello-world-js ;;
      rust) run rust "$FNGATE" examples/hello-world ;;
    esac
  done
done

best() { sort -n -r "$WORK/$1.results" | head -1; }
read -r JS_RPS JS_P50 JS_P99 JS_BAD < <(best js)
read -r RS_RPS RS_P50 RS_P99 RS_BAD < <(best rust)
echo "| server (wrk -c64, best of $ROUNDS x ${DURATION}s) | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
echo "| JavaScript hello, this build | $JS_RPS | $JS_P50 | $JS_P99 | $JS_BAD |"
if [ -n "${FNGATE_BEFORE:-}" ]; then
  read -r B_RPS B_P50 B_P99 B_BAD < <(best before)
  echo "| JavaScript hello, $FNGATE_BEFORE | $B_RPS | $B_P50 | $B_P99 | $B_BAD |"
fi
echo "| Rust hello, this build | $RS_RPS | $RS_P50 | $RS_P99 | $RS_BAD |"
awk -v j="$JS_RPS" -v r="$RS_RPS" 'BEGIN { printf "JavaScript / Rust: %.2fx\n", j / r }'
[ -n "${FNGATE_BEFORE:-}" ] && awk -v j="$JS_RPS" -v b="$B_RPS" 'BEGIN { printf "this build / before: %.2fx\n", j / b }'
exit 0
