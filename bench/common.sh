# Shared by the bench scripts (sourced): wrk, and reading its report.

# Installs wrk from Debian's packages when missing; exit 3 when it cannot.
ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)" >&2
    { apt-get update -qq && apt-get install -y -qq wrk; } >/dev/null 2>&1 \
      || { echo "cannot install wrk: install it with your package manager" >&2; exit 3; }
  fi
}

# wrk_summary FILE: a `wrk --latency` report as "req/s p50_ms p99_ms non2xx".
wrk_summary() {
  awk '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, bad + 0 }' "$1"
}

# wait_listening FILE: the address in the `listening on http://ADDR` line a
# starting fngate writes to FILE, after waiting up to 30 s for it; empty if none.
wait_listening() {
  local addr=
  for _ in $(seq 1 600); do
    addr=$(sed -n 's|^listening on http://||p' "$1")
    [ -n "$addr" ] && break
    sleep 0.05
  done
  echo "$addr"
}

# start NAME CMD...: runs a server, waits for its `listening on` line, sets ADDR and PID
# (and adds PID to PIDS; WORK is the caller's scratch directory).
start() {
  local name=$1; shift
  "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" &
  PID=$!
  PIDS+=("$PID")
  ADDR=$(wait_listening "$WORK/$name.out")
  [ -n "$ADDR" ] && return 0
  echo "$name did not start" >&2; cat "$WORK/$name.err" >&2; exit 1
}

# scratch: makes CACHE (a module cache) and WORK (scratch files) and an empty
# PIDS; on exit, kills the servers in PIDS and removes both.
scratch() {
  CACHE="$(mktemp -d)"
  WORK="$(mktemp -d)"
  PIDS=()
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$CACHE" "$WORK"' EXIT
}

# warm_project NAME RUNTIME HANDLER FILE: a project of the hello world FILE
# in $WORK/NAME with 64 warm instances (one per wrk connection, so none
# overflows to a fresh instance), routed at POST /hello_world.
warm_project() {
  mkdir -p "$WORK/$1"
  cp "$4" "$WORK/$1/"
  cat > "$WORK/$1/serverless.yml" <<YAML
service: bench-$1
provider: {name: tencent, runtime: $2}
custom:
  fngate:
    functions:
      hello_world: {warm: {maxInstances: 64, idleSeconds: 60}}
functions:
  hello_world:
    handler: $3
    events: [{apigw: {parameters: {path: /hello_world, httpMethod: POST, integratedResponse: true}}}]
YAML
}

# fngate_bin: sets FNGATE to $FNGATE_BIN when given, else to this checkout's
# release binary, built first.
fngate_bin() {
  FNGATE="${FNGATE_BIN:-$CARGO_TARGET_DIR/release/fngate}"
  [ -n "${FNGATE_BIN:-}" ] || cargo build -q --release -p fngate --bin fngate
}
