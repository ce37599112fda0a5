#!/usr/bin/env bash
# What the web console costs the request path: req/s of examples/hello-world
# (wrk, 64 connections) with the console closed, and open and streaming (a live
# invocations stream plus the page's summary poll every 2 s), in one server,
# alternating rounds; beside the same server with the admin listener off
# (no console, no history, no metrics). Medians of the rounds.
#
# Usage: bench/console.sh [SECONDS] [ROUNDS]   (default 5 s, 3 rounds)
# Loopback only; every load run stops by itself. Exit 3: wrk is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-5}"
ROUNDS="${2:-3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

. bench/common.sh
ensure_wrk

cargo build -q --release -p fngate --bin fngate
FNGATE="$CARGO_TARGET_DIR/release/fngate"
"$FNGATE" build examples/hello-world >/dev/null 2>&1
scratch
cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
LUA
load() {
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$WORK/post.lua" "$2" > "$WORK/$1.wrk"
  wrk_summary "$WORK/$1.wrk" | cut -d' ' -f1
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

FNGATE_CACHE_DIR="$CACHE" "$FNGATE" invoke examples/hello-world hello_world >/dev/null 2>&1
start off env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin off
OFF_URL="http://$ADDR/release/hello_world"
start console env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin 127.0.0.1:0
URL="http://$ADDR/release/hello_world"
ADMIN=$(sed -n 's|^admin on http://||p' "$WORK/console.out")
curl -sf -o /dev/null -X POST "$URL"

OFF=() CLOSED=() OPEN=()
for round in $(seq 1 "$ROUNDS"); do
  OFF+=("$(load "off$round" "$OFF_URL")")
  CLOSED+=("$(load "closed$round" "$URL")")
  # The console open: its live stream, and its summary poll.
  curl -sN "http://$ADMIN/api/invocations/stream" > "$WORK/stream$round" &
  STREAM=$!
  ( while :; do curl -sf -o /dev/null "http://$ADMIN/api/metrics/summary?window=300"; sleep 2; done ) &
  POLL=$!
  OPEN+=("$(load "open$round" "$URL")")
  kill "$STREAM" "$POLL" 2>/dev/null || true
  wait "$STREAM" "$POLL" 2>/dev/null || true
  EVENTS=$(grep -c '^event: invocation' "$WORK/stream$round" || true)
  SKIPPED=$(awk '/^event: skipped/ {getline; sub("data: ", ""); s += $0} END {print s + 0}' "$WORK/stream$round")
  echo "round $round: admin off ${OFF[-1]}  console closed ${CLOSED[-1]}  open and streaming ${OPEN[-1]} req/s ($EVENTS invocations streamed, $SKIPPED skipped past the batch size)"
done
M_OFF=$(echo "${OFF[*]}" | median)
M_CLOSED=$(echo "${CLOSED[*]}" | median)
M_OPEN=$(echo "${OPEN[*]}" | median)
echo "medians: admin off $M_OFF, console closed $M_CLOSED, open and streaming $M_OPEN req/s"
awk -v o="$M_OPEN" -v c="$M_CLOSED" -v f="$M_OFF" 'BEGIN {
  printf "open vs closed: %+.1f %%   closed (history and metrics) vs admin off: %+.1f %%\n", (o / c - 1) * 100, (c / f - 1) * 100 }'
