#!/usr/bin/env bash
# fngate's HTTP benchmark: req/s and p50/p99 latency of examples/hello-world
# through `fngate serve`, against a bare hyper hello server started by this same
# script in the same run (ratios are what count: absolute numbers drift on shared
# machines). The same function behind key-pair auth + a usage plan, against the
# same route without them, in one server. Rust and JavaScript warm instances
# beside fresh ones. Also the cold start with a warm module cache and idle/peak RSS.
#
# Usage: bench/http.sh [SECONDS]   (default 10 per server; CI runs a short smoke)
# Loopback only; every load run stops by itself. Exit 3: wrk is missing and could
# not be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS=64
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fngate/target}"
# Backtrace capture costs microseconds per guest exit; production runs without it.
unset RUST_BACKTRACE RUST_LIB_BACKTRACE

. bench/common.sh
ensure_wrk

cargo build -q --release -p fngate -p fngate-gateway --bin fngate --example bare_hyper
FNGATE="$CARGO_TARGET_DIR/release/fngate"
BARE="$CARGO_TARGET_DIR/release/examples/bare_hyper"
"$FNGATE" build examples/hello-world >/dev/null 2>&1
scratch

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
LUA

rss_kb() { awk '/^'"$2"':/ {print $2}' "/proc/$1/status"; }

# load NAME URL [WRK ARGS...]: wrk for DURATION seconds; prints "req/s p50_ms p99_ms non2xx".
load() {
  local name=$1 url=$2; shift 2
  wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" "$@" "$url" > "$WORK/$name.wrk"
  wrk_summary "$WORK/$name.wrk"
}

# Bare hyper baseline.
start bare "$BARE" 127.0.0.1:0
read -r BARE_RPS BARE_P50 BARE_P99 BARE_BAD < <(load bare "http://$ADDR/")
kill "$PID"; wait "$PID" 2>/dev/null || true

# Warm the module cache first, as any restart finds it: RSS is then the serving
# footprint, not what cranelift left in the allocator after a first compile.
FNGATE_CACHE_DIR="$CACHE" "$FNGATE" invoke examples/hello-world hello_world >/dev/null 2>&1
start fngate env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin 127.0.0.1:0
curl -sf -o /dev/null -X POST "http://$ADDR/release/hello_world"
IDLE_RSS=$(rss_kb "$PID" VmRSS)
read -r FN_RPS FN_P50 FN_P99 FN_BAD < <(load fngate "http://$ADDR/release/hello_world")
PEAK_RSS=$(rss_kb "$PID" VmHWM)
kill "$PID"; wait "$PID" 2>/dev/null || true

