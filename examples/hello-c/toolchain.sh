#!/bin/sh
# Makes sure Debian's clang, lld and wasi-libc (the C toolchain for wasm32-wasi)
# are installed, installing them with apt-get when they are missing and this
# runs as root; otherwise names the packages to install. Used by build.sh here
# and by the JavaScript engine's build (QuickJS is C).
set -eu
PACKAGES="clang lld llvm wasi-libc libclang-rt-14-dev-wasm32"
has_toolchain() {
  command -v clang >/dev/null && command -v wasm-ld >/dev/null && command -v llvm-ar >/dev/null \
    && [ -f /usr/include/wasm32-wasi/stdio.h ] \
    && ls /usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a >/dev/null 2>&1
}
if ! has_toolchain; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "toolchain.sh: installing $PACKAGES (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get install -y -qq --no-install-recommends $PACKAGES \
      || { apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES; }; } \
      </dev/null >/dev/null 2>&1 || true
  fi
  if ! has_toolchain; then
    echo "toolchain.sh: needs clang, wasm-ld, llvm-ar and wasi-libc for wasm32-wasi: install $PACKAGES" >&2
    exit 69
  fi
fi
