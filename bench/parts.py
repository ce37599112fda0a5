"""Sorts a profile's symbols into the parts of a request, for bench/profile.sh.

Usage: parts.py < `perf report --no-children --sort dso,sym -t '|'` output
Prints the parts' shares in the order kernel gateway wasmtime guest alloc, on
one line.
"""
import sys

PARTS = ("kernel", "gateway", "wasmtime", "guest", "alloc")


def part(obj, sym):
    """The part a symbol of a DSO belongs to."""
    sym = sym.removeprefix("[.] ").removeprefix("[k] ")
    if "kernel" in obj or obj.startswith("[k"):
        return "kernel"
    if "libc" in obj or "ld-linux" in obj or "jemalloc" in sym or "_rjem_" in sym:
        return "alloc"
    # Compiled modules are mapped from the cache (`*.cwasm`): the guest's
    # functions are `wasm[0]::function[N]`, the rest is wasmtime's trampolines.
    if obj.endswith(".cwasm") or obj == "[unknown]" or obj.startswith(("[JIT]", "memfd:", "//anon")):
        return "guest" if sym.startswith("wasm[") or obj == "[unknown]" else "wasmtime"
    if any(k in sym for k in ("wasmtime", "cranelift", "wasi", "wiggle", "wasm")):
        return "wasmtime"
    return "gateway"


def perf(lines):
    parts = dict.fromkeys(PARTS, 0.0)
    for line in lines:
        fields = [f.strip() for f in line.split("|")]
        if line.startswith("#") or len(fields) < 3 or not fields[0].endswith("%"):
            continue
        kernel = fields[2].startswith("[k]")
        parts["kernel" if kernel else part(fields[1], fields[2])] += float(fields[0][:-1])
    total = sum(parts.values()) or 1.0
    return [f"{parts[k] / total:.4f}" for k in PARTS]


if __name__ == "__main__":
    print(" ".join(perf(sys.stdin)))