# Metrics collection: the same server with the admin listener (and so metrics) off.
start nometrics env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin off
read -r NM_RPS NM_P50 NM_P99 NM_BAD < <(load nometrics "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true
# The cost is a few percent at most, below the drift between two runs: measure
# on/off once more in the other order and compare the sums.
start nometrics2 env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin off
read -r NM2_RPS _ _ _ < <(load nometrics2 "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true
start metrics2 env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --admin 127.0.0.1:0
read -r FN2_RPS _ _ _ < <(load metrics2 "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true

# Policies: one server, the same module on an open route and on a route with
# key-pair auth (hmac-sha256) and a usage plan that admits everything.
mkdir -p "$WORK/policies"
cp examples/hello-world/hello_world.wasm "$WORK/policies/"
cat > "$WORK/policies/serverless.yml" <<'YAML'
service: bench-policies
provider: {name: tencent, runtime: Wasm}
custom:
  fngate:
    keyPairs: [{secretId: AKIDbench, secretKey: bench-secret}]
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {name: open, parameters: {path: /open, httpMethod: POST, integratedResponse: true}}
      - apigw:
          name: guarded
          parameters:
            path: /guarded
            httpMethod: POST
            integratedResponse: true
            auth: {secretIds: [AKIDbench]}
            usagePlan: {maxRequestNumPreSec: 100000000, maxRequestNum: 1000000000}
YAML
start policies env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/policies" --listen 127.0.0.1:0 --no-watch --admin off
SIGNED=()
while IFS= read -r line; do SIGNED+=(-H "$line"); done < <("$FNGATE" sign --secret-id AKIDbench --secret-key bench-secret)
curl -sf -o /dev/null -X POST "${SIGNED[@]}" "http://$ADDR/release/guarded"
read -r OPEN_RPS OPEN_P50 OPEN_P99 OPEN_BAD < <(load open "http://$ADDR/release/open")
read -r POL_RPS POL_P50 POL_P99 POL_BAD < <(load guarded "http://$ADDR/release/guarded" "${SIGNED[@]}")
kill "$PID"; wait "$PID" 2>/dev/null || true

# JavaScript: the seed's index.js on the built-in engine, beside the Rust hello
# world, under load (64 connections) and alone (1 connection: unloaded latency).
# Its snapshot is cached first, as any restart finds it.
FNGATE_CACHE_DIR="$CACHE" "$FNGATE" invoke examples/hello-world-js hello_world >/dev/null 2>&1
start js env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world-js --listen 127.0.0.1:0 --no-watch --admin off
curl -sf -o /dev/null -X POST "http://$ADDR/release/hello_world"
read -r JS_RPS JS_P50 JS_P99 JS_BAD < <(load js "http://$ADDR/release/hello_world")
JS_PEAK_RSS=$(rss_kb "$PID" VmHWM)
read -r JS1_RPS JS1_P50 JS1_P99 JS1_BAD < <(CONNECTIONS=1 load js1 "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true
start rust1 env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve examples/hello-world --listen 127.0.0.1:0 --no-watch --admin off
read -r RS1_RPS RS1_P50 RS1_P99 RS1_BAD < <(CONNECTIONS=1 load rust1 "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true

# ABIs: the hello world as a WASI 0.2 command component (the SDK built for
# wasm32-wasip2) and as a wasi:http component (tests/fixtures/wasi-http), each
# beside the wasm32-wasip1 module measured above with --admin off.
rustup target list --installed | grep -qx wasm32-wasip2 || rustup target add wasm32-wasip2 >/dev/null
for fixture in wasip2-command wasi-http; do
  cargo build -q --release --locked --target wasm32-wasip2 --target-dir "$CARGO_TARGET_DIR/wasip2-fixtures" \
    --manifest-path "tests/fixtures/$fixture/Cargo.toml"
done
mkdir -p "$WORK/abi"
cp "$CARGO_TARGET_DIR/wasip2-fixtures/wasm32-wasip2/release/p2_hello.wasm" "$WORK/abi/"
cp "$CARGO_TARGET_DIR/wasip2-fixtures/wasm32-wasip2/release/wasi_http_guest.wasm" "$WORK/abi/web.wasm"
cat > "$WORK/abi/serverless.yml" <<'YAML'
service: bench-abi
provider: {name: tencent, runtime: Wasm}
functions:
  p2_hello:
    handler: p2_hello.main_handler
    events: [{apigw: {parameters: {path: /p2, httpMethod: POST, integratedResponse: true}}}]
  web:
    handler: web.handle
    runtime: WasiHttp
    events: [{apigw: {parameters: {path: /web, httpMethod: POST}}}]
YAML
start abi env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/abi" --listen 127.0.0.1:0 --no-watch --admin off
curl -sf -o /dev/null -X POST "http://$ADDR/release/p2"
curl -sf -o /dev/null -X POST "http://$ADDR/release/web"
read -r P2_RPS P2_P50 P2_P99 P2_BAD < <(load p2 "http://$ADDR/release/p2")
read -r WH_RPS WH_P50 WH_P99 WH_BAD < <(load web "http://$ADDR/release/web")
kill "$PID"; wait "$PID" 2>/dev/null || true

# Warm instances of the Rust and the JavaScript (the seed's index.js) hello
# worlds, beside their fresh-instance figures (--admin off, and the snapshot)
# above; bare hyper is the run's baseline.
warm_project warm Wasm hello_world.main_handler examples/hello-world/hello_world.wasm
start warm env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/warm" --listen 127.0.0.1:0 --no-watch --admin off
curl -sf -o /dev/null -X POST "http://$ADDR/release/hello_world"
read -r WR_RPS WR_P50 WR_P99 WR_BAD < <(load warm "http://$ADDR/release/hello_world")
kill "$PID"; wait "$PID" 2>/dev/null || true

warm_project warm-js Nodejs16.13 index.main_handler examples/hello-world-js/index.js
FNGATE_CACHE_DIR="$CACHE" "$FNGATE" invoke "$WORK/warm-js" hello_world >/dev/null 2>&1
start warmjs env FNGATE_CACHE_DIR="$CACHE" "$FNGATE" serve "$WORK/warm-js" --listen 127.0.0.1:0 --no-watch --admin off
curl -sf -o /dev/null -X POST "http://$ADDR/release/hello_world"
read -r WJ_RPS WJ_P50 WJ_P99 WJ_BAD < <(load warmjs "http://$ADDR/release/hello_world")
WJ_PEAK_RSS=$(rss_kb "$PID" VmHWM)
kill "$PID"; wait "$PID" 2>/dev/null || true

# Cold start, measured precisely (process start -> first 200) by the Rust bench.
COLD=$(cargo bench -q -p fngate --bench cold_start 2>/dev/null | grep '^cold start' | sed 's/.*p50 \([0-9.]*\) ms.*/\1/')

awk -v br="$BARE_RPS" -v b50="$BARE_P50" -v b99="$BARE_P99" -v bb="$BARE_BAD" \
    -v fr="$FN_RPS" -v f50="$FN_P50" -v f99="$FN_P99" -v fb="$FN_BAD" \
    -v opr="$OPEN_RPS" -v o99="$OPEN_P99" -v ob="$OPEN_BAD" -v pr="$POL_RPS" -v p50="$POL_P50" -v p99="$POL_P99" -v pb="$POL_BAD" \
    -v jr="$JS_RPS" -v j50="$JS_P50" -v j99="$JS_P99" -v jb="$JS_BAD" -v j1r="$JS1_RPS" -v j150="$JS1_P50" \
    -v r1r="$RS1_RPS" -v r150="$RS1_P50" -v o50="$OPEN_P50" -v nr="$NM_RPS" -v n50="$NM_P50" -v n99="$NM_P99" -v nb="$NM_BAD" -v fr2="$FN2_RPS" -v nr2="$NM2_RPS" -v cold="$COLD" -v idle="$IDLE_RSS" -v peak="$PEAK_RSS" -v jpeak="$JS_PEAK_RSS" -v d="$DURATION" -v c="$CONNECTIONS" \
    -v wr="$WR_RPS" -v w50="$WR_P50" -v w99="$WR_P99" -v wb="$WR_BAD" -v p2r="$P2_RPS" -v p250="$P2_P50" -v p299="$P2_P99" -v p2b="$P2_BAD" -v whr="$WH_RPS" -v wh50="$WH_P50" -v wh99="$WH_P99" -v whb="$WH_BAD" \
    -v wjr="$WJ_RPS" -v wj50="$WJ_P50" -v wj99="$WJ_P99" -v wjb="$WJ_BAD" -v wjpeak="$WJ_PEAK_RSS" 'BEGIN {
  printf "wrk -t2 -c%d -d%ds, POST, loopback, %s\n\n", c, d, strftime("%Y-%m-%d")
  printf "| server | req/s | p50 ms | p99 ms | non-2xx | vs bare hyper |\n|---|---|---|---|---|---|\n"
  printf "| bare hyper hello | %d | %.2f | %.2f | %d | 1.00 |\n", br, b50, b99, bb
  printf "| fngate serve hello-world (metrics on) | %d | %.2f | %.2f | %d | %.2fx req/s, %.2fx p99 |\n", fr, f50, f99, fb, fr / br, f99 / b99
  printf "| fngate serve hello-world, --admin off | %d | %.2f | %.2f | %d | %.2fx req/s, %.2fx p99 |\n", nr, n50, n99, nb, nr / br, n99 / b99
  printf "\nmetrics cost: %.1f%% of throughput (on, off, off, on: %d %d %d %d req/s; sum on / sum off = %.3f)\n", (1 - (fr + fr2) / (nr + nr2)) * 100, fr, nr, nr2, fr2, (fr + fr2) / (nr + nr2)
  printf "\n| same server, same module | req/s | p50 ms | p99 ms | non-2xx | vs open route |\n|---|---|---|---|---|---|\n"
  printf "| open route | %d | %.2f | %.2f | %d | 1.00 |\n", opr, o50, o99, ob
  printf "| auth (hmac-sha256) + usage plan | %d | %.2f | %.2f | %d | %.2fx req/s, %.2fx p99 |\n", pr, p50, p99, pb, pr / opr, p99 / o99
  printf "\n| hello world | req/s (64 conn) | p50 ms | p99 ms | non-2xx | req/s (1 conn) | p50 ms (1 conn) |\n|---|---|---|---|---|---|---|\n"
  printf "| Rust (examples/hello-world) | %d | %.2f | %.2f | %d | %d | %.3f |\n", nr, n50, n99, nb, r1r, r150
  printf "| JavaScript (examples/hello-world-js, boa snapshot) | %d | %.2f | %.2f | %d | %d | %.3f |\n", jr, j50, j99, jb, j1r, j150
  printf "\nJavaScript / Rust req/s at %d connections: %.3f; JavaScript peak RSS under load %.1f MB\n", c, jr / nr, jpeak / 1024
  printf "\n| hello world, by ABI | req/s | p50 ms | p99 ms | non-2xx | vs wasm32-wasip1 |\n|---|---|---|---|---|---|\n"
  printf "| wasm32-wasip1 module (event on stdin) | %d | %.2f | %.2f | %d | 1.00 |\n", nr, n50, n99, nb
  printf "| WASI 0.2 command component (event on stdin) | %d | %.2f | %.2f | %d | %.2fx req/s |\n", p2r, p250, p299, p2b, p2r / nr
  printf "| wasi:http component (the HTTP request) | %d | %.2f | %.2f | %d | %.2fx req/s |\n", whr, wh50, wh99, whb, whr / nr
  printf "\n| Rust hello world | req/s | p50 ms | p99 ms | non-2xx | vs bare hyper |\n|---|---|---|---|---|---|\n"
  printf "| fresh instance per request | %d | %.2f | %.2f | %d | %.2fx req/s, %.2fx p99 |\n", nr, n50, n99, nb, nr / br, n99 / b99
  printf "| warm instances (64) | %d | %.2f | %.2f | %d | %.2fx req/s, %.2fx p99 |\n", wr, w50, w99, wb, wr / br, w99 / b99
  printf "\nwarm / fresh: %.2fx req/s\n", wr / nr
  printf "\n| JavaScript hello world | req/s | p50 ms | p99 ms | non-2xx | vs bare hyper |\n|---|---|---|---|---|---|\n"
  printf "| fresh instance per request (snapshot) | %d | %.2f | %.2f | %d | %.3fx req/s, %.2fx p99 |\n", jr, j50, j99, jb, jr / br, j99 / b99
  printf "| warm instances (64) | %d | %.2f | %.2f | %d | %.3fx req/s, %.2fx p99 |\n", wjr, wj50, wj99, wjb, wjr / br, wj99 / b99
  printf "\nJavaScript warm / fresh: %.2fx req/s; warm peak RSS under load %.1f MB\n", wjr / jr, wjpeak / 1024
  printf "\ncold start (warm module cache, process start -> first 200, p50 of 15): %s ms\n", cold
  printf "RSS: idle %.1f MB, peak under load %.1f MB\n", idle / 1024, peak / 1024
}'
