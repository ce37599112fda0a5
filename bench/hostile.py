#!/usr/bin/env python3
"""Hostile clients against a real `fngate serve`, beside ordinary load.

First the big-body attack: 200 connections from one address each POSTing
6,000,000 bytes to an open API, again and again, beside ordinary load (to the
hello function, then to echo-event, which copies the body into its answer);
peak RSS against the loaded RSS, RSS 10 s after, the ordinary requests that
failed and their p99 against the unloaded p99 (`--big-bodies-only` runs just
this).

Then every attack of the hostile-client issue runs for SECONDS while wrk keeps
calling an ordinary API: trickling bodies, a connection flood from one address,
Authorization headers naming request-line thousands of times, replayed
signatures, made-up methods, dot-segment paths against an authenticated API,
and an alias-bomb config reload. Reports each attack's answers, the gateway's
RSS during the attacks against its RSS under ordinary load alone, open
descriptors, and the ordinary requests that failed.

With --soak N it then runs N seconds of the same mix plus module and config
reloads, and compares RSS and descriptors at the end with after warm-up.

Loopback only; everything stops by itself. Usage:
  bench/hostile.py [--seconds 10] [--soak 600] [--big-bodies-only]
  FNGATE_BIN=/path/to/fngate bench/hostile.py ...   (another build)
"""
import argparse, base64, hashlib, hmac, os, re, shutil, socket, subprocess, sys, tempfile, threading, time
from email.utils import formatdate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/fngate/target"))
SECRET_ID, SECRET_KEY = "AKIDbench", "bench-secret"
# The binary under test ($FNGATE_BIN: another build, to compare; else this tree's, built first).
BIN = os.environ.get("FNGATE_BIN") or f"{TARGET}/release/fngate"


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, cwd=ROOT, **kw)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        m = re.search(r"VmRSS:\s+(\d+)", f.read())
        return int(m.group(1)) if m else 0


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def request(addr, raw, src="127.0.0.1", timeout=10):
    """Sends raw bytes, returns the status code (0 when closed without an answer)."""
    s = socket.socket()
    s.settimeout(timeout)
    s.bind((src, 0))
    try:
        s.connect(addr)
        s.sendall(raw)
        data = s.recv(4096)
        m = re.match(rb"HTTP/1\.1 (\d+)", data)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0
    finally:
        s.close()


def sign(headers):
    names = " ".join(n for n, _ in headers)
    text = "\n".join(f"{n}: {v}" for n, v in headers)
    sig = base64.b64encode(hmac.new(SECRET_KEY.encode(), text.encode(), hashlib.sha256).digest()).decode()
    return f'hmac id="{SECRET_ID}", algorithm="hmac-sha256", headers="{names}", signature="{sig}"'


class Gateway:
    def __init__(self, project):
        self.proc = subprocess.Popen(
            [BIN, "serve", project, "--listen", "127.0.0.1:0", "--admin", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "FNGATE_CACHE_DIR": os.path.join(project, ".cache")})
        self.admin = None
        for line in self.proc.stdout:
            if line.startswith("admin on http://"):
                self.admin = line.split("//")[1].strip()
            if line.startswith("listening on http://"):
                host, port = line.split("//")[1].strip().split(":")
                self.addr = (host, int(port))
                break
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        self.pid = self.proc.pid

    def metrics(self):
        host, port = self.admin.split(":")
        s = socket.create_connection((host, int(port)))
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        out = b""
        while chunk := s.recv(65536):
            out += chunk
        return out.decode(errors="replace")


def wrk(addr, path, seconds, connections=32, latency=False):
    """(requests, failed), and with `latency` the p99 in ms as a third item."""
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
                          f"http://{addr[0]}:{addr[1]}{path}"], capture_output=True, text=True).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    if not latency:
        return total, failed
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    return total, failed, float(value) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]


