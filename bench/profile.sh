#!/usr/bin/env bash
# Where a request's time goes: the Rust hello world under wrk (64 connections)
# on fresh and on warm instances, beside bare hyper, each server profiled with
# `perf record -e cpu-clock` (a software clock: this machine has no hardware
# counters) while its CPU time and context switches are read from /proc.
# Prints, per server: req/s, server CPU per request (user and system), context
# switches per request, and the CPU per request by part:
#   kernel    [k] symbols (network stack, scheduler, page faults)
#   gateway   fngate's own code and its libraries (hyper, tokio, tracing, serde…)
#   wasmtime  the runtime (wasmtime, cranelift-generated trampolines' hosts, WASI)
#   guest     the function's compiled code (`wasm[0]::function[N]` in the
#             cached `.cwasm` file wasmtime maps)
#   alloc     jemalloc and libc
# so that a change on the gateway's path can be judged the same way each time
# (bench/parts.py sorts the symbols). The rows null-fresh and null-warm serve
# the same answer from a guest that does no work (bench/null-guest/): the
# floor of fngate's own path, fresh and warm, below which no guest goes. PROFILE_INSTRUCTIONS=N adds user-space
# instructions per request, counted by callgrind over N requests.
#
# Usage: bench/profile.sh [SECONDS] [ROUNDS]   (default 5 s per server, 1 round)
# Loopback only; every load run stops by itself. Exit 3: wrk or perf (or, for
# PROFILE_INSTRUCTIONS, valgrind) missing.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-5}"
ROUNDS="${2:-1}"
CONNECTIONS=64
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

. bench/common.sh
ensure_wrk
command -v perf >/dev/null || { echo "perf is missing (Debian: linux-perf)" >&2; exit 3; }

cargo build -q --release -p fngate -p fngate-gateway --bin fngate --example bare_hyper
FNGATE="${FNGATE_BIN:-$CARGO_TARGET_DIR/release/fngate}"
BARE="$CARGO_TARGET_DIR/release/examples/bare_hyper"
"$FNGATE" build examples/hello-world >/dev/null 2>&1
scratch
printf 'wrk.method = "POST"\n' > "$WORK/post.lua"

# Clock ticks of CPU (user, system) and context switches of every thread of $1.
cpu_ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}'; }

# measure NAME URL: wrk for DURATION s with the server profiled; appends one
# line to $WORK/results: name rps p99 user_us sys_us switches parts...
measure() {
  local name=$1 url=$2
  wrk -t2 -c"$CONNECTIONS" -d1s -s "$WORK/post.lua" "$url" >/dev/null # warm-up
  read -r u0 s0 < <(cpu_ticks "$PID")
  local c0; c0=$(switches "$PID")
  perf record -q -e cpu-clock -F 2999 -p "$PID" -o "$WORK/$name.perf" -- sleep "$DURATION" >/dev/null 2>&1 &
  local perf_pid=$!
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$url" > "$WORK/$name.wrk"
  wait "$perf_pid" || true
  read -r u1 s1 < <(cpu_ticks "$PID")
  local c1; c1=$(switches "$PID")
  local requests; requests=$(awk '/requests in/ {print $1}' "$WORK/$name.wrk")
  read -r rps _ p99 _ < <(wrk_summary "$WORK/$name.wrk")
  local parts
  parts=$(perf report -i "$WORK/$name.perf" --no-children --sort dso,sym -t '|' --stdio 2>/dev/null | python3 bench/parts.py)
  local hz; hz=$(getconf CLK_TCK)
  python3 - "$name" "$rps" "$p99" "$requests" "$((u1 - u0))" "$((s1 - s0))" "$((c1 - c0))" "$hz" $parts >> "$WORK/results" <<'PY'
import sys
name, rps, p99, requests, user, sys_, switches, hz = sys.argv[1:9]
parts = [float(x) for x in sys.argv[9:14]]
n = max(int(requests), 1)
user_us = int(user) / int(hz) * 1e6 / n
sys_us = int(sys_) / int(hz) * 1e6 / n
cpu = user_us + sys_us
print(name, rps, p99, f"{user_us:.1f}", f"{sys_us:.1f}", f"{int(switches) / n:.2f}", *(f"{p * cpu:.1f}" for p in parts))
PY
}

FNGATE_CACHE_DIR="$CACHE" "$FNGATE" invoke examples/hello-world hello_world >/dev/null 2>&1
warm_project warm Wasm hello_world.main_handler examples/hello-world/hello_world.wasm
# The null guests (bench/null-guest/): the same answer with no guest work, so
# the rows `null-fresh` and `null-warm` are the gateway's and wasmtime's own
# path, what no guest or SDK change can go below.
warm_project null-warm Wasm hello_world.main_handler bench/null-guest/warm.wat
mv "$WORK/null-warm/warm.wat" "$WORK/null-warm/hello_world.wasm"
mkdir -p "$WORK/null-fresh"
cp bench/null-guest/fresh.wat "$WORK/null-fresh/hello_world.wasm"
sed '/custom:/,/warm:/d' "$WORK/null-warm/serverless.yml" > "$WORK/null-fresh/serverless.yml"

