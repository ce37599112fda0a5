#!/usr/bin/env python3
"""A project of many JavaScript functions sharing one large node_modules.

Generates a project of --functions Node.js functions (default 60) in one code
directory whose node_modules holds at least --mb megabytes (default 60) of
packages; each function requires three of them (about 150 KB of JavaScript
between them, as real handlers load a framework and a few helpers), the rest
is never loaded, as most of a real node_modules is not. Then measures
`fngate serve`:
  - cold: an empty module cache, from start to "listening";
  - warm: the same project restarted on that cache;
  - RSS of the gateway after loading (VmRSS), and after one request to each
    function; and every function answers.
FNGATE_BIN=/path/to/fngate measures another build. Usage:
  bench/js-scale.py [--functions 60] [--mb 60]
"""
import argparse, os, shutil, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/fngate/target"))
BIN = os.environ.get("FNGATE_BIN") or f"{TARGET}/release/fngate"

PACKAGES = 100
FILES_PER_PACKAGE = 10


def module_source(pkg, n, size):
    """About `size` bytes of plain CommonJS: small functions and a table."""
    out, i = [f"'use strict';\n// package {pkg}, file {n}\n"], 0
    total = len(out[0])
    while total < size:
        line = (f"exports.f{i} = function f{i}(x) {{ const s = String(x) + '-{pkg}-{n}-{i}';"
                f" return s.length > {i % 17} ? s.toUpperCase() : s.split('').reverse().join(''); }};\n"
                f"exports.t{i} = {{ id: {i}, name: 'entry {i} of {pkg}', tags: ['a', 'b', '{n}'], weight: {i / 7:.4f} }};\n")
        out.append(line)
        total += len(line)
        i += 1
    return "".join(out)


def generate(project, functions, mb):
    modules = os.path.join(project, "node_modules")
    file_size = mb * 1_000_000 // (PACKAGES * FILES_PER_PACKAGE) + 1
    for p in range(PACKAGES):
        d = os.path.join(modules, f"pkg{p}")
        os.makedirs(os.path.join(d, "lib"))
        with open(os.path.join(d, "package.json"), "w") as f:
            f.write(f'{{"name": "pkg{p}", "version": "1.0.{p}", "main": "index.js"}}\n')
        # index.js loads two of its files (about 50 KB); the other eight are never loaded.
        with open(os.path.join(d, "index.js"), "w") as f:
            f.write("module.exports = Object.assign({}, require('./lib/m0'), require('./lib/m1'));\n")
        for n in range(FILES_PER_PACKAGE):
            with open(os.path.join(d, "lib", f"m{n}.js"), "w") as f:
                f.write(module_source(p, n, file_size))
    yml = ["service: scale", "provider:", "  name: tencent", "  runtime: Nodejs16.13", "functions:"]
    for i in range(functions):
        deps = [(i * 7 + k * 13) % PACKAGES for k in range(3)]
        with open(os.path.join(project, f"fn{i}.js"), "w") as f:
            f.write("".join(f"const p{k} = require('pkg{d}');\n" for k, d in enumerate(deps)))
            f.write(f"exports.main_handler = async (event) => ({{ fn: {i}, v: p0.f3('x') + p1.t5.name + p2.f1(7) }});\n")
        yml += [f"  fn{i}:", f"    handler: fn{i}.main_handler", "    events:",
                f"      - apigw: {{parameters: {{path: /fn{i}}}}}"]
    with open(os.path.join(project, "serverless.yml"), "w") as f:
        f.write("\n".join(yml) + "\n")


def tree_mb(path):
    total = 0
    for dirpath, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(dirpath, f)) for f in files)
    return total / 1e6


def rss_mb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_parts(pid):
    """RSS as "anonymous + file-backed + shared memory" (file-backed pages are
    the page cache's: shared, and given back under pressure)."""
    return "+".join(f"{rss_mb(pid, f):.0f}" for f in ("RssAnon", "RssFile", "RssShmem"))


def serve(project, cache):
    """Starts `fngate serve`; returns (process, address, seconds to listening)."""
    t0 = time.monotonic()
    proc = subprocess.Popen([BIN, "serve", project, "--no-watch", "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "FNGATE_CACHE_DIR": cache})
    for line in proc.stdout:
        if line.startswith("listening on http://"):
            elapsed = time.monotonic() - t0
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, line.split("//")[1].strip(), elapsed
    proc.wait()
    sys.exit(f"fngate serve exited with {proc.returncode} before listening")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--functions", type=int, default=60)
    ap.add_argument("--mb", type=int, default=60)
    args = ap.parse_args()
    if not os.environ.get("FNGATE_BIN"):
        subprocess.run(["cargo", "build", "--release", "-q", "-p", "fngate"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="fngate-js-scale-")
    try:
        project, cache = os.path.join(work, "project"), os.path.join(work, "cache")
        os.makedirs(project)
        generate(project, args.functions, args.mb)
        print(f"{args.functions} functions, node_modules {tree_mb(os.path.join(project, 'node_modules')):.1f} MB, "
              f"{os.cpu_count()} cores, {BIN}")
        for phase in ("cold", "warm"):
            proc, addr, seconds = serve(project, cache)
            loaded, parts = rss_mb(proc.pid), rss_parts(proc.pid)
            ok = 0
            for i in range(args.functions):
                with urllib.request.urlopen(urllib.request.Request(f"http://{addr}/release/fn{i}", method="POST"), timeout=30) as r:
                    ok += r.status == 200 and f'"fn":{i}' in r.read().decode()
            print(f"{phase}: listening after {seconds:.1f} s, RSS {loaded:.0f} MB after loading ({parts} anon+file+shmem), "
                  f"{rss_mb(proc.pid):.0f} MB after one request to each ({rss_parts(proc.pid)}); {ok}/{args.functions} answered")
            proc.terminate()
            proc.wait()
        print(f"cache: {tree_mb(cache):.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
