#!/usr/bin/env bash
# Tenant isolation under load: the p99 latency of one function (hello-world)
# alone, and again while another function of the same gateway is flooded by
# sleepers (64 connections against a pool of 16 instance slots, each sleeper
# waiting in a WASI clock call until its 3 s timeout; a refused one retries
# after 100 ms). The ratio is what counts: loaded p99 / unloaded p99.
#
# Usage: bench/isolation.sh [SECONDS]   (default 10 per measurement)
# Loopback only; every load run stops by itself. Exit 3: wrk is missing and
# could not be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

. bench/common.sh
ensure_wrk

cargo build -q --release -p fngate --bin fngate
FNGATE="$CARGO_TARGET_DIR/release/fngate"
"$FNGATE" build examples/hello-world >/dev/null 2>&1
WORK="$(mktemp -d)"
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; jobs -p | xargs -r kill 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cp examples/hello-world/hello_world.wasm "$WORK/"
cp tests/fixtures/sleep_forever.wat "$WORK/sleeper.wat"
cat > "$WORK/serverless.yml" <<'YAML'
service: bench-isolation
provider: {name: tencent, runtime: Wasm}
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {parameters: {path: /hello, httpMethod: POST, integratedResponse: true}}
  sleeper:
    handler: sleeper.main
    timeout: 3
    events:
      - apigw: {parameters: {path: /sleeper, httpMethod: POST, serviceTimeout: 5}}
YAML
cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
LUA
cat > "$WORK/sleeper.lua" <<'LUA'
wrk.method = "POST"
function delay() return 100 end
LUA

FNGATE_MAX_INSTANCES=16 FNGATE_CACHE_DIR="$WORK/cache" "$FNGATE" serve "$WORK" --listen 127.0.0.1:0 \
  --no-watch --admin off > "$WORK/serve.out" 2> "$WORK/serve.err" &
PID=$!
ADDR=$(wait_listening "$WORK/serve.out")
[ -n "$ADDR" ] || { echo "fngate did not start" >&2; cat "$WORK/serve.err" >&2; exit 1; }

# load NAME URL [WRK ARGS...]: prints "req/s p50_ms p99_ms non2xx".
load() {
  local name=$1 url=$2; shift 2
  wrk -t1 -c8 -d"${DURATION}s" --latency -s "$WORK/post.lua" "$@" "$url" > "$WORK/$name.wrk"
  wrk_summary "$WORK/$name.wrk"
}

HELLO="http://$ADDR/release/hello"
curl -sf -o /dev/null -X POST "$HELLO"
read -r U_RPS U_P50 U_P99 U_BAD < <(load unloaded "$HELLO")
wrk -t1 -c64 -d"$((DURATION + 4))s" --timeout 10s -s "$WORK/sleeper.lua" "http://$ADDR/release/sleeper" \
  > "$WORK/flood.wrk" &
FLOOD=$!
sleep 2
read -r L_RPS L_P50 L_P99 L_BAD < <(load loaded "$HELLO")
wait "$FLOOD"
SLEEPER=$(awk '/requests in/ {r=$1} /Non-2xx/ {b=$NF} END {printf "%d requests, %d non-2xx", r, b}' "$WORK/flood.wrk")

echo
echo "| hello-world, 8 connections | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|"
printf "| alone | %d | %.3f | %.3f | %d |\n" "$U_RPS" "$U_P50" "$U_P99" "$U_BAD"
printf "| beside 64 sleepers on 16 slots | %d | %.3f | %.3f | %d |\n" "$L_RPS" "$L_P50" "$L_P99" "$L_BAD"
awk -v u="$U_P99" -v l="$L_P99" 'BEGIN { printf "p99 loaded / alone: %.2fx\n", l / u }'
echo "sleeper flood: $SLEEPER (429s are the refused ones; 200s timed out, the seed's rule)"