for round in $(seq 1 "$ROUNDS"); do
  start bare "$BARE" 127.0.0.1:0
  measure bare "http://$ADDR/"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  start fresh env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --no-watch --admin off
  measure fresh "http://$ADDR/release/hello_world"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  start warm env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/warm" --listen 127.0.0.1:0 --no-watch --admin off
  measure warm "http://$ADDR/release/hello_world"
  kill "$PID"; wait "$PID" 2>/dev/null || true
  for null in null-fresh null-warm; do
    start "$null" env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/$null" --listen 127.0.0.1:0 --no-watch --admin off
    measure "$null" "http://$ADDR/release/hello_world"
    kill "$PID"; wait "$PID" 2>/dev/null || true
  done
done

python3 - "$WORK/results" "$ROUNDS" <<'PY'
import sys, statistics
rows = [line.split() for line in open(sys.argv[1])]
by = {}
for r in rows:
    by.setdefault(r[0], []).append([float(x) for x in r[1:]])
med = {k: [statistics.median(col) for col in zip(*v)] for k, v in by.items()}
bare = med["bare"]
print(f"rounds: {sys.argv[2]}, medians; CPU in µs of server CPU per request")
print(f"{'server':10} {'req/s':>8} {'x bare':>7} {'p99 ms':>7} {'CPU/req':>8} {'x bare':>7} {'user':>6} {'sys':>6} {'csw/req':>8}   "
      f"{'kernel':>7} {'gateway':>8} {'wasmtime':>8} {'guest':>6} {'alloc':>6}")
for name in ("bare", "fresh", "warm", "null-fresh", "null-warm"):
    if name not in med:
        continue
    rps, p99, user, sys_, csw, k, g, w, gu, a = med[name]
    cpu = user + sys_
    print(f"{name:10} {rps:8.0f} {rps / bare[0]:7.2f} {p99:7.2f} {cpu:8.1f} {cpu / (bare[2] + bare[3]):7.2f} {user:6.1f} {sys_:6.1f} {csw:8.2f}   "
          f"{k:7.1f} {g:8.1f} {w:8.1f} {gu:6.1f} {a:6.1f}")
PY

# PROFILE_TOP=N: the warm server's N hottest symbols (the last round's).
if [ -n "${PROFILE_TOP:-}" ]; then
  echo
  echo "warm: hottest symbols"
  perf report -i "$WORK/warm.perf" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' \
    | sed 's/[0-9a-f]\{64\}-[0-9a-f]*\.cwasm/module.cwasm/' | head -"$PROFILE_TOP"
fi

# PROFILE_INSTRUCTIONS=N: user-space instructions per request, from callgrind:
# each fngate server (fresh, warm and the null guests) runs under valgrind, answers 50 requests,
# has its counts zeroed, answers N more on one keep-alive connection and dumps
# them. Only the total: callgrind charges a guest's run to every frame on
# wasmtime's fiber stack, so its per-function split is not to be summed (the
# CPU table above gives the parts).
if [ -n "${PROFILE_INSTRUCTIONS:-}" ]; then
  command -v valgrind >/dev/null || { echo "valgrind is missing (Debian: valgrind)" >&2; exit 3; }
  N=$PROFILE_INSTRUCTIONS
  # post N URL: N POSTs one after another on one connection.
  post() {
    python3 - "$1" "$2" <<'PY'
import http.client, sys, urllib.parse
n, url = int(sys.argv[1]), urllib.parse.urlsplit(sys.argv[2])
c = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
for _ in range(n):
    c.request("POST", url.path, body=b"")
    c.getresponse().read()
PY
  }
  echo
  echo "user-space instructions per request (callgrind, $N requests each)"
  for name in fresh warm null-fresh null-warm; do
    case $name in fresh) dir=examples/hello-world ;; *) dir="$WORK/$name" ;; esac
    start "cg-$name" env FNGATE_CACHE_DIR="$CACHE" valgrind --tool=callgrind --callgrind-out-file="$WORK/cg-$name.out" \
      "$FNGATE" serve "$dir" --listen 127.0.0.1:0 --no-watch --admin off
    post 50 "http://$ADDR/release/hello_world"
    callgrind_control -z "$PID" >/dev/null 2>&1
    post "$N" "http://$ADDR/release/hello_world"
    callgrind_control -d "$PID" >/dev/null 2>&1
    kill "$PID"; wait "$PID" 2>/dev/null || true
    dump=$(ls -t "$WORK"/cg-"$name".out.* | head -1)
    total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    printf '%-10s %10d\n' "$name" $((total / N))
  done
fi
