#!/usr/bin/env python3
"""CPU-bound JavaScript handlers in fngate's engine beside node itself.

Each case is an SCF handler that times its own work with Date.now() (so engine
start-up and the snapshot are not counted) and returns {ms, check}. node runs
it best of 5 in one process; fngate runs it with `fngate invoke` (a fresh
instance from the function's snapshot), best of 2. The checks must agree.
bcryptjs comes from the npm registry (npm install into a scratch directory).

Prints one row per case (ms in node, ms in fngate, the ratio) and the
geometric mean of the ratios. FNGATE_BIN=/path/to/fngate measures another
build (the one before a change, for an A/B in one run); otherwise this tree's
release build is built first. Usage:
  bench/js-cpu.py [--only CASE] [--runs 2]
"""
import argparse, json, math, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/fngate/target"))
BIN = os.environ.get("FNGATE_BIN") or f"{TARGET}/release/fngate"

# name -> the body of the timed work; it leaves its result in `check`.
CASES = {
    "loop 1e6": "let s = 0; for (let i = 0; i < 1e6; i++) { s = (s + i * 7) % 1000003; } check = s;",
    "regex 50k": "const re = /^([a-z]+)-(\\d+)@example\\.(com|org)$/; let n = 0;"
                 " for (let i = 0; i < 50000; i++) { if (re.test('user' + 'abc'.repeat(i % 5) + '-' + i + '@example.' + (i % 2 ? 'com' : 'org'))) n++; }"
                 " check = n;",
    "Map 100k": "const m = new Map(); for (let i = 0; i < 100000; i++) m.set('k' + i, {i, sq: i * i});"
                " let s = 0; for (const [k, v] of m) s = (s + v.sq) % 1000003; check = [m.size, s];",
    "sort 100k": "let x = 12345; const a = []; for (let i = 0; i < 100000; i++) { x = (x * 1103515245 + 12345) % 2147483648; a.push(x); }"
                 " a.sort((p, q) => p - q); check = [a[0], a[50000], a[99999]];",
    "strings 100k": "const parts = []; for (let i = 0; i < 100000; i++) parts.push(String(i).padStart(6, '0'));"
                    " const joined = parts.join(','); const back = joined.split(','); check = [joined.length, back.length, back[99999]];",
    "JSON 10k": "const objs = []; for (let i = 0; i < 10000; i++) objs.push({id: i, name: 'item' + i, tags: ['a', 'b', String(i)], nested: {x: i / 3}});"
                " let n = 0; for (let r = 0; r < 3; r++) { n += JSON.parse(JSON.stringify(objs)).length; } check = n;",
    "bcryptjs cost 8": "const bcrypt = require('bcryptjs'); const salt = '$2a$08$' + 'abcdefghijklmnopqrstuv';"
                       " check = bcrypt.hashSync('correct horse battery staple', salt);",
}

HANDLER = """exports.main_handler = async () => {{
  const t0 = Date.now();
  let check;
  {work}
  return {{ms: Date.now() - t0, check}};
}};
"""


def node_ms(directory, runs):
    script = ("const h = require(process.argv[1]); (async () => { const out = [];"
              f" for (let i = 0; i < {runs}; i++) out.push(await h.main_handler({{}}, {{}}));"
              " console.log(JSON.stringify(out)); })();")
    out = subprocess.run(["node", "-e", script, os.path.join(directory, "index.js")],
                         capture_output=True, text=True, check=True).stdout
    results = json.loads(out)
    return min(r["ms"] for r in results), results[0]["check"]


def fngate_ms(directory, runs):
    best, check = None, None
    for _ in range(runs):
        out = subprocess.run([BIN, "invoke", directory, "f"], capture_output=True, text=True,
                             env={**os.environ, "FNGATE_CACHE_DIR": os.path.join(directory, ".cache")})
        if out.returncode != 0:
            return None, out.stdout.strip()[:200] or out.stderr.strip()[-200:]
        result = json.loads(out.stdout)
        best = result["ms"] if best is None else min(best, result["ms"])
        check = result["check"]
    return best, check


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    if not shutil.which("node") or not shutil.which("npm"):
        print("node and npm are needed", file=sys.stderr)
        sys.exit(3)
    if not os.environ.get("FNGATE_BIN"):
        subprocess.run(["cargo", "build", "-q", "--release", "-p", "fngate"], cwd=ROOT, check=True,
                       env={**os.environ, "CARGO_TARGET_DIR": TARGET})
    scratch = tempfile.mkdtemp(prefix="fngate-js-cpu-")
    try:
        modules = os.path.join(scratch, "npm")
        os.makedirs(modules)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", modules, "bcryptjs@2.4.3"],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"| case | node ms (best of 5) | fngate ms (best of {args.runs}) | fngate / node |")
        print("|---|---|---|---|")
        ratios = []
        for name, work in CASES.items():
            if args.only and args.only not in name:
                continue
            directory = os.path.join(scratch, name.replace(" ", "-"))
            os.makedirs(directory)
            with open(os.path.join(directory, "index.js"), "w") as f:
                f.write(HANDLER.format(work=work))
            shutil.copytree(os.path.join(modules, "node_modules"), os.path.join(directory, "node_modules"))
            with open(os.path.join(directory, "serverless.yml"), "w") as f:
                f.write("service: js-cpu\nprovider: {name: tencent, runtime: Nodejs16.13}\n"
                        "functions:\n  f:\n    handler: index.main_handler\n    timeout: 900\n    memorySize: 512\n")
            node, node_check = node_ms(directory, 5)
            ms, check = fngate_ms(directory, args.runs)
            if ms is None:
                print(f"| {name} | {node} | failed: {check} | – |", flush=True)
                continue
            same = "" if check == node_check else f" (check differs: {check} vs node's {node_check})"
            ratio = ms / max(node, 1)
            ratios.append(ratio)
            print(f"| {name} | {node} | {ms}{same} | {ratio:.1f}x |", flush=True)
        if ratios:
            mean = math.exp(sum(map(math.log, ratios)) / len(ratios))
            print(f"\ngeometric mean of fngate / node over {len(ratios)} cases: {mean:.1f}x ({BIN})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
