#!/usr/bin/env python3
"""A local fngate cluster, and the checks that scale-out keeps its promises.

Starts a real redis-server and HAProxy (Debian's packages, installed when
missing) and three `fngate serve --state redis://...` replicas of one project on
loopback ports, HAProxy health-checking each replica's admin /readyz with its
retries off. Then, through HAProxy under concurrent load:

  quota      a `maxRequestNum: 1000` API admits exactly 1000 requests
  rate       a `maxRequestNumPreSec: 100` API admits 100/s (+ one second's
             burst) across the three replicas, not 300/s
  restart    each replica in turn gets SIGTERM and is started again while the
             load runs: no client request may fail (the drain keeps them whole)
  outage     Redis stopped and started mid-run: the replicas (stateFailure:
             open) keep answering, a stateFailure: closed gateway answers 503
             until Redis is back, and both recover without a restart
  cost       the per-request cost of the shared store against in-memory usage
             plans, wrk against one replica of each kind in the same run

Exits 1 when a check fails, 3 when a package cannot be installed. Loopback
only; every phase stops by itself. Usage:
  bench/cluster.py [--seconds 5]    (CI runs --seconds 1 as a smoke)
"""
import argparse, http.client, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/fngate/target"))
FNGATE = f"{TARGET}/release/fngate"

PROJECT = """service: cluster
provider: {name: tencent, runtime: Wasm}
custom:
  fngate:
    stateFailure: %(failure)s
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {parameters: {path: /quota, usagePlan: {maxRequestNum: 1000}}}
      - apigw: {parameters: {path: /rate, usagePlan: {maxRequestNumPreSec: 100}}}
      - apigw: {parameters: {path: /metered, usagePlan: {maxRequestNum: 4000000000}}}
      - apigw: {parameters: {path: /free}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure(binary, package):
    if shutil.which(binary):
        return
    print(f"installing {package} (Debian package)", file=sys.stderr)
    quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                 env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    ok = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], **quiet).returncode == 0
    if not ok:
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        ok = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package], **quiet).returncode == 0
    if not ok or not shutil.which(binary):
        print(f"cannot install {package}: install it with your package manager", file=sys.stderr)
        sys.exit(3)


def wait_port(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise SystemExit(f"nothing listens on {port} after {seconds} s")


def get(port, path, method="GET"):
    """One request on a fresh connection: (status, body)."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request(method, path)
        r = c.getresponse()
        return r.status, r.read().decode(errors="replace")
    finally:
        c.close()


class Redis:
    def __init__(self, work):
        self.port, self.work = free_port(), work
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()

    def cli(self, *args):
        return subprocess.run(["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True).stdout.strip()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class Replica:
    """One `fngate serve` on fixed ports, so a restart comes back where HAProxy looks."""

    def __init__(self, name, project, work, state, drain):
        self.name, self.project, self.work, self.state, self.drain = name, project, work, state, drain
        self.port, self.admin = free_port(), free_port()
        self.restarts = 0
        self.start()

    def start(self):
        args = [FNGATE, "serve", self.project, "--listen", f"127.0.0.1:{self.port}",
                "--admin", f"127.0.0.1:{self.admin}", "--drain", str(self.drain), "--no-watch"]
        if self.state:
            args += ["--state", self.state]
        log = open(os.path.join(self.work, f"{self.name}.{self.restarts}.log"), "w")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                     env={**os.environ, "FNGATE_CACHE_DIR": os.path.join(self.work, "cache")})
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if get(self.admin, "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.name} exited: see {log.name}")
            time.sleep(0.02)
        raise SystemExit(f"{self.name} not ready after 60 s")

    def stop(self):
        """SIGTERM, then wait for it to drain and exit (as a rolling restart does)."""
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=self.drain + 30)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def metric(self, name):
        body = get(self.admin, "/metrics")[1]
        m = re.search(rf"^{re.escape(name)} (\S+)$", body, re.M)
        return float(m.group(1)) if m else 0.0


