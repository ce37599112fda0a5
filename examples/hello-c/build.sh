#!/bin/sh
# Builds hello.c to hello_world.wasm (a wasm32-wasi command) with Debian's
# clang, lld and wasi-libc, installing them with apt-get when they are missing
# and this runs as root; otherwise it names the packages to install.
set -eu
cd "$(dirname "$0")"
PACKAGES="clang lld wasi-libc libclang-rt-14-dev-wasm32"
has_toolchain() {
  command -v clang >/dev/null && command -v wasm-ld >/dev/null && [ -f /usr/include/wasm32-wasi/stdio.h ] \
    && ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1
}
if ! has_toolchain; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "build.sh: installing $PACKAGES (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends $PACKAGES \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES; }; } \
      </dev/null >/dev/null 2>&1 || true
  fi
  if ! has_toolchain; then
    echo "build.sh: needs clang, wasm-ld and wasi-libc for wasm32-wasi: install $PACKAGES" >&2
    exit 69
  fi
fi
out="${FNGATE_MODULE:-hello_world.wasm}"
clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all -o "$out.tmp" hello.c
mv "$out.tmp" "$out"
