#!/usr/bin/env bash
# A/B test of a change on the gateway's path: the Rust hello world under wrk
# (64 connections) on this build and on another fngate binary, in alternating
# rounds so that the machine's drift falls on both alike. Prints each round
# and the medians: req/s, server CPU per request (user + system, from /proc)
# and p99.
#
# Usage: bench/ab.sh BEFORE [SECONDS] [ROUNDS] [warm|fresh]
#   BEFORE   another build's fngate binary (copy it aside before rebuilding)
#   default: 5 s per server, 5 rounds, warm instances
# Loopback only; every load run stops by itself. Exit 3: wrk missing.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE="${1:?usage: bench/ab.sh BEFORE [SECONDS] [ROUNDS] [warm|fresh]}"
DURATION="${2:-5}"
ROUNDS="${3:-5}"
MODE="${4:-warm}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

. bench/common.sh
ensure_wrk
cargo build -q --release -p fngate --bin fngate
AFTER="$CARGO_TARGET_DIR/release/fngate"
"$AFTER" build examples/hello-world >/dev/null 2>&1
scratch
printf 'wrk.method = "POST"\n' > "$WORK/post.lua"

DIR=examples/hello-world
if [ "$MODE" = warm ]; then
  DIR="$WORK/warm"
  warm_project warm Wasm hello_world.main_handler examples/hello-world/hello_world.wasm
fi

# measure NAME BINARY: one round; appends "name rps cpu_us p99_ms" to results.
measure() {
  local name=$1 binary=$2
  start "$name" env FNGATE_CACHE_DIR="$CACHE" "$binary" serve "$DIR" --listen 127.0.0.1:0 --no-watch --admin off
  local url="http://$ADDR/release/hello_world"
  wrk -t2 -c64 -d1s -s "$WORK/post.lua" "$url" >/dev/null # warm-up
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$PID/stat")
  wrk -t2 -c64 -d"${DURATION}s" --latency -s "$WORK/post.lua" "$url" > "$WORK/$name.wrk"
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$PID/stat")
  kill "$PID"; wait "$PID" 2>/dev/null || true
  local requests; requests=$(awk '/requests in/ {print $1}' "$WORK/$name.wrk")
  read -r rps _ p99 _ < <(wrk_summary "$WORK/$name.wrk")
  local cpu; cpu=$(awk -v t=$((u1 - u0 + s1 - s0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.1f", t / hz * 1e6 / (n > 0 ? n : 1)}')
  echo "$name $rps $cpu $p99" | tee -a "$WORK/results"
}

echo "round: server req/s CPU_us/req p99_ms ($MODE, ${DURATION}s each)"
for _ in $(seq 1 "$ROUNDS"); do
  measure before "$BEFORE"
  measure after "$AFTER"
done

python3 - "$WORK/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {name: [statistics.median(float(r[i]) for r in rows if r[0] == name) for i in (1, 2, 3)]
       for name in ("before", "after")}
(b_rps, b_cpu, b_p99), (a_rps, a_cpu, a_p99) = med["before"], med["after"]
print(f"medians: before {b_rps:.0f} req/s, {b_cpu:.1f} us/req, p99 {b_p99:.2f} ms; "
      f"after {a_rps:.0f} req/s, {a_cpu:.1f} us/req, p99 {a_p99:.2f} ms; "
      f"after/before: req/s {a_rps / b_rps:.3f}x, CPU {a_cpu / b_cpu:.3f}x")
PY