def big_bodies(gw, seconds, path, connections=200, size=6_000_000):
    """200 connections from 127.0.0.5 POSTing 6 MB bodies to `path` in a loop
    beside wrk's ordinary load; prints the figures, returns whether they meet
    the issue's bounds."""
    samples = []
    sampling = [True]

    def sample():
        while sampling[0] and gw.proc.poll() is None:
            samples.append(rss_kb(gw.pid))
            time.sleep(0.05)

    # Ordinary load alone: its RSS and p99.
    wrk(gw.addr, "/release/hello", 2)
    t = threading.Thread(target=sample, daemon=True)
    t.start()
    _, _, p99_alone = wrk(gw.addr, "/release/hello", seconds, latency=True)
    loaded = max(samples)
    samples.clear()
    answers, stop = {}, time.time() + seconds
    lock = threading.Lock()
    body = b"x" * size
    head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()

    def attacker():
        while time.time() < stop:
            s = socket.socket()
            s.settimeout(30)
            s.bind(("127.0.0.5", 0))
            status = "error"
            try:
                s.connect(gw.addr)
                s.sendall(head)
                try:
                    s.sendall(body)
                except OSError:
                    pass  # refused before the body: the answer is waiting
                data = s.recv(64)
                m = re.match(rb"HTTP/1\.1 (\d+)", data)
                status = int(m.group(1)) if m else "closed"
            except OSError:
                pass
            finally:
                s.close()
            with lock:
                answers[status] = answers.get(status, 0) + 1

    threads = [threading.Thread(target=attacker) for _ in range(connections)]
    for th in threads:
        th.start()
    total, failed, p99 = wrk(gw.addr, "/release/hello", seconds, latency=True)
    for th in threads:
        th.join()
    peak = max(samples)
    time.sleep(10)
    sampling[0] = False
    after = rss_kb(gw.pid)
    print(f"\nbig bodies: {connections} connections x {size} bytes to {path} for {seconds} s")
    print(f"  answers: " + ", ".join(f"{k}: {v}" for k, v in sorted(answers.items(), key=str)))
    print(f"  RSS: loaded {loaded / 1024:.1f} MB, peak {peak / 1024:.1f} MB ({peak / loaded:.2f}x), "
          f"10 s after {after / 1024:.1f} MB ({after / loaded:.2f}x)")
    print(f"  ordinary: {total} requests, {failed} failed; p99 {p99:.2f} ms against {p99_alone:.2f} ms alone "
          f"({p99 / p99_alone:.2f}x)")
    ok = peak <= 2 * loaded and after <= 1.25 * loaded and failed == 0 and p99 <= 3 * p99_alone
    print(f"  within the bounds (peak <= 2x, after <= 1.25x, 0 failed, p99 <= 3x): {'yes' if ok else 'NO'}")
    return ok


