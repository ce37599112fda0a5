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
# so that a change on the gateway's path can be judged the same way each time.
#
# Usage: bench/profile.sh [SECONDS] [ROUNDS]   (default 5 s per server, 1 round)
# Loopback only; every load run stops by itself. Exit 3: wrk or perf missing.
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
CACHE="$(mktemp -d)"
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$CACHE" "$WORK"; }
trap cleanup EXIT
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
  parts=$(perf report -i "$WORK/$name.perf" --no-children --sort dso,sym -t '|' --stdio 2>/dev/null | python3 -c '
import sys
parts = {"kernel": 0.0, "gateway": 0.0, "wasmtime": 0.0, "guest": 0.0, "alloc": 0.0}
for line in sys.stdin:
    if line.startswith("#") or "|" not in line:
        continue
    fields = [f.strip() for f in line.split("|")]
    if len(fields) < 3 or not fields[0].endswith("%"):
        continue
    share, dso, sym = float(fields[0][:-1]), fields[1], fields[2]
    if sym.startswith("[k]") or "kernel" in dso:
        parts["kernel"] += share
    elif "libc" in dso or "jemalloc" in sym or "_rjem_" in sym or "ld-linux" in dso:
        parts["alloc"] += share
    elif dso.endswith(".cwasm") or dso in ("[unknown]",) or dso.startswith(("[JIT]", "memfd:", "//anon")):
        # Compiled modules are mapped from the cache (`*.cwasm`): the guest
        # functions are `wasm[0]::function[N]`, the rest is trampolines of wasmtime.
        parts["guest" if sym.startswith("[.] wasm[") or sym.startswith("wasm[") or dso == "[unknown]" else "wasmtime"] += share
    elif any(k in sym for k in ("wasmtime", "cranelift", "wasi", "wiggle", "wasm")):
        parts["wasmtime"] += share
    else:
        parts["gateway"] += share
total = sum(parts.values()) or 1.0
print(" ".join(f"{parts[k] / total:.4f}" for k in ("kernel", "gateway", "wasmtime", "guest", "alloc")))
')
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
mkdir -p "$WORK/warm"
cp examples/hello-world/hello_world.wasm "$WORK/warm/"
cat > "$WORK/warm/serverless.yml" <<'YAML'
service: bench-warm
provider: {name: tencent, runtime: Wasm}
custom:
  fngate:
    functions:
      hello_world: {warm: {maxInstances: 64, idleSeconds: 60}}
functions:
  hello_world:
    handler: hello_world.main_handler
    events: [{apigw: {parameters: {path: /hello_world, httpMethod: POST, integratedResponse: true}}}]
YAML

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
print(f"{'server':8} {'req/s':>8} {'x bare':>7} {'p99 ms':>7} {'CPU/req':>8} {'x bare':>7} {'user':>6} {'sys':>6} {'csw/req':>8}   "
      f"{'kernel':>7} {'gateway':>8} {'wasmtime':>8} {'guest':>6} {'alloc':>6}")
for name in ("bare", "fresh", "warm"):
    if name not in med:
        continue
    rps, p99, user, sys_, csw, k, g, w, gu, a = med[name]
    cpu = user + sys_
    print(f"{name:8} {rps:8.0f} {rps / bare[0]:7.2f} {p99:7.2f} {cpu:8.1f} {cpu / (bare[2] + bare[3]):7.2f} {user:6.1f} {sys_:6.1f} {csw:8.2f}   "
          f"{k:7.1f} {g:8.1f} {w:8.1f} {gu:6.1f} {a:6.1f}")
PY

# PROFILE_TOP=N: the warm server's N hottest symbols (the last round's).
if [ -n "${PROFILE_TOP:-}" ]; then
  echo
  echo "warm: hottest symbols"
  perf report -i "$WORK/warm.perf" --no-children --sort dso,sym --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' \
    | sed 's/[0-9a-f]\{64\}-[0-9a-f]*\.cwasm/module.cwasm/' | head -"$PROFILE_TOP"
fi