class HAProxy:
    def __init__(self, work, replicas):
        self.port, self.sock = free_port(), os.path.join(work, "haproxy.sock")
        servers = "\n".join(
            f"  server {r.name} 127.0.0.1:{r.port} check port {r.admin}" for r in replicas)
        cfg = f"""global
  maxconn 4096
  stats socket {self.sock} level admin
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 30s
  # No retries, no redispatch: a request sent to a replica that is going away
  # fails, so only fngate's drain can keep the rolling restart clean.
  retries 0
  retry-on none
  no option redispatch
frontend web
  bind 127.0.0.1:{self.port}
  default_backend fngate
backend fngate
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 100ms fall 1 rise 2
{servers}
"""
        path = os.path.join(work, "haproxy.cfg")
        with open(path, "w") as f:
            f.write(cfg)
        self.proc = subprocess.Popen(["haproxy", "-db", "-f", path], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "haproxy.log"), "w"))
        wait_port(self.port)
        self.wait_up([r.name for r in replicas])

    def states(self):
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.sock)
            s.sendall(b"show stat\n")
            out = b""
            while chunk := s.recv(65536):
                out += chunk
        rows = [line.split(",") for line in out.decode().splitlines() if line and not line.startswith("#")]
        return {row[1]: row[17] for row in rows if row[0] == "fngate" and row[1] not in ("BACKEND", "FRONTEND")}

    def wait_up(self, names, seconds=30):
        deadline = time.time() + seconds
        while time.time() < deadline:
            states = self.states()
            if all(states.get(n, "").startswith("UP") for n in names):
                return
            time.sleep(0.05)
        raise SystemExit(f"HAProxy never saw {names} up: {self.states()}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Load:
    """Threads calling `path` through keep-alive connections until stopped
    (or `total` requests are sent), counting statuses; 0 is a failed request."""

    def __init__(self, port, path, threads=8, total=None):
        self.port, self.path, self.total = port, path, total
        self.counts, self.sent, self.lock = {}, 0, threading.Lock()
        self.errors = []
        self.running = True
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]
        self.started = time.time()
        for t in self.threads:
            t.start()

    def take(self):
        with self.lock:
            if not self.running or (self.total is not None and self.sent >= self.total):
                return False
            self.sent += 1
            return True

    def run(self):
        conn = None
        while self.take():
            try:
                conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("POST", self.path, body=b"")
                r = conn.getresponse()
                r.read()
                status = r.status
                if r.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException) as e:
                status = 0
                with self.lock:
                    self.errors.append(repr(e))
                if conn:
                    conn.close()
                conn = None
            with self.lock:
                self.counts[status] = self.counts.get(status, 0) + 1

    def stop(self):
        self.running = False
        return self.join()

    def join(self):
        for t in self.threads:
            t.join()
        self.elapsed = time.time() - self.started
        return self

    def count(self, status):
        return self.counts.get(status, 0)

    def failed(self):
        return sum(n for s, n in self.counts.items() if s not in (200, 429))


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(port, path, seconds):
    """req/s, p50 ms, p99 ms of `wrk -c16` POSTing to one replica."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write('wrk.method = "POST"\n')
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", f.name,
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
    os.unlink(f.name)

    def ms(v):
        n = float(re.match(r"[\d.]+", v).group())
        return n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and not v.endswith("ms") else n
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(bad.group(1)) if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=5, help="length of the rate, outage and cost phases")
    args = ap.parse_args()
    secs = args.seconds
    for binary, package in [("redis-server", "redis-server"), ("redis-cli", "redis-tools"),
                            ("haproxy", "haproxy"), ("wrk", "wrk")]:
        ensure(binary, package)
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "fngate", "--bin", "fngate"], cwd=ROOT, check=True)
    subprocess.run([FNGATE, "build", "examples/hello-world"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    work = tempfile.mkdtemp(prefix="fngate-cluster-")
    procs, problems, figures = [], [], {}
    try:
        projects = {}
        for failure in ("open", "closed"):
            d = os.path.join(work, f"project-{failure}")
            os.makedirs(d)
            shutil.copy(os.path.join(ROOT, "examples/hello-world/hello_world.wasm"), d)
            with open(os.path.join(d, "serverless.yml"), "w") as f:
                f.write(PROJECT % {"failure": failure})
            projects[failure] = d
        redis = Redis(work)
        procs.append(redis)
        # The drain must outlast HAProxy noticing /readyz (100 ms checks, fall 1).
        drain = 1 if secs < 3 else 5
        replicas = [Replica(f"r{i}", projects["open"], work, redis.url, drain) for i in (1, 2, 3)]
        procs += replicas
        lb = HAProxy(work, replicas)
        procs.append(lb)
        check = lambda ok, what: ok or problems.append(what)

        # 1. Quota: exactly 1000 of 1500 concurrent requests, over three replicas.
        load = Load(lb.port, "/release/quota", threads=16, total=1500).join()
        figures["quota"] = (load.count(200), load.count(429), load.failed())
        check(load.count(200) == 1000 and load.count(429) == 500, f"quota: {load.counts}")

        # 2. Rate: 100/s shared; three in-memory buckets would admit about 300/s.
        load = Load(lb.port, "/release/rate", threads=16)
        time.sleep(max(secs, 1))
        load.stop()
        expected = 100 * load.elapsed + 100
        error = (load.count(200) - expected) / expected
        figures["rate"] = (load.count(200), load.elapsed, expected, error, sum(load.counts.values()))
        check(abs(error) <= 0.10 and load.failed() == 0, f"rate: {load.counts} vs {expected:.0f} expected")

        # 3. Rolling restart under continuous load, HAProxy retries off.
        load = Load(lb.port, "/release/free", threads=8)
        time.sleep(0.5)
        restart_started = time.time()
        for r in replicas:
            r.stop()
            r.restarts += 1
            r.start()
            lb.wait_up([r.name])
        restart_secs = time.time() - restart_started
        time.sleep(0.5)
        load.stop()
        total = sum(load.counts.values())
        figures["restart"] = (total, load.failed(), restart_secs, drain)
        check(load.failed() == 0 and total > 0, f"rolling restart: {load.counts} {load.errors[:3]}")
        # The count is in Redis, not in the replicas: still spent after all three restarted.
        status, _ = get(lb.port, "/release/quota", "POST")
        check(status == 429, f"quota after the restarts: {status}")

        # 4. Redis outage: open replicas keep serving, a closed gateway answers 503.
        closed = Replica("closed", projects["closed"], work, redis.url, drain)
        procs.append(closed)
        load = Load(lb.port, "/release/metered", threads=8)
        time.sleep(max(secs / 2, 0.5))
        redis.stop()
        outage_started = time.time()
        time.sleep(0.3)
        during = get(closed.port, "/release/metered", "POST")
        time.sleep(max(secs / 2, 0.5))
        redis.start()
        outage = time.time() - outage_started
        deadline = time.time() + 10
        while time.time() < deadline and get(closed.port, "/release/metered", "POST")[0] != 200:
            time.sleep(0.05)
        recovered = time.time() - (outage_started + outage)
        time.sleep(max(secs / 2, 0.5))
        load.stop()
        up = [r.metric("fngate_usage_store_up") for r in replicas]
        fallbacks = sum(r.metric('fngate_usage_store_fallbacks_total{mode="open"}') for r in replicas)
        after = get(closed.port, "/release/metered", "POST")[0]
        figures["outage"] = (sum(load.counts.values()), load.failed(), outage, during, recovered, fallbacks, up)
        check(load.failed() == 0 and load.count(200) == sum(load.counts.values()), f"outage (open): {load.counts}")
        check(during == (503, '{"message":"usage plan store unavailable"}'), f"outage (closed): {during}")
        check(after == 200 and all(u == 1 for u in up), f"recovery: closed {after}, store up {up}")
        check(fallbacks > 0, "no request was decided without the store during the outage")
        closed.kill()

        # 5. Cost: the same limited API, shared (replica r1) against in-memory
        # (a replica without --state), beside the unlimited API, in this run.
        local = Replica("memory", projects["open"], work, None, drain)
        procs.append(local)
        cost_secs = max(int(secs), 1)
        sums = (replicas[0].metric("fngate_usage_store_round_trip_seconds_sum"),
                replicas[0].metric("fngate_usage_store_round_trip_seconds_count"))
        redis_cpu = cpu_seconds(redis.proc.pid)
        shared = wrk(replicas[0].port, "/release/metered", cost_secs)
        redis_cpu = cpu_seconds(redis.proc.pid) - redis_cpu
        trips = (replicas[0].metric("fngate_usage_store_round_trip_seconds_sum") - sums[0],
                 replicas[0].metric("fngate_usage_store_round_trip_seconds_count") - sums[1])
        memory = wrk(local.port, "/release/metered", cost_secs)
        free = wrk(local.port, "/release/free", cost_secs)
        per_trip = (lambda v: v / trips[1] * 1e6 if trips[1] else 0)
        figures["cost"] = (shared, memory, free, per_trip(trips[0]), per_trip(redis_cpu))
        check(shared[3] == 0 and memory[3] == 0, f"cost: non-2xx {shared[3]} shared, {memory[3]} in memory")
    finally:
        for p in reversed(procs):
            try:
                p.kill() if isinstance(p, Replica) else p.stop()
            except Exception:
                pass

    q, r, s, o, c = (figures.get(k) for k in ("quota", "rate", "restart", "outage", "cost"))
    print(f"cluster: 3 fngate replicas behind HAProxy (retries off), usage plans in Redis; phases of {secs:g} s")
    if q:
        print(f"quota      maxRequestNum 1000, 1500 requests on 16 connections: {q[0]} admitted, {q[1]} refused (429), {q[2]} failed")
    if r:
        print(f"rate       maxRequestNumPreSec 100 for {r[1]:.1f} s: {r[0]} admitted of {r[4]} (expected {r[2]:.0f}: error {r[3] * 100:+.1f} %)")
    if s:
        print(f"restart    each replica SIGTERM + start in turn (drain {s[3]} s, {s[2]:.1f} s in all): {s[1]} failed of {s[0]} requests")
    if o:
        print(f"outage     Redis down {o[2]:.1f} s: open replicas {o[1]} failed of {o[0]} ({o[5]:.0f} decided locally); "
              f"closed gateway answered {o[3][0]} {o[3][1]}; back to 200 {o[4]:.2f} s after Redis; store up {o[6]}")
    if c:
        (sr, s50, s99, _), (mr, m50, m99, _), (fr, f50, f99, _), trip, redis_us = c
        print(f"cost       wrk -c16 on one replica: shared {sr:.0f} req/s p50 {s50:.3f} ms p99 {s99:.3f} ms; "
              f"in memory {mr:.0f} req/s p50 {m50:.3f} ms p99 {m99:.3f} ms; no plan {fr:.0f} req/s; "
              f"shared/in-memory {sr / mr:.2f}x req/s, +{(s50 - m50) * 1000:.0f} us p50; store round trip {trip:.0f} us mean, "
              f"Redis CPU {redis_us:.0f} us per request")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        print(f"logs kept in {work}", file=sys.stderr)
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
