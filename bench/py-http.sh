#!/usr/bin/env bash
# The Python hello world (examples/hello-world-py) over HTTP: on fresh
# instances, in warm instances, and beside CPython serving the same handler
# from a small http.server (threaded, HTTP/1.1 keep-alive, the event built as
# a dict per request). wrk -t2 -c64 POSTs, ROUNDS rounds of SECONDS each,
# alternating the servers; best req/s of each and its p50/p99. Then the
# latency of one request at a time (wrk -c1) on fresh and warm instances, and
# the RSS of ten Python functions loaded, after one request to each.
#
# Usage: bench/py-http.sh [SECONDS] [ROUNDS]
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
scratch
printf 'wrk.method = "POST"\n' > "$WORK/post.lua"

# The example, fresh and warm, and ten functions of it.
mkdir -p "$WORK/fresh" "$WORK/warm" "$WORK/ten"
cp examples/hello-world-py/index.py "$WORK/fresh/"
cp examples/hello-world-py/index.py "$WORK/warm/"
cp examples/hello-world-py/index.py "$WORK/ten/"
cp examples/hello-world-py/serverless.yml "$WORK/fresh/"
{ cat examples/hello-world-py/serverless.yml
  printf 'custom:\n  fngate:\n    functions:\n      hello_world:\n        warm: {maxInstances: 64, idleSeconds: 600, maxInvocations: 0}\n'; } > "$WORK/warm/serverless.yml"
{ printf 'service: ten\nprovider:\n  name: tencent\n  runtime: Python3.9\nfunctions:\n'
  for i in $(seq 1 10); do
    printf '  f%s:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f%s, integratedResponse: true}}\n' "$i" "$i"
  done; } > "$WORK/ten/serverless.yml"
# Build the Python runtime into this run's cache before anything is timed.
FNGATE_CACHE_DIR="$CACHE" "$FNGATE" check "$WORK/fresh" > /dev/null 2>&1

# The same handler under CPython.
cat > "$WORK/cpython.py" <<'EOF'
import http.server, json, sys, uuid
sys.path.insert(0, sys.argv[1])
from index import main_handler

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode() if length else None
        request_id = uuid.uuid4().hex
        event = {"httpMethod": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                 "queryString": {}, "body": body, "isBase64Encoded": False,
                 "requestContext": {"path": "/hello_world", "httpMethod": "ANY", "stage": "release"}}
        context = {"request_id": request_id, "function_name": "hello_world", "memory_limit_in_mb": 128, "time_limit_in_ms": 3000}
        answer = main_handler(json.loads(json.dumps(event)), context)
        data = answer["body"].encode()
        self.send_response(answer["statusCode"])
        for k, v in answer["headers"].items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
EOF

# run NAME [CONNECTIONS]: one round against a new server.
run() {
  local name=$1 conns=${2:-64}
  case $name in
    cpython) start "$name" python3 "$WORK/cpython.py" "$WORK/fresh" ;;
    *) start "$name" env FNGATE_CACHE_DIR="$CACHE" FNGATE_LOG=warn "$FNGATE" serve "$WORK/${name%-1}" \
         --listen 127.0.0.1:0 --no-watch --admin off ;;
  esac
  curl -sf -o /dev/null -X POST "http://$ADDR/release/hello_world"
  wrk -t"$(( conns < 2 ? 1 : 2 ))" -c"$conns" -d"${DURATION}s" --latency -s "$WORK/post.lua" \
    "http://$ADDR/release/hello_world" > "$WORK/$name.wrk"
  wrk_summary "$WORK/$name.wrk" >> "$WORK/$name.results"
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

for _ in $(seq 1 "$ROUNDS"); do
  for s in fresh warm cpython; do run "$s"; done
done
run fresh-1 1
run warm-1 1

best() { sort -n -r "$WORK/$1.results" | head -1; }
read -r CP_RPS CP_P50 CP_P99 _ < <(best cpython)
echo "| server (wrk -c64, best of $ROUNDS x ${DURATION}s) | req/s | × CPython | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---|---|---|---|"
for s in fresh warm cpython; do
  read -r RPS P50 P99 BAD < <(best "$s")
  printf '| %s | %s | %.2f | %s | %s | %s |\n' "$s" "$RPS" "$(echo "$RPS / $CP_RPS" | bc -l)" "$P50" "$P99" "$BAD"
done
for s in fresh-1 warm-1; do
  read -r RPS P50 P99 _ < <(best "$s")
  echo "one connection, ${s%-1} instances: $RPS req/s, p50 $P50 ms, p99 $P99 ms"
done

# Ten Python functions: RSS once loaded, and after one request to each.
start ten env FNGATE_CACHE_DIR="$CACHE" FNGATE_LOG=warn "$FNGATE" serve "$WORK/ten" --listen 127.0.0.1:0 --no-watch --admin off
LOADED=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
for i in $(seq 1 10); do curl -sf -o /dev/null "http://$ADDR/release/f$i"; done
AFTER=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
HWM=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
echo "ten Python functions: RSS $((LOADED / 1024)) MB loaded, $((AFTER / 1024)) MB after one request each (peak $((HWM / 1024)) MB)"