def attacks(gw, seconds, project, results):
    """Runs every attack for `seconds`, counting the answers each got."""
    stop = time.time() + seconds
    addr = gw.addr

    def count(name, status):
        results.setdefault(name, {}).setdefault(status, 0)
        results[name][status] += 1

    def trickle():
        conns, started = [], time.time()
        for _ in range(300):
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            try:
                s.connect(addr)
                s.sendall(b"POST /release/hello HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000\r\n\r\nx")
                conns.append(s)
            except OSError:
                count("trickling body (300 from 127.0.0.2)", "refused")
        # A byte every 2 s; the gateway gives a body 30 s: read the answers
        # once that has passed.
        while time.time() < max(stop, started + 31):
            for s in conns:
                try:
                    s.sendall(b"x")
                except OSError:
                    pass
            time.sleep(2)
        for s in conns:
            s.settimeout(0.2)
            try:
                data = s.recv(64)
                count("trickling body (300 from 127.0.0.2)", int(data[9:12]) if data else "closed")
            except OSError:
                count("trickling body (300 from 127.0.0.2)", "open at the end")
            s.close()

    def flood():
        held = []
        for _ in range(2000):
            s = socket.socket()
            s.bind(("127.0.0.3", 0))
            try:
                s.connect(addr)
                held.append(s)
            except OSError:
                count("connection flood (2000 from 127.0.0.3)", "connect failed")
        time.sleep(1)
        for s in held:
            s.setblocking(False)
            try:
                closed = s.recv(1) == b""
            except BlockingIOError:
                closed = False
            except OSError:
                closed = True
            count("connection flood (2000 from 127.0.0.3)", "closed at once" if closed else "held")
        while time.time() < stop:
            time.sleep(0.2)
        for s in held:
            s.close()

    def loop(name, make):
        while time.time() < stop:
            count(name, request(addr, make(), src="127.0.0.4"))

    date = lambda: formatdate(usegmt=True)
    bomb_names = "x-date " + " ".join(["request-line"] * 4000)
    threads = [
        threading.Thread(target=trickle),
        threading.Thread(target=flood),
        threading.Thread(target=loop, args=("auth header naming request-line 4000 times", lambda: (
            f"GET /release/signed?{'a' * 8000} HTTP/1.1\r\nHost: x\r\nX-Date: {date()}\r\n"
            f'Authorization: hmac id="{SECRET_ID}", algorithm="hmac-sha256", headers="{bomb_names}", signature="x"\r\n\r\n').encode())),
        threading.Thread(target=loop, args=("replayed signature, fresh unsigned date", lambda: (
            f"GET /release/signed HTTP/1.1\r\nHost: x\r\nSource: s\r\nX-Date: {date()}\r\n"
            f"Authorization: {sign([('source', 's')])}\r\n\r\n").encode())),
        threading.Thread(target=loop, args=("made-up methods", lambda: (
            f"M{os.urandom(4).hex().upper()} /release/hello HTTP/1.1\r\nHost: x\r\n\r\n").encode())),
        threading.Thread(target=loop, args=("dot-segment paths to the signed API", lambda: (
            f"GET /release/x/..//./%73igned HTTP/1.1\r\nHost: x\r\n\r\n").encode())),
    ]
    for t in threads:
        t.start()
    # An alias bomb written as the config, then the good config back.
    yml = os.path.join(project, "serverless.yml")
    good = open(yml).read()
    bomb = good + "custom:\n  l0: &l0 [\"lol\"]\n" + "".join(
        f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 10))
    open(yml, "w").write(bomb)
    time.sleep(1)
    open(yml, "w").write(good)
    for t in threads:
        t.join()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--soak", type=int, default=0)
    ap.add_argument("--big-bodies-only", action="store_true")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        sys.exit(3)
    env = {**os.environ, "CARGO_TARGET_DIR": TARGET}
    if not os.environ.get("FNGATE_BIN"):
        sh("cargo", "build", "-q", "--release", "-p", "fngate", env=env)
    sh(f"{TARGET}/release/fngate", "build", "examples/hello-world", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sh(f"{TARGET}/release/fngate", "build", "examples/echo-event", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    project = tempfile.mkdtemp(prefix="fngate-hostile-")
    shutil.copy(f"{ROOT}/examples/hello-world/hello_world.wasm", project)
    shutil.copy(f"{ROOT}/examples/echo-event/echo_event.wasm", project)
    shutil.copy(f"{ROOT}/tests/fixtures/v1.wat", f"{project}/swap.wat")
    open(f"{project}/serverless.yml", "w").write(f"""service: hostile
provider: {{name: tencent, runtime: Wasm}}
custom:
  fngate:
    keyPairs: [{{secretId: {SECRET_ID}, secretKey: {SECRET_KEY}}}]
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - {{apigw: {{parameters: {{path: /hello, integratedResponse: true}}}}}}
      - {{apigw: {{parameters: {{path: /upload, integratedResponse: true}}}}}}
  echo_event:
    handler: echo_event.main_handler
    events:
      - {{apigw: {{parameters: {{path: /signed, auth: {{secretIds: [{SECRET_ID}]}}}}}}}}
      - {{apigw: {{parameters: {{path: /echo}}}}}}
  swap:
    handler: swap.main
    events: [{{apigw: {{parameters: {{path: /swap}}}}}}]
""")
    gw = Gateway(project)
    try:
        s = args.seconds
        # The hello function on a route of its own (an upload it ignores), and
        # echo-event, which holds the body twice more and sends it back.
        big_bodies(gw, s, "/release/upload")
        big_bodies(gw, s, "/release/echo")
        if args.big_bodies_only:
            return
        wrk(gw.addr, "/release/hello", 2)
        samples = []
        def sample():
            while gw.proc.poll() is None:
                samples.append(rss_kb(gw.pid))
                time.sleep(0.1)
        threading.Thread(target=sample, daemon=True).start()
        total, bad = wrk(gw.addr, "/release/hello", s)
        loaded = max(samples)
        samples.clear()
        fds_before = fds(gw.pid)
        results = {}
        attack = threading.Thread(target=attacks, args=(gw, s, project, results))
        attack.start()
        a_total, a_bad = wrk(gw.addr, "/release/hello", s + 30)
        attack.join()
        attacked = max(samples)
        time.sleep(1)
        metrics = gw.metrics()
        print(f"\nordinary load alone: {total} requests, {bad} failed; RSS {loaded / 1024:.1f} MB")
        print(f"ordinary load during the attacks (and the 30 s the trickling bodies are given): {a_total} requests, {a_bad} failed")
        print(f"RSS during the attacks: peak {attacked / 1024:.1f} MB = {attacked / loaded:.2f}x the loaded RSS")
        print(f"open descriptors: {fds_before} before the attacks, {fds(gw.pid)} after")
        refused = dict(re.findall(r'fngate_connections_refused_total\{reason="(\w+)"\} (\d+)', metrics))
        print(f"/metrics: {len(metrics)} bytes; connections refused: {refused}")
        print("\n| attack | answers |\n|---|---|")
        for name, answers in results.items():
            print(f"| {name} | " + ", ".join(f"{k}: {v}" for k, v in sorted(answers.items(), key=str)) + " |")
        if args.soak:
            soak(gw, project, args.soak)
    finally:
        gw.proc.terminate()
        gw.proc.wait()
        shutil.rmtree(project, ignore_errors=True)


def soak(gw, project, seconds):
    """Mixed ordinary load, attacks and reloads for `seconds`; RSS and
    descriptors at the end against after warm-up."""
    def round_of(rounds):
        """One round: a module reload, a config reload, 10 s of attacks beside wrk."""
        src = f"{ROOT}/tests/fixtures/{'v2' if rounds % 2 else 'v1'}.wat"
        shutil.copy(src, f"{project}/swap.tmp")
        os.rename(f"{project}/swap.tmp", f"{project}/swap.wat")
        with open(f"{project}/serverless.yml", "a") as f:
            f.write(f"# soak round {rounds}\n")
        results = {}
        attack = threading.Thread(target=attacks, args=(gw, 10, project, results))
        attack.start()
        t, b = wrk(gw.addr, "/release/hello", 10)
        attack.join()
        return t, b

    # Warm-up: one round of the whole mix, then the attack connections settle.
    round_of(0)
    time.sleep(35)
    wrk(gw.addr, "/release/hello", 5)
    time.sleep(2)  # wrk's own connections close
    rss0, fds0 = rss_kb(gw.pid), fds(gw.pid)
    end = time.time() + seconds
    failed = total = rounds = 0
    while time.time() < end:
        rounds += 1
        t, b = round_of(rounds)
        total, failed = total + t, failed + b
        print(f"round {rounds}: RSS {rss_kb(gw.pid) / 1024:.1f} MB, {fds(gw.pid)} descriptors", flush=True)
    time.sleep(35)  # let held attack connections time out on the gateway side
    wrk(gw.addr, "/release/hello", 5)
    time.sleep(2)
    rss1, fds1 = rss_kb(gw.pid), fds(gw.pid)
    print(f"\nsoak: {seconds} s, {rounds} rounds of attacks + a module and a config reload each")
    print(f"ordinary requests: {total}, failed: {failed}")
    print(f"RSS after warm-up {rss0 / 1024:.1f} MB, at the end {rss1 / 1024:.1f} MB ({(rss1 - rss0) / rss0 * 100:+.1f} %)")
    print(f"open descriptors after warm-up {fds0}, at the end {fds1}")


if __name__ == "__main__":
    main()
