#!/bin/sh
# Builds hello.c to hello_world.wasm (a wasm32-wasi command) with Debian's
# clang, lld and wasi-libc (toolchain.sh installs them when missing).
set -eu
cd "$(dirname "$0")"
sh ./toolchain.sh
out="${FNGATE_MODULE:-hello_world.wasm}"
clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all -o "$out.tmp" hello.c
mv "$out.tmp" "$out"
